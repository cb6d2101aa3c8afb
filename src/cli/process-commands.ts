// `eddy jobmanager` and `eddy taskmanager`: one cluster process each, running until SIGTERM or
// SIGINT. They read config.yaml from --config-dir (default ./conf if present) and -D overrides,
// and log JSON lines to stderr. A TaskManager started by a CLI over an IPC channel exits when that
// channel closes, so it never outlives the CLI. Flink: StandaloneSessionClusterEntrypoint, TaskManagerRunner.
import { existsSync } from 'node:fs'
import { loadConfiguration } from '../core/config/global-configuration.js'
import { RestOptions } from '../core/config/rest-options.js'
import { errorFields, type Logger } from '../core/logging/logger.js'
import { JobManagerServices } from '../runtime/cluster/job-manager-services.js'
import { TaskManagerRunner } from '../runtime/cluster/task-manager-runner.js'
import { RestServerEndpoint } from '../rest/rest-server-endpoint.js'
import { createLogger, type LogFormat } from './logging.js'

export interface ProcessOptions {
  readonly D?: string[]
  readonly configDir?: string
  readonly logFormat?: string
}

function configurationOf(options: ProcessOptions) {
  const configDir = options.configDir ?? (existsSync('conf') ? 'conf' : undefined)
  return loadConfiguration(configDir, { dynamicProperties: options.D ?? [] })
}

function loggerOf(name: string, options: ProcessOptions, level: string): Logger {
  const format: LogFormat = options.logFormat === 'pretty' ? 'pretty' : 'json'
  return createLogger({ name, format, level })
}

/** Runs `close` on SIGTERM/SIGINT (and on IPC disconnect), then exits. */
function stopOnSignals(log: Logger, close: () => Promise<void>): void {
  let stopping = false
  const stop = (why: string): void => {
    if (stopping) return
    stopping = true
    log.info({ why }, 'Shutting down')
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    close().then(
      () => process.exit(0),
      (e: unknown) => {
        log.error(errorFields(e), 'Shutdown failed')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
  if (process.send !== undefined) process.once('disconnect', () => stop('the parent process ended'))
}

export async function runJobManager(options: ProcessOptions): Promise<void> {
  const conf = configurationOf(options)
  const log = loggerOf('jobmanager', options, 'info')
  const services = await JobManagerServices.start(conf, log)
  const rest = await RestServerEndpoint.start({
    address: conf.get(RestOptions.ADDRESS),
    port: conf.get(RestOptions.PORT),
    dispatcher: services.dispatcher,
    log: (level, msg, fields) => log[level]({ ...fields }, msg),
  })
  log.info({ rpc: services.rpc.address, rest: rest.url }, 'JobManager is ready')
  stopOnSignals(log, async () => {
    await rest.close()
    await services.close()
  })
}

export async function runTaskManager(options: ProcessOptions): Promise<void> {
  const conf = configurationOf(options)
  const log = loggerOf('taskmanager', options, process.send !== undefined ? 'warn' : 'info')
  // Signals (and the CLI going away) stop the process even while it still waits to register.
  const started: { runner?: TaskManagerRunner } = {}
  stopOnSignals(log, async () => {
    await started.runner?.close()
  })
  started.runner = await TaskManagerRunner.start(conf, log)
}
