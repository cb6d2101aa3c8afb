// The embedded cluster of `eddy run` (DESIGN.md §1): the JobManager in the CLI's process and
// TaskManager child processes, started as a job needs slots and stopped with the CLI. Children
// hold an IPC channel to the CLI and exit when it closes, so no TaskManager outlives its CLI,
// even when the CLI is killed. Flink: the local/mini cluster a `flink run` would start.
import { spawn, type ChildProcess } from 'node:child_process'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import type { Configuration } from '../core/config/configuration.js'
import { JobManagerOptions } from '../core/config/job-manager-options.js'
import { RestOptions } from '../core/config/rest-options.js'
import { EddyError } from '../core/errors.js'
import type { Logger } from '../core/logging/logger.js'
import { JobManagerServices } from '../runtime/cluster/job-manager-services.js'
import { RestServerEndpoint } from '../rest/rest-server-endpoint.js'

const EDDY_BIN = fileURLToPath(new URL('../../bin/eddy.js', import.meta.url))

/** How long TaskManagers get to register before a job cannot start. */
const REGISTRATION_TIMEOUT_MS = 60_000

export class LocalCluster {
  readonly services: JobManagerServices
  readonly rest: RestServerEndpoint
  private readonly configuration: Configuration
  private readonly log: Logger
  private readonly children: ChildProcess[] = []
  private closed = false

  private constructor(
    services: JobManagerServices,
    rest: RestServerEndpoint,
    configuration: Configuration,
    log: Logger,
  ) {
    this.services = services
    this.rest = rest
    this.configuration = configuration
    this.log = log
  }

  static async start(configuration: Configuration, log: Logger): Promise<LocalCluster> {
    const conf = configuration.clone()
    // An embedded cluster must not collide with a standalone one: free ports unless configured.
    if (!conf.contains(JobManagerOptions.PORT)) conf.set(JobManagerOptions.PORT, 0)
    if (!conf.contains(RestOptions.PORT)) conf.set(RestOptions.PORT, 0)
    const services = await JobManagerServices.start(conf, log)
    const rest = await RestServerEndpoint.start({
      address: conf.get(RestOptions.ADDRESS),
      port: conf.get(RestOptions.PORT),
      dispatcher: services.dispatcher,
      log: (level, msg, fields) => log[level]({ ...fields }, msg),
    })
    log.info({ url: rest.url }, 'Local cluster started; REST API')
    return new LocalCluster(services, rest, conf, log)
  }

  /** Starts TaskManagers until `slots` slots are free (one process per core at most). */
  ensureSlots(slots: number): Promise<void> {
    // One job at a time: two concurrent jobs must not both count the same free slots.
    const run = this.slotQueue.then(() => this.ensureFreeSlots(slots))
    this.slotQueue = run.catch(() => undefined)
    return run
  }

  private slotQueue: Promise<unknown> = Promise.resolve()

  private async ensureFreeSlots(slots: number): Promise<void> {
    const rm = this.services.resourceManager
    const missing = slots - rm.freeSlots()
    if (missing <= 0) return
    const target = rm.totalSlots() + missing
    const processes = Math.max(1, Math.min(missing, availableParallelism()))
    const slotsEach = Math.ceil(missing / processes)
    const started = Array.from({ length: processes }, () => this.spawnTaskManager(slotsEach))
    const deadline = Date.now() + REGISTRATION_TIMEOUT_MS
    while (rm.totalSlots() < target) {
      if (this.closed) return
      const dead = started.find((c) => c.exitCode !== null || c.signalCode !== null)
      if (dead !== undefined || Date.now() > deadline) {
        throw new EddyError(
          dead !== undefined
            ? `A TaskManager process exited (code ${dead.exitCode ?? dead.signalCode}) before it registered; see its log above`
            : `Only ${rm.totalSlots()} of ${target} slots registered within ${REGISTRATION_TIMEOUT_MS} ms: TaskManager processes did not start`,
          { code: 'cluster.taskmanagers-not-started', domain: 'external' },
        )
      }
      await new Promise((r) => setTimeout(r, 20))
    }
  }

  private spawnTaskManager(slots: number): ChildProcess {
    const [host, port] = splitAddress(this.services.rpc.address)
    const dynamic: string[] = []
    for (const [key, value] of Object.entries(this.configuration.toMap())) {
      if (key === JobManagerOptions.PORT.key || key === RestOptions.PORT.key) continue
      dynamic.push('-D', `${key}=${Array.isArray(value) ? value.join(';') : String(value)}`)
    }
    const child = spawn(
      process.execPath,
      [
        EDDY_BIN,
        'taskmanager',
        '--log-format',
        'pretty',
        ...dynamic,
        '-D',
        `jobmanager.rpc.address=${host}`,
        '-D',
        `jobmanager.rpc.port=${port}`,
        '-D',
        `taskmanager.numberOfTaskSlots=${slots}`,
      ],
      // stdout is the CLI's, so print() output of tasks shows where the user ran the job.
      { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
    )
    child.on('exit', (code, signal) => {
      if (!this.closed) {
        this.log.warn({ pid: child.pid, code, signal }, 'A TaskManager process exited')
      }
    })
    this.children.push(child)
    return child
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await this.services.dispatcher.cancelAll()
    await Promise.all(this.children.map((c) => stopChild(c)))
    await this.rest.close()
    await this.services.close()
  }
}

export function splitAddress(address: string): [string, number] {
  const i = address.lastIndexOf(':')
  return [address.slice(0, i), Number(address.slice(i + 1))]
}

/** SIGTERM, then SIGKILL if the process has not exited after a grace period. */
export function stopChild(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
    child.once('exit', () => {
      clearTimeout(timer)
      resolve()
    })
    child.kill('SIGTERM')
  })
}
