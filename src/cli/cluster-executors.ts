// The executors `eddy run` installs for the program it runs: the embedded local cluster (the
// default) and a remote cluster reached through its REST API (`--jobmanager`). Both translate
// the pipeline into a JobGraph, bundle the job module and submit both; the program's
// `execute()` then waits for the job's end as reported by the cluster.
// Flink: the CLI's executors (local / remote) and ClusterClientJobClientAdapter.
import type { Configuration } from '../core/config/configuration.js'
import { EddyError, JobCancellationException, JobExecutionException } from '../core/errors.js'
import type { Logger } from '../core/logging/logger.js'
import type { JobClient, JobExecutionResult, JobStatus } from '../api/execution/job-client.js'
import type { Pipeline, PipelineExecutor } from '../api/execution/pipeline-executor.js'
import { generateStreamGraph } from '../graph/stream-graph-generator.js'
import { createJobGraph } from '../graph/streaming-job-graph-generator.js'
import { warnAboutMissingUids } from '../graph/missing-uid-warnings.js'
import type { JobGraph } from '../graph/job-graph.js'
import type { JobGraphDescriptor, JobSubmission } from '../runtime/common/cluster-info.js'
import type { SerializedError } from '../runtime/common/deployment.js'
import { describeJobGraph, slotsNeeded } from '../runtime/scheduler/job-graph-descriptor.js'
import { LocalExecutor } from '../runtime/cluster/local-executor.js'
import { CollectSink } from '../api/connector/sink/lib/collect-sink.js'
import { RestClusterClient } from '../rest/rest-cluster-client.js'
import { bundleJob } from './job-bundler.js'
import { LocalCluster } from './local-cluster.js'

export interface ProgramInfo {
  readonly jobFile: string
  readonly programArgs: readonly string[]
}

async function submissionOf(
  pipeline: Pipeline,
  program: ProgramInfo,
  log: Logger,
): Promise<{ submission: JobSubmission; descriptor: JobGraphDescriptor; jobGraph: JobGraph }> {
  const streamGraph = generateStreamGraph(pipeline)
  warnAboutMissingUids(streamGraph, pipeline.configuration, log)
  const jobGraph = createJobGraph(streamGraph)
  const descriptor = describeJobGraph(jobGraph)
  const bundle = await bundleJob(program.jobFile)
  const environment: Record<string, string> = {}
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) environment[k] = v
  return {
    descriptor,
    jobGraph,
    submission: {
      jobGraph: descriptor,
      bundle: Buffer.from(bundle).toString('base64'),
      programArgs: program.programArgs,
      environment,
      configuration: pipeline.configuration.toMap(),
    },
  }
}

/**
 * True for `executeAndCollect` pipelines: their collect sink hands records to a buffer in the
 * client's process, which only an in-process run can reach (collecting over the cluster, Flink's
 * CollectSinkOperatorCoordinator, is not built yet).
 */
function collectsIntoClient(pipeline: Pipeline): boolean {
  return pipeline.transformations.some(
    (t) => t.kind === 'sink' && t.operator.sink instanceof CollectSink,
  )
}

function jobFailure(jobName: string, jobId: string, root: SerializedError | string | undefined) {
  const message =
    root === undefined
      ? 'the job failed'
      : typeof root === 'string'
        ? (root.split('\n')[0] ?? root)
        : root.message
  const cause = new EddyError(message, { code: 'job.task-failed' })
  cause.stack = typeof root === 'string' ? root : (root?.stack ?? message)
  return new JobExecutionException(jobName, jobId, cause)
}

/** Runs each job on a local cluster started in (and stopped with) this process. */
export class EmbeddedClusterExecutor implements PipelineExecutor {
  private readonly program: ProgramInfo
  private readonly configuration: Configuration
  private readonly log: Logger
  private cluster: Promise<LocalCluster> | undefined

  constructor(program: ProgramInfo, configuration: Configuration, log: Logger) {
    this.program = program
    this.configuration = configuration
    this.log = log
  }

  async execute(pipeline: Pipeline): Promise<JobClient> {
    if (collectsIntoClient(pipeline)) return new LocalExecutor().execute(pipeline)
    const { submission, descriptor, jobGraph } = await submissionOf(
      pipeline,
      this.program,
      this.log,
    )
    this.cluster ??= LocalCluster.start(this.configuration, this.log)
    const cluster = await this.cluster
    await cluster.ensureSlots(slotsNeeded(descriptor))
    const dispatcher = cluster.services.dispatcher
    // The JobManager shares this process with the program: it takes the program's own JobGraph
    // rather than replaying the program here (which would run its top level a second time).
    const jobId = await dispatcher.submitJob(submission, jobGraph)
    const master = dispatcher.jobMaster(jobId)
    const result = master.termination.then((status): JobExecutionResult => {
      if (status === 'FINISHED') {
        const details = master.details()
        return { jobId, jobName: descriptor.jobName, netRuntime: details.duration }
      }
      if (status === 'CANCELED') throw new JobCancellationException(descriptor.jobName, jobId)
      throw jobFailure(descriptor.jobName, jobId, master.rootError())
    })
    result.catch(() => undefined)
    return {
      getJobID: () => jobId,
      getJobStatus: () => Promise.resolve(master.jobStatus),
      cancel: async () => {
        master.cancel()
        await master.termination
      },
      getJobExecutionResult: () => result,
    }
  }

  /** Stops the local cluster, if one was started. */
  async close(): Promise<void> {
    const cluster = this.cluster
    this.cluster = undefined
    if (cluster !== undefined) await (await cluster).close()
  }
}

/** Submits jobs to a running cluster through its REST API. */
export class RemoteClusterExecutor implements PipelineExecutor {
  private readonly program: ProgramInfo
  private readonly client: RestClusterClient
  private readonly announce: (line: string) => void
  private readonly log: Logger

  constructor(
    program: ProgramInfo,
    restAddress: string,
    announce: (line: string) => void,
    log: Logger,
  ) {
    this.program = program
    this.client = new RestClusterClient(restAddress)
    this.announce = announce
    this.log = log
  }

  async execute(pipeline: Pipeline): Promise<JobClient> {
    if (collectsIntoClient(pipeline)) {
      throw new EddyError(
        'executeAndCollect() is not supported on a remote cluster yet: write the results with a sink, or run the job without --jobmanager',
        { code: 'program.collect-unsupported', domain: 'user', failureType: 'NonRecoverableError' },
      )
    }
    const { submission, descriptor } = await submissionOf(pipeline, this.program, this.log)
    const client = this.client
    const jobId = await client.submitJob(submission)
    this.announce(`Job has been submitted with JobID ${jobId}`)
    const result = client.waitForJobResult(jobId).then(async (r): Promise<JobExecutionResult> => {
      if (r.state === 'FINISHED') {
        const details = await client.getJob(jobId)
        return { jobId, jobName: descriptor.jobName, netRuntime: details.duration }
      }
      if (r.state === 'CANCELED') throw new JobCancellationException(descriptor.jobName, jobId)
      throw jobFailure(descriptor.jobName, jobId, r.error)
    })
    result.catch(() => undefined)
    return {
      getJobID: () => jobId,
      getJobStatus: async () => (await client.getJobStatus(jobId)) as JobStatus,
      cancel: async () => {
        await client.cancelJob(jobId)
        await result.catch(() => undefined)
      },
      getJobExecutionResult: () => result,
    }
  }
}
