// What the JobManager tells about its jobs and TaskManagers, in the JSON shapes of Flink's REST
// API (field names included), so the REST layer serves them as they are.
// Flink: org.apache.flink.runtime.rest.messages.* (ClusterOverviewWithVersion, JobDetailsInfo, ...).
import type { ExecutionState } from './deployment.js'

/** The client's submission: the JobGraph (as data), the program bundle, and what the replay needs. */
export interface JobSubmission {
  readonly jobGraph: JobGraphDescriptor
  /** The esbuild bundle of the job module, base64. */
  readonly bundle: string
  readonly programArgs: readonly string[]
  readonly environment: Readonly<Record<string, string>>
  readonly configuration: Readonly<Record<string, unknown>>
}

/** The JobGraph as plain data: enough to schedule it and to check a replay against it. */
export interface JobGraphDescriptor {
  readonly jobId: string
  readonly jobName: string
  readonly vertices: readonly JobVertexDescriptor[]
  /** Flink's JSON execution plan (getExecutionPlan()). */
  readonly plan: string
}

export interface JobVertexDescriptor {
  readonly id: string
  readonly name: string
  readonly parallelism: number
  readonly maxParallelism: number
  readonly slotSharingGroup: string
  readonly isSource: boolean
  /** In JobVertex.inputs order. */
  readonly inputs: readonly JobEdgeDescriptor[]
}

export interface JobEdgeDescriptor {
  /** Unique in the job; names the edge in channel keys. */
  readonly id: string
  readonly sourceVertexId: string
  readonly distributionPattern: 'ALL_TO_ALL' | 'POINTWISE'
  /** Flink's ship strategy name: FORWARD, HASH, REBALANCE, ... */
  readonly shipStrategy: string
  /** 1 or 2: which input of a two-input head operator. */
  readonly typeNumber: number
}

export type TaskCounts = Record<ExecutionState, number>

export interface ClusterOverviewInfo {
  readonly taskmanagers: number
  readonly 'slots-total': number
  readonly 'slots-available': number
  readonly 'jobs-running': number
  readonly 'jobs-finished': number
  readonly 'jobs-cancelled': number
  readonly 'jobs-failed': number
  readonly 'flink-version': string
  readonly 'flink-commit': string
}

/** An entry of `/jobs/overview`. */
export interface JobOverviewInfo {
  readonly jid: string
  readonly name: string
  readonly state: string
  readonly 'start-time': number
  readonly 'end-time': number
  readonly duration: number
  readonly 'last-modification': number
  readonly tasks: Record<string, number>
}

export interface IoMetricsInfo {
  readonly 'read-bytes': number
  readonly 'read-bytes-complete': boolean
  readonly 'write-bytes': number
  readonly 'write-bytes-complete': boolean
  readonly 'read-records': number
  readonly 'read-records-complete': boolean
  readonly 'write-records': number
  readonly 'write-records-complete': boolean
  readonly 'accumulated-backpressured-time': number
  readonly 'accumulated-idle-time': number
  readonly 'accumulated-busy-time': number
}

export interface SubtaskInfo {
  readonly subtask: number
  readonly status: ExecutionState
  readonly attempt: number
  /** host:port of the TaskManager's data server. */
  readonly endpoint: string
  readonly 'start-time': number
  readonly 'end-time': number
  readonly duration: number
  readonly metrics: IoMetricsInfo
  readonly 'taskmanager-id': string
  /** Eddy: the task's latest time metrics (ms per second). */
  readonly busyTimeMsPerSecond: number
  readonly idleTimeMsPerSecond: number
  readonly backPressuredTimeMsPerSecond: number
  /** Eddy: event time in ms (-Infinity: no watermark yet; Infinity: the final one). */
  readonly currentInputWatermark: number
  readonly currentOutputWatermark: number
  readonly watermarkLag: number
  /** Eddy: counters of the subtask's operators, as `<operator name>.<metric>`. */
  readonly operatorMetrics: Readonly<Record<string, number>>
}

/** An entry of `vertices` in `/jobs/:jobid`, plus its subtasks for `/jobs/:jobid/vertices/:vid`. */
export interface JobVertexDetailsInfo {
  readonly id: string
  readonly name: string
  readonly maxParallelism: number
  readonly parallelism: number
  readonly status: ExecutionState
  readonly 'start-time': number
  readonly 'end-time': number
  readonly duration: number
  readonly tasks: Record<string, number>
  readonly metrics: IoMetricsInfo
  readonly subtasks: readonly SubtaskInfo[]
}

