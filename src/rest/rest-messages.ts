// The JSON bodies of the REST API that are not already the Dispatcher's (runtime/common's
// cluster-info), with Flink's field names. Shared by the handlers and the RestClusterClient.
// Flink: org.apache.flink.runtime.rest.messages.*.
import type {
  IoMetricsInfo,
  JobDetailsInfo,
  JobOverviewInfo,
  JobVertexDetailsInfo,
  TaskManagerDetailsInfo,
} from '../runtime/common/cluster-info.js'
import type { ExecutionState } from '../runtime/common/deployment.js'

/** `GET /jobs`. Flink: JobIdsWithStatusOverview. */
export interface JobIdsWithStatusOverview {
  readonly jobs: readonly { readonly id: string; readonly status: string }[]
}

/** `GET /jobs/overview`. Flink: MultipleJobsDetails. */
export interface MultipleJobsDetails {
  readonly jobs: readonly JobOverviewInfo[]
}

/** `GET /jobs/:jobid`: the job's details, its vertices without subtasks. Flink: JobDetailsInfo. */
export type JobDetailsResponseBody = Omit<JobDetailsInfo, 'vertices'> & {
  readonly vertices: readonly Omit<JobVertexDetailsInfo, 'subtasks'>[]
}

/** `GET /jobs/:jobid/status`. Flink: JobStatusInfo. */
export interface JobStatusInfo {
  readonly status: string
}

/** `GET /jobs/:jobid/plan`: Flink's JSON plan, parsed. Flink: JobPlanInfo. */
export interface JobPlanInfo {
  readonly plan: unknown
}

/** The reply to `POST /jobs`. Flink: JobSubmitResponseBody. */
export interface JobSubmitResponseBody {
  readonly jobUrl: string
}

/** An entry of `GET /jobmanager/config`. Flink: ClusterConfigurationInfoEntry. */
export interface ClusterConfigurationInfoEntry {
  readonly key: string
  readonly value: string
}

/** `GET /taskmanagers`. Flink: TaskManagersInfo. */
export interface TaskManagersInfo {
  readonly taskmanagers: readonly TaskManagerDetailsInfo[]
}

/** A subtask in `GET /jobs/:jobid/vertices/:vertexid`. Flink: SubtaskExecutionAttemptDetailsInfo. */
export interface SubtaskExecutionAttemptDetailsInfo {
  readonly subtask: number
  readonly status: ExecutionState
  readonly attempt: number
  readonly endpoint: string
  readonly 'start-time': number
  readonly 'end-time': number
  readonly duration: number
  readonly metrics: IoMetricsInfo
  readonly 'taskmanager-id': string
}

/**
 * `GET /jobs/:jobid/vertices/:vertexid`. Flink: JobVertexDetailsInfo (the Dispatcher's type of
 * that name is the richer per-vertex record this is made from).
 */
export interface VertexDetailsResponseBody {
  readonly id: string
  readonly name: string
  readonly parallelism: number
  readonly maxParallelism: number
  readonly now: number
  readonly subtasks: readonly SubtaskExecutionAttemptDetailsInfo[]
}

/** An entry of `GET .../metrics`: `value` is present only when asked for with `?get=`. */
export interface Metric {
  readonly id: string
  readonly value?: string
}
