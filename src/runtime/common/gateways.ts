// The RPC gateways between the processes of a cluster (DESIGN.md §9): what each endpoint offers
// its peers. Every argument and result is plain data (it crosses the wire as MessagePack), and
// every method returns a promise that rejects with a RemoteError when the peer fails the call.
// Flink: DispatcherGateway, ResourceManagerGateway, JobMasterGateway, TaskExecutorGateway.
import type {
  CheckpointConfigInfo,
  CheckpointStatisticsInfo,
  CheckpointingStatisticsInfo,
  SavepointStatusInfo,
} from './cluster-info.js'
import type { CheckpointBarrier } from './checkpoint-barrier.js'
import type { CheckpointMetrics, TaskStateSnapshot } from './checkpoint-state.js'
import type {
  ClusterOverviewInfo,
  JobDetailsInfo,
  JobExceptionsInfo,
  JobOverviewInfo,
  JobSubmission,
  TaskManagerDetailsInfo,
} from './cluster-info.js'
import type {
  TaskDeploymentDescriptor,
  TaskExecutionStateUpdate,
  TaskMetricsSnapshot,
} from './deployment.js'
import type { SerializedReaderEvent } from './source-events.js'

/** The JobManager's front door: job submission and the queries the REST API answers. */

/** What a savepoint request does with the job once the savepoint is written. */
export type SavepointThen = 'continue' | 'cancel' | 'stop' | 'drain'
export interface DispatcherGateway {
  submitJob(submission: JobSubmission): Promise<string>
  cancelJob(jobId: string): Promise<void>
  requestClusterOverview(): Promise<ClusterOverviewInfo>
  requestJobOverviews(): Promise<JobOverviewInfo[]>
  /** Rejects with a `JobNotFoundError` (code `job.not-found`) for an unknown id. */
  requestJob(jobId: string): Promise<JobDetailsInfo>
  requestJobExceptions(jobId: string): Promise<JobExceptionsInfo>
  /** Reject with code `checkpoint.not-enabled` for a job that does not checkpoint. */
  requestCheckpointStatistics(jobId: string): Promise<CheckpointingStatisticsInfo>
  requestCheckpointConfig(jobId: string): Promise<CheckpointConfigInfo>
  /**
   * Starts a savepoint; `then` continues the job, cancels it, or stops it (FINISHED) once the
   * savepoint is written: 'stop' and 'drain' stop the sources at the savepoint's barrier, and
   * 'drain' then ends their input, so event time advances to the end and windows fire.
   * Resolves with the trigger id to poll.
   */
  triggerSavepoint(
    jobId: string,
    targetDirectory: string | undefined,
    then: SavepointThen,
  ): Promise<string>
  requestSavepointStatus(jobId: string, triggerId: string): Promise<SavepointStatusInfo>
  /** One recent checkpoint; rejects with code `checkpoint.not-enabled` for an unknown one. */
  requestCheckpointDetails(jobId: string, checkpointId: number): Promise<CheckpointStatisticsInfo>
  /** The job's metrics by name (the checkpoint metrics when it checkpoints). */
  requestJobMetrics(jobId: string): Promise<Record<string, number | string>>
  requestTaskManagers(): Promise<TaskManagerDetailsInfo[]>
  /** The JobManager's effective configuration, as key/value strings. */
  requestClusterConfiguration(): Promise<Record<string, string>>
}

export interface TaskExecutorRegistration {
  readonly resourceId: string
  /** host:port of the TaskExecutor's RPC endpoint. */
  readonly rpcAddress: string
  /** host:port of its data (shuffle) server. */
  readonly dataAddress: string
  readonly numberOfSlots: number
  readonly hardware: { readonly cpuCores: number; readonly physicalMemory: number }
}

/** The JobManager's store of job bundles, by content hash. Flink: BlobServer. */
export interface BlobServerGateway {
  getBlob(key: string): Promise<Uint8Array>
}

export interface ResourceManagerGateway {
  /** Resolves with the ResourceManager's id (the fencing token of later calls). */
  registerTaskExecutor(registration: TaskExecutorRegistration): Promise<string>
  disconnectTaskExecutor(resourceId: string, reason: string): Promise<void>
}

export interface JobMasterGateway {
  updateTaskExecutionState(update: TaskExecutionStateUpdate): Promise<void>
  /** A source reader's request to its coordinator (split request, registration). */
  sendOperatorEventToCoordinator(
    vertexId: string,
    subtaskIndex: number,
    event: ReaderToCoordinatorEvent,
  ): Promise<void>
  /** A task took its snapshot for the checkpoint. Flink: CheckpointCoordinatorGateway. */
  acknowledgeCheckpoint(
    executionAttemptId: string,
    checkpointId: number,
    state: TaskStateSnapshot,
    metrics: CheckpointMetrics,
  ): Promise<void>
  declineCheckpoint(executionAttemptId: string, checkpointId: number, reason: string): Promise<void>
}

export type ReaderToCoordinatorEvent =
  | { readonly kind: 'registerReader' }
  | { readonly kind: 'requestSplit' }
  | { readonly kind: 'reportWatermark'; readonly watermark: number }

export interface TaskExecutorHeartbeat {
  readonly resourceId: string
  readonly freeMemory: number
  /** The latest metrics of every task the TaskExecutor runs. */
  readonly tasks: readonly {
    readonly executionAttemptId: string
    readonly metrics: TaskMetricsSnapshot
  }[]
}

export interface TaskExecutorGateway {
  submitTask(tdd: TaskDeploymentDescriptor): Promise<void>
  cancelTask(executionAttemptId: string): Promise<void>
  /** An event from a source coordinator to one of its reader tasks. */
  sendOperatorEventToTask(executionAttemptId: string, event: SerializedReaderEvent): Promise<void>
  /** Starts a checkpoint at a source task. */
  triggerCheckpoint(executionAttemptId: string, barrier: CheckpointBarrier): Promise<void>
  notifyCheckpointComplete(executionAttemptId: string, checkpointId: number): Promise<void>
  notifyCheckpointAborted(executionAttemptId: string, checkpointId: number): Promise<void>
  /**
   * A source task stopped at a stop-with-savepoint's barrier: 'drain' ends its input (event
   * time advances to the end, so windows fire, and the job finishes); 'resume' reads on (the
   * savepoint failed).
   */
  endSuspendedSource(executionAttemptId: string, action: 'drain' | 'resume'): Promise<void>
  heartbeat(): Promise<TaskExecutorHeartbeat>
  /** The job ended: release its slots, partitions and loaded program. */
  freeJob(jobId: string): Promise<void>
}
