// `eddy run [-m host:port] [-p N] [-s savepoint [-n]] [-D key=value]... <job.ts> [args...]`: runs a job module with
// the configuration from config.yaml, EDDY_PROPERTIES and -D. Its `execute()` runs the job on an
// embedded local cluster (JobManager here, TaskManager child processes), or, with --jobmanager,
// on a running cluster. The job sees its arguments in process.argv as if started with
// `node job.ts args...`. Flink: CliFrontend#run.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CoreOptions } from '../core/config/core-options.js'
import { SavepointConfigOptions } from '../core/config/savepoint-config-options.js'
import { ConfigError } from '../core/errors.js'
import { loadConfiguration } from '../core/config/global-configuration.js'
import { setContextConfiguration } from '../api/environment/environment-context.js'
import { setContextPipelineExecutor } from '../api/execution/pipeline-executor.js'
import { EmbeddedClusterExecutor, RemoteClusterExecutor } from './cluster-executors.js'
import { createLogger } from './logging.js'

export interface RunOptions {
  readonly parallelism?: string
  readonly D?: string[]
  readonly configDir?: string
  readonly jobmanager?: string
  readonly fromSavepoint?: string
  readonly allowNonRestoredState?: boolean
}

export async function runJob(
  job: string,
  args: readonly string[],
  options: RunOptions,
): Promise<void> {
  const file = resolve(job)
  if (!existsSync(file)) throw new ConfigError(`Job file '${job}' does not exist`, 'job')
  const configDir = options.configDir ?? (existsSync('conf') ? 'conf' : undefined)
  const conf = loadConfiguration(configDir, { dynamicProperties: options.D ?? [] })
  if (options.parallelism !== undefined) {
    const p = Number(options.parallelism)
    if (!Number.isInteger(p) || p < 1) {
      throw new ConfigError(
        `-p/--parallelism must be a positive integer, got '${options.parallelism}'`,
        'parallelism.default',
      )
    }
    conf.set(CoreOptions.DEFAULT_PARALLELISM, p)
  }
  if (options.fromSavepoint !== undefined) {
    conf.set(SavepointConfigOptions.SAVEPOINT_PATH, resolve(options.fromSavepoint))
  }
  if (options.allowNonRestoredState === true) {
    conf.set(SavepointConfigOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true)
  }
  setContextConfiguration(conf)
  const program = { jobFile: file, programArgs: args }
  const log = createLogger({ name: 'eddy', format: 'pretty', level: 'warn' })
  if (options.jobmanager !== undefined) {
    setContextPipelineExecutor(
      new RemoteClusterExecutor(
        program,
        options.jobmanager,
        (line) => process.stdout.write(`${line}\n`),
        log,
      ),
    )
    await importProgram(file, args)
    return
  }
  const embedded = new EmbeddedClusterExecutor(program, conf, log)
  setContextPipelineExecutor(embedded)
  // Ctrl-C stops the jobs and every TaskManager process before the CLI exits.
  const interrupt = (): void => {
    void embedded.close().finally(() => process.exit(130))
  }
  process.once('SIGINT', interrupt)
  process.once('SIGTERM', interrupt)
  try {
    await importProgram(file, args)
  } finally {
    await embedded.close()
    process.off('SIGINT', interrupt)
    process.off('SIGTERM', interrupt)
  }
}

async function importProgram(file: string, args: readonly string[]): Promise<void> {
  process.argv = [process.argv[0]!, file, ...args]
  await import(pathToFileURL(file).href)
}
