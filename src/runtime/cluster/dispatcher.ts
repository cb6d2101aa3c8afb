// The Dispatcher: accepts job submissions (stores the bundle, starts one JobMaster per job), keeps
// finished jobs for the REST API, and answers the cluster queries. Lost TaskManagers and task
// metrics from heartbeats are passed on to the JobMasters. Flink: org.apache.flink.runtime.dispatcher.Dispatcher.
import type {
  CheckpointConfigInfo,
  CheckpointStatisticsInfo,
  CheckpointingStatisticsInfo,
  SavepointStatusInfo,
} from '../common/cluster-info.js'
import { Configuration } from '../../core/config/configuration.js'
import { EddyError } from '../../core/errors.js'
import { errorFields, type Logger } from '../../core/logging/logger.js'
import type { Clock } from '../../core/time/clock.js'
import { JobGraph } from '../../graph/job-graph.js'
import type {
  ClusterOverviewInfo,
  JobDetailsInfo,
  JobExceptionsInfo,
  JobOverviewInfo,
  JobSubmission,
  TaskManagerDetailsInfo,
} from '../common/cluster-info.js'
import type { DispatcherGateway, SavepointThen, TaskExecutorHeartbeat } from '../common/gateways.js'
import type { RpcService } from '../rpc/rpc-service.js'
import { fingerprintOf } from '../scheduler/job-graph-descriptor.js'
import { JobMaster } from '../scheduler/job-master.js'
import type { BlobServer } from './blob-server.js'
import { BundleDirectory, replayProgram } from './program-replay.js'
import type { ResourceManager, ResourceManagerListener } from './resource-manager.js'

export const EDDY_VERSION = '0.1.0'

export interface DispatcherOptions {
  readonly rpc: RpcService
  readonly blobServer: BlobServer
  readonly bundleDirectory: string
  readonly configuration: Configuration
  readonly slotRequestTimeoutMs: number
  readonly clock: Clock
  readonly log: Logger
}

export class Dispatcher implements DispatcherGateway, ResourceManagerListener {
  private readonly options: DispatcherOptions
  private readonly jobs = new Map<string, JobMaster>()
  private readonly bundles: BundleDirectory
  private resourceManager: ResourceManager | undefined

  constructor(options: DispatcherOptions) {
    this.options = options
    this.bundles = new BundleDirectory(options.bundleDirectory)
  }

  /** The ResourceManager is created after the Dispatcher, which listens to it. */
  setResourceManager(rm: ResourceManager): void {
    this.resourceManager = rm
  }

  private rm(): ResourceManager {
    if (this.resourceManager === undefined) throw new Error('No ResourceManager is set')
    return this.resourceManager
  }

  // ---- DispatcherGateway ----

