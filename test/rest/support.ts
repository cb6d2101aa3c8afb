// An in-memory Dispatcher with one job (one vertex, two subtasks) on one TaskManager, for the REST
// tests, plus an HTTP helper that returns status, content type and parsed body together so tests
// compare them whole. The real Dispatcher is tested end to end elsewhere.
import { EddyError, InvalidProgramError } from '../../src/core/errors.js'
import type {
  ClusterOverviewInfo,
  JobDetailsInfo,
  JobExceptionsInfo,
  JobOverviewInfo,
  JobSubmission,
  JobVertexDetailsInfo,
  SubtaskInfo,
  TaskManagerDetailsInfo,
} from '../../src/runtime/common/cluster-info.js'
import type { DispatcherGateway } from '../../src/runtime/common/gateways.js'

export const JOB_ID = 'a3f1c2d4e5b60718293a4b5c6d7e8f90'
export const VERTEX_ID = '6d2677a0ecc3fd8df0b72ec675edf8f4'
export const TM_ID = 'taskmanager-1'
export const UNKNOWN_JOB_ID = 'ffffffffffffffffffffffffffffffff'
export const NOW = 1_700_000_100_000

export const TASK_MANAGER: TaskManagerDetailsInfo = {
  id: TM_ID,
  path: '127.0.0.1:6122',
  dataPort: 6121,
  jmxPort: -1,
  timeSinceLastHeartbeat: 1_700_000_099_000,
  slotsNumber: 2,
  freeSlots: 0,
  hardware: {
    cpuCores: 4,
    physicalMemory: 8_000_000_000,
    freeMemory: 512_000_000,
    managedMemory: 0,
  },
}

const ioMetrics = (readRecords: number, writeRecords: number): SubtaskInfo['metrics'] => ({
  'read-bytes': readRecords * 8,
  'read-bytes-complete': true,
  'write-bytes': writeRecords * 8,
  'write-bytes-complete': true,
  'read-records': readRecords,
  'read-records-complete': true,
  'write-records': writeRecords,
  'write-records-complete': true,
  'accumulated-backpressured-time': 0,
  'accumulated-idle-time': 0,
  'accumulated-busy-time': 0,
})

export const SUBTASKS: readonly SubtaskInfo[] = [
  {
    subtask: 0,
    status: 'RUNNING',
    attempt: 0,
    endpoint: '127.0.0.1:6121',
    'start-time': 1_700_000_000_000,
    'end-time': -1,
    duration: 100_000,
    metrics: ioMetrics(100, 1000),
    'taskmanager-id': TM_ID,
    busyTimeMsPerSecond: 600,
    idleTimeMsPerSecond: 100,
    backPressuredTimeMsPerSecond: 300,
    currentInputWatermark: 1_700_000_000_000,
    currentOutputWatermark: 1_700_000_000_000,
    watermarkLag: 2500,
    operatorMetrics: { 'Map.numLateRecordsDropped': 3 },
  },
  {
    subtask: 1,
    status: 'RUNNING',
    attempt: 1,
    endpoint: '127.0.0.1:6121',
    'start-time': 1_700_000_050_000,
    'end-time': -1,
    duration: 50_000,
    metrics: ioMetrics(50, 500),
    'taskmanager-id': TM_ID,
    busyTimeMsPerSecond: 50,
    idleTimeMsPerSecond: 900,
    backPressuredTimeMsPerSecond: 50,
    currentInputWatermark: Number.NEGATIVE_INFINITY,
    currentOutputWatermark: Number.NEGATIVE_INFINITY,
    watermarkLag: Number.NaN,
    operatorMetrics: { 'Map.numLateRecordsDropped': 4 },
  },
]

export const VERTEX: JobVertexDetailsInfo = {
  id: VERTEX_ID,
  name: 'Source: numbers -> Map',
  maxParallelism: 128,
  parallelism: 2,
  status: 'RUNNING',
  'start-time': 1_700_000_000_000,
  'end-time': -1,
  duration: 100_000,
  tasks: { RUNNING: 2 },
  metrics: ioMetrics(150, 1500),
  subtasks: SUBTASKS,
}

export const PLAN = { jid: JOB_ID, name: 'Numbers', type: 'STREAMING', nodes: [] }

export function jobDetails(state: string): JobDetailsInfo {
  return {
    jid: JOB_ID,
    name: 'Numbers',
    isStoppable: false,
    state,
    'job-type': 'STREAMING',
    'start-time': 1_700_000_000_000,
    'end-time': -1,
    duration: 100_000,
    maxParallelism: -1,
    now: NOW,
    timestamps: { CREATED: 1_699_999_999_000, RUNNING: 1_700_000_000_000 },
    vertices: [VERTEX],
    'status-counts': { RUNNING: 1 },
    plan: PLAN,
  }
}

export const JOB_OVERVIEW: JobOverviewInfo = {
  jid: JOB_ID,
  name: 'Numbers',
  state: 'RUNNING',
  'start-time': 1_700_000_000_000,
  'end-time': -1,
  duration: 100_000,
  'last-modification': 1_700_000_000_000,
  tasks: { running: 2, total: 2 },
}

export const OVERVIEW: ClusterOverviewInfo = {
  taskmanagers: 1,
  'slots-total': 2,
  'slots-available': 0,
  'jobs-running': 1,
  'jobs-finished': 0,
  'jobs-cancelled': 0,
  'jobs-failed': 0,
  'flink-version': '0.1.0',
  'flink-commit': 'eddy',
}

export const CONFIGURATION: Readonly<Record<string, string>> = {
  'rest.port': '0',
  'parallelism.default': '2',
  'jobmanager.rpc.port': '6123',
}

