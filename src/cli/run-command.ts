// `eddy run [-p N] [-D key=value]... <job.ts> [args...]`: runs a job module in this process with
// the configuration from config.yaml, EDDY_PROPERTIES and -D. The job sees its arguments in
// process.argv as if started with `node job.ts args...`. Flink: CliFrontend#run.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { CoreOptions } from '../core/config/core-options.js'
import { ConfigError } from '../core/errors.js'
import { loadConfiguration } from '../core/config/global-configuration.js'
import { setContextConfiguration } from '../api/environment/environment-context.js'

export interface RunOptions {
  readonly parallelism?: string
  readonly D?: string[]
  readonly configDir?: string
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
  setContextConfiguration(conf)
  process.argv = [process.argv[0]!, file, ...args]
  await import(pathToFileURL(file).href)
}