  /**
   * `localJobGraph`: the client's own JobGraph when the client runs in this process (the embedded
   * cluster); the JobMaster then uses its user functions instead of replaying the program.
   */
  submitJob(submission: JobSubmission, localJobGraph?: JobGraph): Promise<string> {
    try {
      // Over RPC a second argument is plain data, never a JobGraph: only in-process callers pass one.
      const local = localJobGraph instanceof JobGraph ? localJobGraph : undefined
      return Promise.resolve(this.startJob(submission, local))
    } catch (e: unknown) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)))
    }
  }

  private startJob(submission: JobSubmission, localJobGraph: JobGraph | undefined): string {
    // A submission arrives as data (over RPC, or through REST's schema): check its shape first.
    if (typeof submission !== 'object' || submission === null) {
      throw invalid('expected a JobSubmission object')
    }
    const { jobGraph } = submission
    if (
      typeof jobGraph !== 'object' ||
      jobGraph === null ||
      !Array.isArray(jobGraph.vertices as unknown)
    ) {
      throw invalid('expected a jobGraph with vertices')
    }
    const jobId = jobGraph.jobId
    if (!/^[0-9a-f]{32}$/.test(jobId)) {
      throw invalid(`The job id '${jobId}' is not 32 lowercase hex digits`)
    }
    if (this.jobs.has(jobId)) throw invalid(`A job with id ${jobId} was already submitted`)
    if (jobGraph.vertices.length === 0) throw invalid('The job graph has no vertices')
    const ids = new Set(jobGraph.vertices.map((v) => v.id))
    for (const v of jobGraph.vertices) {
      if (!Number.isInteger(v.parallelism) || v.parallelism < 1) {
        throw invalid(`Vertex '${v.name}' has an invalid parallelism ${v.parallelism}`)
      }
      for (const e of v.inputs) {
        if (!ids.has(e.sourceVertexId)) {
          throw invalid(`Vertex '${v.name}' reads from unknown vertex ${e.sourceVertexId}`)
        }
      }
    }
    // The REST API serves the plan as JSON for as long as the job is kept.
    try {
      JSON.parse(jobGraph.plan)
    } catch {
      throw invalid("the job graph's plan is not JSON")
    }
    // Validates the job's configuration before anything runs.
    try {
      Configuration.fromMap(submission.configuration, { source: 'the submitted job' })
    } catch (e: unknown) {
      throw invalid(e instanceof Error ? e.message : String(e))
    }
    const bytes = Buffer.from(submission.bundle, 'base64')
    if (bytes.length === 0) throw invalid('The job bundle is empty')
    const bundleKey = this.options.blobServer.put(bytes)
    const program = {
      jobId,
      bundleKey,
      blobServerAddress: this.options.rpc.address,
      programArgs: submission.programArgs,
      environment: submission.environment,
      configuration: submission.configuration,
      jobGraphFingerprint: fingerprintOf(jobGraph),
    }
    const master = new JobMaster({
      descriptor: jobGraph,
      program,
      slots: this.rm(),
      rpc: this.options.rpc,
      replay: () =>
        localJobGraph !== undefined
          ? Promise.resolve(localJobGraph)
          : replayProgram(this.bundles.store(bundleKey, bytes), program),
      slotRequestTimeoutMs: this.options.slotRequestTimeoutMs,
      clock: this.options.clock,
      log: this.options.log,
    })
    this.jobs.set(jobId, master)
    this.options.log.info({ jobId, jobName: jobGraph.jobName }, 'Job submitted')
    void master.start()
    return jobId
  }

  cancelJob(jobId: string): Promise<void> {
    try {
      this.job(jobId).cancel()
      return Promise.resolve()
    } catch (e: unknown) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)))
    }
  }

  requestClusterOverview(): Promise<ClusterOverviewInfo> {
    const count = (s: string): number =>
      [...this.jobs.values()].filter((j) => j.jobStatus === s).length
    const running = [...this.jobs.values()].filter(
      (j) => !['FINISHED', 'CANCELED', 'FAILED'].includes(j.jobStatus),
    ).length
    return Promise.resolve({
      taskmanagers: this.rm().taskManagerDetails().length,
      'slots-total': this.rm().totalSlots(),
      'slots-available': this.rm().freeSlots(),
      'jobs-running': running,
      'jobs-finished': count('FINISHED'),
      'jobs-cancelled': count('CANCELED'),
      'jobs-failed': count('FAILED'),
      'flink-version': EDDY_VERSION,
      'flink-commit': 'eddy',
    })
  }

  requestJobOverviews(): Promise<JobOverviewInfo[]> {
    return Promise.resolve([...this.jobs.values()].map((j) => j.overview()))
  }

  requestJob(jobId: string): Promise<JobDetailsInfo> {
    return this.query(jobId, (j) => j.details())
  }

  requestJobExceptions(jobId: string): Promise<JobExceptionsInfo> {
    return this.query(jobId, (j) => j.exceptionsInfo())
  }

  requestCheckpointStatistics(jobId: string): Promise<CheckpointingStatisticsInfo> {
    return this.query(jobId, (j) => j.checkpointStatistics())
  }

  requestCheckpointDetails(jobId: string, checkpointId: number): Promise<CheckpointStatisticsInfo> {
    return this.query(jobId, (j) => j.checkpointDetails(checkpointId))
  }

  requestJobMetrics(jobId: string): Promise<Record<string, number | string>> {
    return this.query(jobId, (j) => j.jobMetrics())
  }

  triggerSavepoint(
    jobId: string,
    targetDirectory: string | undefined,
    then: SavepointThen,
  ): Promise<string> {
    return this.query(jobId, (j) => j.triggerSavepoint(targetDirectory, then))
  }

  requestSavepointStatus(jobId: string, triggerId: string): Promise<SavepointStatusInfo> {
    return this.query(jobId, (j) => j.savepointStatus(triggerId))
  }

  requestCheckpointConfig(jobId: string): Promise<CheckpointConfigInfo> {
    return this.query(jobId, (j) => j.checkpointConfig())
  }

  requestTaskManagers(): Promise<TaskManagerDetailsInfo[]> {
    return Promise.resolve(this.rm().taskManagerDetails())
  }

  requestClusterConfiguration(): Promise<Record<string, string>> {
    const map = this.options.configuration.toMap()
    const out: Record<string, string> = {}
    for (const [k, v] of Object.entries(map)) out[k] = Array.isArray(v) ? v.join(';') : String(v)
    return Promise.resolve(out)
  }

  // ---- ResourceManagerListener ----

  onTaskManagerLost(resourceId: string, reason: string): void {
    for (const j of this.jobs.values()) j.onTaskManagerLost(resourceId, reason)
  }

  onHeartbeat(heartbeat: TaskExecutorHeartbeat): void {
    if (heartbeat.tasks.length === 0) return
    for (const j of this.jobs.values()) {
      for (const t of heartbeat.tasks) j.onTaskMetrics(t.executionAttemptId, t.metrics)
    }
  }

  // ---- for the local client ----

  /** Resolves with the job's terminal status. */
  jobTermination(jobId: string): Promise<string> {
    return this.job(jobId).termination
  }

  jobMaster(jobId: string): JobMaster {
    return this.job(jobId)
  }

  /** Cancels every job still running and waits for them (shutdown). */
  async cancelAll(): Promise<void> {
    const running = [...this.jobs.values()]
    for (const j of running) j.cancel()
    await Promise.race([
      Promise.allSettled(running.map((j) => j.termination)),
      new Promise((r) => setTimeout(r, 5000).unref()),
    ])
  }

  private job(jobId: string): JobMaster {
    const j = this.jobs.get(jobId)
    if (j === undefined) {
      throw new EddyError(`Job ${jobId} not found`, {
        code: 'job.not-found',
        domain: 'user',
        context: { jobId },
      })
    }
    return j
  }

  private query<T>(jobId: string, f: (j: JobMaster) => T): Promise<T> {
    try {
      return Promise.resolve(f(this.job(jobId)))
    } catch (e: unknown) {
      this.options.log.debug(errorFields(e), 'Job query failed')
      return Promise.reject(e instanceof Error ? e : new Error(String(e)))
    }
  }
}

function invalid(message: string): EddyError {
  return new EddyError(`Invalid job submission: ${message}`, {
    code: 'submission.invalid',
    domain: 'user',
    failureType: 'NonRecoverableError',
  })
}
