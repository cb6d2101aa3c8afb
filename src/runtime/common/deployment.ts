// What the JobMaster sends a TaskExecutor to deploy one subtask, and what comes back.
// Flink: TaskDeploymentDescriptor, TaskExecutionState, ResultPartitionDeploymentDescriptor,
// InputGateDeploymentDescriptor.
import type { FinalCommittables, RestoredOperatorState } from './checkpoint-state.js'

export type ExecutionState =
  | 'CREATED'
  | 'SCHEDULED'
  | 'DEPLOYING'
  | 'INITIALIZING'
  | 'RUNNING'
  | 'FINISHED'
  | 'CANCELING'
  | 'CANCELED'
  | 'FAILED'

/** What the TaskExecutor needs to load the job's program (once per job). */
export interface ProgramDescriptor {
  readonly jobId: string
  /** sha256 of the bundle: the BlobServer key. */
  readonly bundleKey: string
  /** host:port of the JobManager's RPC service, which hosts the BlobServer endpoint. */
  readonly blobServerAddress: string
  readonly programArgs: readonly string[]
  readonly environment: Readonly<Record<string, string>>
  /** The client's configuration the program was built with. */
  readonly configuration: Readonly<Record<string, unknown>>
  /** Fingerprint of the submitted JobGraph; the replay must match it. */
  readonly jobGraphFingerprint: string
}

/** One channel of an input gate: where its producer subtask runs. */
export interface InputChannelDescriptor {
  /** Unique within the job: `${edgeId}/${producerSubtask}/${consumerSubtask}`. */
  readonly channelKey: string
  /** host:port of the producer's TaskManager data server. */
  readonly producerDataAddress: string
}

export interface TaskDeploymentDescriptor {
  readonly program: ProgramDescriptor
  readonly jobName: string
  readonly executionAttemptId: string
  readonly vertexId: string
  readonly subtaskIndex: number
  readonly attemptNumber: number
  readonly allocationId: string
  /** host:port of the JobMaster's RPC endpoint and its fencing token. */
  readonly jobMasterAddress: string
  readonly jobMasterId: string
  /** Per input edge of the vertex (in JobVertex.inputs order), its channels. */
  readonly inputs: readonly (readonly InputChannelDescriptor[])[]
  /** What each operator of the task restores, by operator id, when the job starts from state. */
  readonly restoredState?: Readonly<Record<string, RestoredOperatorState>>
}

export interface TaskExecutionStateUpdate {
  readonly executionAttemptId: string
  readonly state: ExecutionState
  /** The failure, as data, when state is FAILED. */
  readonly error?: SerializedError
  readonly metrics?: TaskMetricsSnapshot
  /**
   * With FINISHED: what the task's two-phase commit sinks leave to commit at the job's end, by
   * operator id (only when the job checkpoints and a sink has something left).
   */
  readonly finalCommittables?: Readonly<Record<string, FinalCommittables>>
}

export interface SerializedError {
  readonly name: string
  readonly message: string
  readonly stack?: string
  readonly code?: string
}

/** Flink's task I/O metrics as the REST API reports them. */
export interface TaskMetricsSnapshot {
  readonly numRecordsIn: number
  readonly numRecordsOut: number
  readonly numBytesIn: number
  readonly numBytesOut: number
  readonly busyTimeMsPerSecond: number
  readonly idleTimeMsPerSecond: number
  readonly backPressuredTimeMsPerSecond: number
  /** Event time in ms; -Infinity: no watermark yet, Infinity: the final one. */
  readonly currentInputWatermark: number
  readonly currentOutputWatermark: number
  /** Wall-clock time minus currentOutputWatermark when sampled (NaN: no watermark yet). */
  readonly watermarkLag: number
  /** Counters of the task's operators, as `<operator name>.<metric>` (numLateRecordsDropped). */
  readonly operatorMetrics: Readonly<Record<string, number>>
}
