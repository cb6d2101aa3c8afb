// The client's handle on a submitted job, and what a finished job reports.
// Flink: org.apache.flink.core.execution.JobClient, api.common.JobExecutionResult, JobStatus.

/** Flink's job statuses, as the REST API spells them. */
export type JobStatus =
  | 'INITIALIZING'
  | 'CREATED'
  | 'RUNNING'
  | 'FAILING'
  | 'FAILED'
  | 'CANCELLING'
  | 'CANCELED'
  | 'FINISHED'
  | 'RESTARTING'
  | 'SUSPENDED'
  | 'RECONCILING'

export interface JobExecutionResult {
  readonly jobId: string
  readonly jobName: string
  /** Wall-clock milliseconds from start to end. */
  readonly netRuntime: number
}

export interface JobClient {
  getJobID(): string
  getJobStatus(): Promise<JobStatus>
  /** Cancels the job; resolves once every task has stopped. */
  cancel(): Promise<void>
  /** Resolves when the job finishes, rejects with the cause when it fails or is cancelled. */
  getJobExecutionResult(): Promise<JobExecutionResult>
}