class JobNotFoundError extends EddyError {
  constructor(jobId: string) {
    super(`Job ${jobId} not found`, { code: 'job.not-found', domain: 'user', context: { jobId } })
  }
}

/** A DispatcherGateway over fixed data; records what it was asked to change. */
export class InMemoryDispatcher implements DispatcherGateway {
  readonly submissions: JobSubmission[] = []
  readonly cancellations: string[] = []
  /** The next call, whichever it is, rejects with this. */
  failNextCallWith: Error | undefined
  /** The job's state for successive requestJob calls; the last one stays. */
  jobStates: string[] = ['RUNNING']
  rootException: string | null = null
  /** While set, requestClusterOverview waits for it. */
  overviewGate: Promise<void> | undefined

  async submitJob(submission: JobSubmission): Promise<string> {
    this.takeFailure()
    if (submission.jobGraph.jobName === 'invalid') {
      throw new InvalidProgramError('The program built no sinks', { jobName: 'invalid' })
    }
    this.submissions.push(submission)
    return submission.jobGraph.jobId
  }

  async cancelJob(jobId: string): Promise<void> {
    this.takeFailure()
    this.checkJob(jobId)
    this.cancellations.push(jobId)
  }

  async requestClusterOverview(): Promise<ClusterOverviewInfo> {
    this.takeFailure()
    if (this.overviewGate !== undefined) await this.overviewGate
    return OVERVIEW
  }

  async requestJobOverviews(): Promise<JobOverviewInfo[]> {
    this.takeFailure()
    return [JOB_OVERVIEW]
  }

  async requestJob(jobId: string): Promise<JobDetailsInfo> {
    this.takeFailure()
    this.checkJob(jobId)
    const state = this.jobStates.length > 1 ? this.jobStates.shift()! : this.jobStates[0]!
    return jobDetails(state)
  }

  /** The fake's job does not checkpoint. */
  async requestCheckpointStatistics(jobId: string): Promise<never> {
    this.takeFailure()
    this.checkJob(jobId)
    throw new EddyError(`Checkpointing is not enabled for job ${jobId}`, {
      code: 'checkpoint.not-enabled',
    })
  }

  requestCheckpointConfig(jobId: string): Promise<never> {
    return this.requestCheckpointStatistics(jobId)
  }

  triggerSavepoint(jobId: string): Promise<never> {
    return this.requestCheckpointStatistics(jobId)
  }

  async requestSavepointStatus(jobId: string, triggerId: string): Promise<never> {
    this.takeFailure()
    this.checkJob(jobId)
    throw new EddyError(`There is no savepoint operation with trigger id ${triggerId}`, {
      code: 'savepoint.unknown-trigger',
    })
  }

  requestCheckpointDetails(jobId: string): Promise<never> {
    return this.requestCheckpointStatistics(jobId)
  }

  /** A job that does not checkpoint has no job metrics. */
  async requestJobMetrics(jobId: string): Promise<Record<string, number | string>> {
    this.takeFailure()
    this.checkJob(jobId)
    return {}
  }

  async requestJobExceptions(jobId: string): Promise<JobExceptionsInfo> {
    this.takeFailure()
    this.checkJob(jobId)
    return {
      'root-exception': this.rootException,
      timestamp: this.rootException === null ? null : NOW,
      'all-exceptions': [],
      truncated: false,
      exceptionHistory: { entries: [], truncated: false },
    }
  }

  async requestTaskManagers(): Promise<TaskManagerDetailsInfo[]> {
    this.takeFailure()
    return [TASK_MANAGER]
  }

  async requestClusterConfiguration(): Promise<Record<string, string>> {
    this.takeFailure()
    return { ...CONFIGURATION }
  }

  private takeFailure(): void {
    const failure = this.failNextCallWith
    this.failNextCallWith = undefined
    if (failure !== undefined) throw failure
  }

  private checkJob(jobId: string): void {
    if (jobId !== JOB_ID) throw new JobNotFoundError(jobId)
  }
}

/** A well-formed submission of a job with one vertex. */
export function submission(overrides: { jobName?: string; bundle?: string } = {}): JobSubmission {
  return {
    jobGraph: {
      jobId: '0123456789abcdef0123456789abcdef',
      jobName: overrides.jobName ?? 'WordCount',
      vertices: [
        {
          id: VERTEX_ID,
          name: 'Source: numbers',
          parallelism: 2,
          maxParallelism: 128,
          slotSharingGroup: 'default',
          isSource: true,
          inputs: [],
        },
      ],
      plan: '{"nodes":[]}',
    },
    bundle: overrides.bundle ?? Buffer.from('export default 1\n').toString('base64'),
    programArgs: ['--words', '10'],
    environment: { EDDY_MODE: 'test' },
    configuration: { 'parallelism.default': '2' },
  }
}

export interface HttpReply {
  readonly status: number
  readonly contentType: string | null
  readonly body: unknown
}

/** One request; the body is parsed as JSON (the API answers nothing else). */
export async function http(
  baseUrl: string,
  method: string,
  path: string,
  init: { body?: string; contentType?: string } = {},
): Promise<HttpReply> {
  const response = await fetch(baseUrl + path, {
    method,
    ...(init.body === undefined ? {} : { body: init.body }),
    ...(init.contentType === undefined ? {} : { headers: { 'content-type': init.contentType } }),
  })
  const text = await response.text()
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    body: text === '' ? undefined : JSON.parse(text),
  }
}

/** A JSON POST. */
export function postJson(baseUrl: string, path: string, body: unknown): Promise<HttpReply> {
  return http(baseUrl, 'POST', path, {
    body: JSON.stringify(body),
    contentType: 'application/json',
  })
}

export const JSON_TYPE = 'application/json; charset=utf-8'
