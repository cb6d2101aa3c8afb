// The client of a JobManager's REST API that `eddy run --jobmanager` and the other cluster
// commands use: submit, cancel, inspect, and wait for a job's end. Every call is one HTTP request
// with a timeout; failures reject with a RestClientError. Calls may run concurrently.
// Flink: org.apache.flink.client.program.rest.RestClusterClient.
import { setTimeout as sleep } from 'node:timers/promises'
import type {
  ClusterOverviewInfo,
  JobDetailsInfo,
  JobExceptionsInfo,
  CheckpointingStatisticsInfo,
  JobVertexDetailsInfo,
  JobOverviewInfo,
  JobSubmission,
  SavepointStatusInfo,
  TaskManagerDetailsInfo,
} from '../runtime/common/cluster-info.js'
import { describe, EddyError } from '../core/errors.js'
import { RestClientError } from './rest-client-error.js'
import type {
  JobStatusInfo,
  JobSubmitResponseBody,
  MultipleJobsDetails,
  TaskManagersInfo,
} from './rest-messages.js'

export interface RestClusterClientOptions {
  /** Per request, submission included. Default 60 s. */
  readonly timeoutMs?: number
}

/** How a job ended; `error` is the root exception of a failed job. */
export interface JobResult {
  readonly state: string
  readonly error?: string
}

const TERMINAL_STATES: ReadonlySet<string> = new Set(['FINISHED', 'FAILED', 'CANCELED'])

/**
 * @public
 * @example
 * const client = new RestClusterClient('http://127.0.0.1:8081')
 * const jobId = await client.submitJob(submission)
 * const result = await client.waitForJobResult(jobId)
 * if (result.state === 'FAILED') console.error(result.error)
 */
export class RestClusterClient {
  /** `http://host:port`, without a trailing slash. */
  readonly baseUrl: string
  private readonly timeoutMs: number

  /** `baseUrl` may omit the scheme (`host:port`), as `--jobmanager` takes it. */
  constructor(baseUrl: string, options: RestClusterClientOptions = {}) {
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(baseUrl) ? baseUrl : `http://${baseUrl}`
    this.baseUrl = withScheme.replace(/\/+$/, '')
    this.timeoutMs = options.timeoutMs ?? 60_000
  }

  /** Resolves with the job id once the JobManager accepted the job (not when it runs). */
  async submitJob(submission: JobSubmission): Promise<string> {
    const body = await this.request<JobSubmitResponseBody>('POST', '/jobs', submission)
    const match = /^\/jobs\/([0-9a-f]{32})$/i.exec(String(body.jobUrl))
    if (match === null) {
      throw new RestClientError(
        `POST ${this.baseUrl}/jobs answered with an unexpected jobUrl ${JSON.stringify(body.jobUrl)}`,
        { code: 'rest.invalid-response', method: 'POST', url: `${this.baseUrl}/jobs` },
      )
    }
    return match[1]!
  }

  async cancelJob(jobId: string): Promise<void> {
    await this.request('PATCH', `/jobs/${encodeURIComponent(jobId)}?mode=cancel`)
  }

  /** Starts a savepoint (and then cancels the job if asked); resolves with the trigger id. */
  async triggerSavepoint(
    jobId: string,
    targetDirectory: string | undefined,
    cancelJob = false,
  ): Promise<string> {
    const body = {
      ...(targetDirectory === undefined ? {} : { 'target-directory': targetDirectory }),
      'cancel-job': cancelJob,
    }
    const r = await this.request<{ 'request-id': string }>(
      'POST',
      `/jobs/${encodeURIComponent(jobId)}/savepoints`,
      body,
    )
    return r['request-id']
  }

  /** Stops the job with a savepoint (it ends FINISHED); resolves with the trigger id. */
  async stopWithSavepoint(
    jobId: string,
    targetDirectory: string | undefined,
    drain = false,
  ): Promise<string> {
    const body = {
      ...(targetDirectory === undefined ? {} : { targetDirectory }),
      drain,
    }
    const r = await this.request<{ 'request-id': string }>(
      'POST',
      `/jobs/${encodeURIComponent(jobId)}/stop`,
      body,
    )
    return r['request-id']
  }

  /**
   * Polls a savepoint until it is done; resolves with its location, rejects with its failure.
   */
  async waitForSavepoint(jobId: string, triggerId: string, pollMs = 100): Promise<string> {
    for (;;) {
      const status = await this.request<SavepointStatusInfo>(
        'GET',
        `/jobs/${encodeURIComponent(jobId)}/savepoints/${encodeURIComponent(triggerId)}`,
      )
      const operation = status.operation
      if (status.status.id === 'COMPLETED' && operation !== undefined) {
        if ('location' in operation) return operation.location
        throw new EddyError(`Savepoint failed: ${operation['failure-cause']['stack-trace']}`, {
          code: 'savepoint.failed',
          domain: 'user',
        })
      }
      await sleep(pollMs)
    }
  }

  async listJobs(): Promise<JobOverviewInfo[]> {
    return [...(await this.request<MultipleJobsDetails>('GET', '/jobs/overview')).jobs]
  }