export interface JobDetailsInfo {
  readonly jid: string
  readonly name: string
  readonly isStoppable: boolean
  readonly state: string
  readonly 'job-type': 'STREAMING'
  readonly 'start-time': number
  readonly 'end-time': number
  readonly duration: number
  readonly maxParallelism: number
  readonly now: number
  readonly timestamps: Record<string, number>
  readonly vertices: readonly JobVertexDetailsInfo[]
  readonly 'status-counts': Record<string, number>
  /** Flink's JSON plan, parsed. */
  readonly plan: unknown
}

export interface ExceptionInfo {
  readonly exceptionName: string
  readonly stacktrace: string
  readonly timestamp: number
  readonly taskName: string | null
  readonly endpoint: string | null
  readonly taskManagerId: string | null
}

/** A failure that failed or restarted the job, with the failures that came with it. */
export interface RootExceptionInfo extends ExceptionInfo {
  readonly failureLabels: Readonly<Record<string, string>>
  readonly concurrentExceptions: ExceptionInfo[]
}

export interface JobExceptionsInfo {
  readonly 'root-exception': string | null
  readonly timestamp: number | null
  readonly 'all-exceptions': readonly unknown[]
  readonly truncated: boolean
  readonly exceptionHistory: {
    readonly entries: readonly RootExceptionInfo[]
    readonly truncated: boolean
  }
}

export interface TaskManagerDetailsInfo {
  readonly id: string
  /** The TaskManager's RPC address. */
  readonly path: string
  readonly dataPort: number
  readonly jmxPort: number
  readonly timeSinceLastHeartbeat: number
  readonly slotsNumber: number
  readonly freeSlots: number
  readonly hardware: {
    readonly cpuCores: number
    readonly physicalMemory: number
    readonly freeMemory: number
    readonly managedMemory: number
  }
}

/** One checkpoint in `/jobs/:jobid/checkpoints`. Flink: CheckpointStatistics. */
export interface CheckpointStatisticsInfo {
  readonly className:
    | '.CompletedCheckpointStatistics'
    | '.FailedCheckpointStatistics'
    | '.PendingCheckpointStatistics'
  readonly id: number
  readonly status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'
  readonly is_savepoint: boolean
  readonly trigger_timestamp: number
  readonly latest_ack_timestamp: number
  readonly checkpointed_size: number
  readonly state_size: number
  readonly end_to_end_duration: number
  readonly alignment_duration: number
  readonly sync_duration: number
  readonly num_subtasks: number
  readonly num_acknowledged_subtasks: number
  readonly checkpoint_type: 'CHECKPOINT' | 'UNALIGNED_CHECKPOINT' | 'SAVEPOINT'
  /** Whether a task took it unaligned, and the in-flight bytes stored with it. */
  readonly unaligned_checkpoint: boolean
  readonly persisted_data: number
  readonly external_path?: string
  readonly failure_message?: string
}

export interface MinMaxAvg {
  readonly min: number
  readonly max: number
  readonly avg: number
}

/** `GET /jobs/:jobid/checkpoints`. Flink: CheckpointingStatistics. */
export interface CheckpointingStatisticsInfo {
  readonly counts: {
    readonly restored: number
    readonly total: number
    readonly in_progress: number
    readonly completed: number
    readonly failed: number
  }
  readonly summary: {
    readonly state_size: MinMaxAvg
    readonly end_to_end_duration: MinMaxAvg
    readonly alignment_duration: MinMaxAvg
  }
  readonly latest: {
    readonly completed: CheckpointStatisticsInfo | null
    readonly savepoint: null
    readonly failed: CheckpointStatisticsInfo | null
    readonly restored: null
  }
  readonly history: readonly CheckpointStatisticsInfo[]
}

/** `GET /jobs/:jobid/checkpoints/config`. Flink: CheckpointConfigInfo. */
export interface CheckpointConfigInfo {
  readonly mode: 'exactly_once' | 'at_least_once'
  readonly interval: number
  readonly timeout: number
  readonly min_pause: number
  readonly max_concurrent: number
  readonly externalization: { readonly enabled: boolean; readonly delete_on_cancellation: boolean }
  readonly state_backend: string
  readonly checkpoint_storage: string
  readonly unaligned_checkpoints: boolean
  readonly tolerable_failed_checkpoints: number
  readonly checkpoints_after_tasks_finish: boolean
}

/** `GET /jobs/:jobid/savepoints/:triggerid`. Flink: AsynchronousOperationResult<SavepointInfo>. */
export interface SavepointStatusInfo {
  readonly status: { readonly id: 'IN_PROGRESS' | 'COMPLETED' }
  readonly operation?:
    | { readonly location: string }
    | { readonly 'failure-cause': { readonly class: string; readonly 'stack-trace': string } }
}
