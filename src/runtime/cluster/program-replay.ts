// Plan mode (DESIGN.md §3): a JobManager or TaskManager imports a job's bundle with the client's
// program arguments, environment variables and configuration, and `execute()` hands back the
// pipeline instead of running it. The pipeline is translated to a JobGraph under the submitted job
// id, and must have the fingerprint of the graph the client submitted, so that every process finds
// the same user functions at the same vertices. Flink: the user-code class loader plus
// OptimizerPlanEnvironment / ProgramAbortException.
import { mkdirSync, symlinkSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { Configuration } from '../../core/config/configuration.js'
import { EddyError } from '../../core/errors.js'
import {
  getContextConfiguration,
  setContextConfiguration,
} from '../../api/environment/environment-context.js'
import type { JobClient } from '../../api/execution/job-client.js'
import {
  setPlanCaptureExecutor,
  type Pipeline,
  type PipelineExecutor,
} from '../../api/execution/pipeline-executor.js'
import type { JobGraph } from '../../graph/job-graph.js'
import { generateStreamGraph } from '../../graph/stream-graph-generator.js'
import { createJobGraph } from '../../graph/streaming-job-graph-generator.js'
import type { ProgramDescriptor } from '../common/deployment.js'
import { describeJobGraph, fingerprintOf } from '../scheduler/job-graph-descriptor.js'

/** The root of the eddy package whose modules this process runs. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url))

const PLAN_CAPTURED = 'program.plan-captured'
const EXIT_INTERCEPTED = 'program.exit-intercepted'

/**
 * A directory for job bundles in which `import 'eddy'` resolves to this process's eddy (through a
 * node_modules/eddy link), so the replayed program shares its registries with the runtime.
 */
export class BundleDirectory {
  readonly path: string

  constructor(path: string) {
    this.path = path
    mkdirSync(join(path, 'bundles'), { recursive: true })
    mkdirSync(join(path, 'node_modules'), { recursive: true })
    const link = join(path, 'node_modules', 'eddy')
    if (!existsSync(link)) symlinkSync(PACKAGE_ROOT, link, 'dir')
  }

  /** Writes the bundle (once) and returns its file. */
  store(bundleKey: string, bytes: Uint8Array): string {
    if (!/^[0-9a-f]{64}$/.test(bundleKey)) {
      throw new EddyError(`Invalid bundle key '${bundleKey}'`, { code: 'blob.invalid-key' })
    }
    const file = join(this.path, 'bundles', `${bundleKey}.mjs`)
    if (!existsSync(file)) writeFileSync(file, bytes)
    return file
  }
}

/** A program may run several jobs one after another; replays stop at this many. */
const MAX_EXECUTIONS = 100

/**
 * Stops the program at the execute() that builds the submitted graph. Earlier execute() calls (a
 * program that runs several jobs in turn) are answered as finished jobs, so the program goes on
 * to the one being deployed.
 */
class PlanCaptureExecutor implements PipelineExecutor {
  private readonly jobId: string
  private readonly fingerprint: string
  jobGraph: JobGraph | undefined
  /** The first graph the program built, for the error when none matched. */
  firstMismatch: JobGraph | undefined
  executions = 0

  constructor(jobId: string, fingerprint: string) {
    this.jobId = jobId
    this.fingerprint = fingerprint
  }

  execute(pipeline: Pipeline): Promise<JobClient> {
    this.executions++
    const jobGraph = createJobGraph(generateStreamGraph(pipeline), this.jobId)
    if (
      this.jobGraph === undefined &&
      fingerprintOf(describeJobGraph(jobGraph)) === this.fingerprint
    ) {
      this.jobGraph = jobGraph
    } else if (this.executions < MAX_EXECUTIONS) {
      this.firstMismatch ??= jobGraph
      return Promise.resolve(finishedJob(jobGraph))
    }
    // Ends the program at its execute() call, as Flink's ProgramAbortException does.
    return Promise.reject(
      new EddyError('The program was run in plan mode; execute() does not run it', {
        code: PLAN_CAPTURED,
      }),
    )
  }
}

/** What an execute() that is not the replayed job returns in plan mode. */
function finishedJob(jobGraph: JobGraph): JobClient {
  const result = { jobId: jobGraph.jobId, jobName: jobGraph.jobName, netRuntime: 0 }
  return {
    getJobID: () => jobGraph.jobId,
    getJobStatus: () => Promise.resolve('FINISHED'),
    cancel: () => Promise.resolve(),
    getJobExecutionResult: () => Promise.resolve(result),
  }
}

/** Replays touch process-wide state (argv, env, the context configuration): one at a time. */
let replayQueue: Promise<unknown> = Promise.resolve()

export function replayProgram(bundleFile: string, program: ProgramDescriptor): Promise<JobGraph> {
  const run = replayQueue.then(() => replayNow(bundleFile, program))
  replayQueue = run.catch(() => undefined)
  return run
}

/**
 * Stands in for process.exit() during a replay. Scripts often end with
 * `catch (e) { console.error(e); process.exit(1) }` around execute(), and execute() ends every
 * replay by rejecting: the real exit would end the JobManager or TaskManager replaying them.
 * Flink: UserSystemExitException (cluster.intercept-user-system-exit).
 */
function interceptedExit(code?: number | string | null): never {
  throw new EddyError(
    `The program called process.exit(${code ?? ''}), which does not end a cluster process`,
    { code: EXIT_INTERCEPTED, domain: 'user', context: { exitCode: String(code) } },
  )
}

// Bundles carry inline source maps: errors in user functions name the job's files and lines.
process.setSourceMapsEnabled(true)

async function replayNow(bundleFile: string, program: ProgramDescriptor): Promise<JobGraph> {
  const capture = new PlanCaptureExecutor(program.jobId, program.jobGraphFingerprint)
  const savedArgv = process.argv
  // The embedded cluster replays in the CLI's process, whose program may build more jobs later.
  const savedConfiguration = getContextConfiguration()
  // eslint-disable-next-line @typescript-eslint/unbound-method -- put back on process itself
  const savedExit = process.exit
  const savedExitCode = process.exitCode
  const savedEnv = new Map<string, string | undefined>()
  for (const key of Object.keys(program.environment)) savedEnv.set(key, process.env[key])
  let failure: unknown
  try {
    setContextConfiguration(Configuration.fromMap(program.configuration, { source: 'the job' }))
    process.argv = [process.argv[0]!, bundleFile, ...program.programArgs]
    Object.assign(process.env, program.environment)
    setPlanCaptureExecutor(capture)
    process.exit = interceptedExit
    // A query per job gives each job its own module instance, even for identical bundles.
    await import(`${pathToFileURL(bundleFile).href}?job=${program.jobId}`)
  } catch (e: unknown) {
    if (!(e instanceof EddyError && e.code === PLAN_CAPTURED)) failure = e
  } finally {
    process.exit = savedExit
    process.exitCode = savedExitCode
    setPlanCaptureExecutor(undefined)
    setContextConfiguration(savedConfiguration)
    process.argv = savedArgv
    for (const [key, value] of savedEnv) {
      if (value === undefined) delete process.env[key]
      else process.env[key] = value
    }
  }
  if (capture.jobGraph !== undefined) return capture.jobGraph
  const built = capture.firstMismatch
  if (built === undefined) {
    const why =
      failure === undefined
        ? 'it never called execute()'
        : `it failed before execute(): ${failure instanceof Error ? failure.message : JSON.stringify(failure)}`
    throw new EddyError(`Could not load the program of job ${program.jobId}: ${why}`, {
      code: 'program.load-failed',
      domain: 'user',
      failureType: 'NonRecoverableError',
      cause: failure,
    })
  }
  throw new EddyError(
    `The program of job ${program.jobId} built a different job graph when replayed than when it was submitted (` +
      `${built.vertices.length} ${built.vertices.length === 1 ? 'vertex' : 'vertices'}: ${built.vertices.map((v) => `'${v.name}' x${v.parallelism}`).join(', ')}). ` +
      'A program must build the same pipeline every time it runs: do not make its structure depend on time, randomness or the machine',
    { code: 'program.graph-mismatch', domain: 'user', failureType: 'NonRecoverableError' },
  )
}