  async getJob(jobId: string): Promise<JobDetailsInfo> {
    return this.request<JobDetailsInfo>('GET', `/jobs/${encodeURIComponent(jobId)}`)
  }

  async getJobStatus(jobId: string): Promise<string> {
    const path = `/jobs/${encodeURIComponent(jobId)}/status`
    return (await this.request<JobStatusInfo>('GET', path)).status
  }

  async getJobExceptions(jobId: string): Promise<JobExceptionsInfo> {
    return this.request<JobExceptionsInfo>('GET', `/jobs/${encodeURIComponent(jobId)}/exceptions`)
  }

  async getCheckpointStatistics(jobId: string): Promise<CheckpointingStatisticsInfo> {
    const path = `/jobs/${encodeURIComponent(jobId)}/checkpoints`
    return this.request<CheckpointingStatisticsInfo>('GET', path)
  }

  async getJobVertex(jobId: string, vertexId: string): Promise<JobVertexDetailsInfo> {
    const path = `/jobs/${encodeURIComponent(jobId)}/vertices/${encodeURIComponent(vertexId)}`
    return this.request<JobVertexDetailsInfo>('GET', path)
  }

  async getOverview(): Promise<ClusterOverviewInfo> {
    return this.request<ClusterOverviewInfo>('GET', '/overview')
  }

  async getTaskManagers(): Promise<TaskManagerDetailsInfo[]> {
    return [...(await this.request<TaskManagersInfo>('GET', '/taskmanagers')).taskmanagers]
  }

  /**
   * Polls the job's status every `pollMs` until it is FINISHED, FAILED or CANCELED. A failed
   * request (the JobManager went away) rejects rather than being retried.
   */
  async waitForJobResult(jobId: string, pollMs = 500): Promise<JobResult> {
    for (;;) {
      const state = await this.getJobStatus(jobId)
      if (TERMINAL_STATES.has(state)) {
        if (state !== 'FAILED') return { state }
        const root = (await this.getJobExceptions(jobId))['root-exception']
        return root === null ? { state } : { state, error: root }
      }
      await sleep(pollMs)
    }
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const url = `${this.baseUrl}${path}`
    let response: Response
    let text: string
    try {
      response = await fetch(url, {
        method,
        signal: AbortSignal.timeout(this.timeoutMs),
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      })
      text = await response.text()
    } catch (e: unknown) {
      throw this.transportError(e, method, url)
    }
    const json = parseJson(text)
    if (!response.ok) {
      const errors = errorsOf(json) ?? [text.length > 500 ? `${text.slice(0, 500)}...` : text]
      throw new RestClientError(
        `${method} ${url} failed with HTTP ${response.status} ${response.statusText}: ${errors.join('; ')}`,
        { code: 'rest.http-error', method, url, status: response.status, errors },
      )
    }
    if (json === undefined) {
      throw new RestClientError(
        `${method} ${url} answered HTTP ${response.status} with a body that is not JSON: ${text.slice(0, 200)}`,
        { code: 'rest.invalid-response', method, url, status: response.status },
      )
    }
    return json as T
  }

  private transportError(e: unknown, method: string, url: string): RestClientError {
    if (e instanceof Error && e.name === 'TimeoutError') {
      return new RestClientError(
        `${method} ${url}: the JobManager did not answer within ${this.timeoutMs} ms`,
        { code: 'rest.timeout', method, url, cause: e },
      )
    }
    const reason = networkErrorCode(e)
    const hint =
      reason === 'ECONNREFUSED' || reason === 'ENOTFOUND' || reason === 'EHOSTUNREACH'
        ? 'is the cluster running?'
        : (reason ?? describe(e))
    return new RestClientError(`Could not reach the JobManager at ${this.baseUrl}: ${hint}`, {
      code: 'rest.unreachable',
      method,
      url,
      cause: e,
    })
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch (_e: unknown) {
    // Not JSON (a proxy's HTML page, a truncated body): the caller reports the text itself.
    return undefined
  }
}

/** Flink's error body `{ "errors": [...] }`, if that is what `json` is. */
function errorsOf(json: unknown): string[] | undefined {
  if (typeof json !== 'object' || json === null) return undefined
  const errors = (json as { errors?: unknown }).errors
  if (!Array.isArray(errors) || errors.length === 0) return undefined
  return errors.map((x) => String(x))
}

/**
 * The socket error's code behind fetch's generic 'fetch failed' TypeError: undici puts it on
 * `cause`, or on each error of an AggregateError when several addresses were tried.
 */
function networkErrorCode(e: unknown): string | undefined {
  const cause = e instanceof Error ? (e.cause as { code?: unknown; errors?: unknown }) : undefined
  if (cause === undefined || cause === null) return undefined
  if (typeof cause.code === 'string') return cause.code
  if (Array.isArray(cause.errors)) {
    for (const inner of cause.errors as { code?: unknown }[]) {
      if (typeof inner.code === 'string') return inner.code
    }
  }
  return undefined
}
