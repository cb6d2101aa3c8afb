// The seam between the API and whatever runs a pipeline (DESIGN.md §2): `execute()` asks this
// registry for an executor. `src/index.ts` registers the in-process one, the CLI a remote one, and
// a TaskManager's plan-mode replay a capturing one. Flink: PipelineExecutor, PipelineExecutorServiceLoader.
import { EddyError } from '../../core/errors.js'
import type { Configuration } from '../../core/config/configuration.js'
import type { Transformation } from '../dag/transformation.js'
import type { JobClient } from './job-client.js'

/** Everything an executor needs to build and run the job graph. */
export interface Pipeline {
  readonly jobName: string
  /** The sinks' transformations (and any other leaves), in creation order. */
  readonly transformations: readonly Transformation[]
  readonly configuration: Configuration
  readonly defaultParallelism: number
  /** -1: computed per operator from its parallelism, as Flink does. */
  readonly maxParallelism: number
  readonly chainingEnabled: boolean
  readonly bufferTimeoutMs: number
}

export interface PipelineExecutor {
  execute(pipeline: Pipeline): Promise<JobClient>
}

/** Renders a pipeline as Flink's JSON execution plan. Registered by the graph layer's owner. */
export type ExecutionPlanGenerator = (pipeline: Pipeline) => string

let executor: PipelineExecutor | undefined
let planGenerator: ExecutionPlanGenerator | undefined
/**
 * Set while a JobManager or TaskManager replays a program in plan mode: it takes precedence over
 * the registered executor, because the program's own import of 'eddy' may register the default
 * executor again while it loads.
 */
let planCapture: PipelineExecutor | undefined
/** Set by a launcher (the CLI) for the program it runs; wins over the registered default. */
let contextExecutor: PipelineExecutor | undefined

/** Installs the launcher's executor (Flink's context environment); undefined removes it. */
export function setContextPipelineExecutor(e: PipelineExecutor | undefined): void {
  contextExecutor = e
}

/** Installs (or, with undefined, removes) the plan-mode executor; returns the previous one. */
export function setPlanCaptureExecutor(
  e: PipelineExecutor | undefined,
): PipelineExecutor | undefined {
  const previous = planCapture
  planCapture = e
  return previous
}

export function registerPipelineExecutor(e: PipelineExecutor): void {
  executor = e
}

export function registerExecutionPlanGenerator(g: ExecutionPlanGenerator): void {
  planGenerator = g
}

function missing(what: string): EddyError {
  return new EddyError(
    `No ${what} is registered: import the program's API from 'eddy' (its entry registers the defaults)`,
    { code: 'execution.no-executor', domain: 'internal', failureType: 'NonRecoverableError' },
  )
}

export function getPipelineExecutor(): PipelineExecutor {
  if (planCapture !== undefined) return planCapture
  if (contextExecutor !== undefined) return contextExecutor
  if (executor === undefined) throw missing('pipeline executor')
  return executor
}

export function getExecutionPlanGenerator(): ExecutionPlanGenerator {
  if (planGenerator === undefined) throw missing('execution plan generator')
  return planGenerator
}
