// A JobManager and TaskManagers as real processes for the cluster benchmarks: started through
// bin/eddy.js on 127.0.0.1 with free ports, each with an IPC channel to this process so that it
// exits when this process dies, and all killed by `close()`. Benchmarks call `close()` in a
// `finally` and `killOnExit` covers an exit that skips it (an uncaught error, Ctrl-C).
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { RestClusterClient } from '../src/rest/rest-cluster-client.js'

export const ROOT = join(import.meta.dirname, '..')
export const EDDY = join(ROOT, 'bin', 'eddy.js')

/** Every child process any benchmark started and has not yet seen exit. */
const running = new Set<ChildProcess>()

/** SIGKILLs every child still running; safe to call more than once. */
export function killAll(): void {
  for (const child of running) child.kill('SIGKILL')
}

let isExitHookInstalled = false
function killOnExit(): void {
  if (isExitHookInstalled) return
  isExitHookInstalled = true
  process.once('exit', killAll)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll()
      process.exit(130)
    })
  }
}

/** Starts a child process that is killed when this process exits. */
export function track(child: ChildProcess): ChildProcess {
  killOnExit()
  running.add(child)
  child.once('exit', () => running.delete(child))
  return child
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** A cluster process died: waiting for it is pointless. */
export class ProcessExitedError extends Error {}

export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    let value: T | undefined
    try {
      value = await check()
    } catch (e: unknown) {
      if (e instanceof ProcessExitedError) throw e
      // Not up yet (connection refused): try again until the deadline.
      value = undefined
    }
    if (value !== undefined) return value
    if (Date.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

export interface ClusterProcess {
  readonly child: ChildProcess
  /** The last 64 KiB the process wrote to stderr, for error messages. */
  readonly stderr: () => string
}

function startProcess(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  nodeArgs: readonly string[] = [],
): ClusterProcess {
  const child = track(
    spawn(process.execPath, [...nodeArgs, EDDY, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env,
    }),
  )
  let err = ''
  child.stderr!.on('data', (d: Buffer) => {
    err = (err + d.toString()).slice(-65536)
  })
  return { child, stderr: () => err }
}

export interface BenchClusterOptions {
  readonly taskManagers: number
  readonly slotsPerTaskManager: number
  /** Extra `key=value` configuration for every process. */
  readonly config?: readonly string[]
  /** Extra node options for the TaskManagers (`--cpu-prof`, which NODE_OPTIONS refuses). */
  readonly taskManagerNodeArgs?: readonly string[]
}

export class BenchCluster {
  readonly restAddress: string
  readonly client: RestClusterClient
  readonly jobManager: ClusterProcess
  readonly taskManagers: ClusterProcess[] = []

  private constructor(jobManager: ClusterProcess, restPort: number) {
    this.jobManager = jobManager
    this.restAddress = `127.0.0.1:${restPort}`
    this.client = new RestClusterClient(this.restAddress)
  }

  static async start(options: BenchClusterOptions): Promise<BenchCluster> {
    const rpcPort = await freePort()
    const restPort = await freePort()
    const dynamic = (options.config ?? []).flatMap((c) => ['-D', c])
    const jm = startProcess(
      [
        'jobmanager',
        ...dynamic,
        '-D',
        `jobmanager.rpc.port=${rpcPort}`,
        '-D',
        `rest.port=${restPort}`,
      ],
      { ...process.env, EDDY_LOG_LEVEL: 'warn' },
    )
    const cluster = new BenchCluster(jm, restPort)
    try {
      await waitFor('the REST API', () => {
        cluster.checkAlive()
        return cluster.client.getOverview()
      })
      for (let i = 0; i < options.taskManagers; i++) {
        const tm = startProcess(
          [
            'taskmanager',
            ...dynamic,
            '-D',
            'jobmanager.rpc.address=127.0.0.1',
            '-D',
            `jobmanager.rpc.port=${rpcPort}`,
            '-D',
            `taskmanager.numberOfTaskSlots=${options.slotsPerTaskManager}`,
          ],
          process.env,
          options.taskManagerNodeArgs,
        )
        cluster.taskManagers.push(tm)
      }
      await waitFor(`${options.taskManagers} TaskManagers`, async () => {
        cluster.checkAlive()
        const { taskmanagers } = await cluster.client.getOverview()
        return taskmanagers >= options.taskManagers ? true : undefined
      })
    } catch (e: unknown) {
      await cluster.close()
      throw e
    }
    return cluster
  }

  /** Throws (with its stderr) if a cluster process has exited. */
  checkAlive(): void {
    for (const p of [this.jobManager, ...this.taskManagers]) {
      const { exitCode, signalCode } = p.child
      if (exitCode !== null || signalCode !== null) {
        throw new ProcessExitedError(
          `A cluster process exited (${exitCode ?? signalCode}): ${p.child.spawnargs.join(' ')}\n${p.stderr()}`,
        )
      }
    }
  }

  /**
   * `eddy run --jobmanager <this> <runOptions> <job> <args>`; resolves with the job id once the
   * CLI has exited (after the job's end). Rejects with the CLI's stderr if it failed.
   */
  run(job: string, args: readonly string[], runOptions: readonly string[]): Promise<string> {
    return new Promise((resolve, reject) => {
      track(
        execFile(
          process.execPath,
          [EDDY, 'run', '--jobmanager', this.restAddress, ...runOptions, job, ...args],
          { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
          (error, stdout) => {
            if (error !== null) {
              // The message has the command line and the CLI's stderr.
              reject(new Error(`eddy run ${job} failed: ${error.message}`))
              return
            }
            const match = /JobID ([0-9a-f]{32})/.exec(stdout)
            if (match === null) reject(new Error(`eddy run printed no JobID: ${stdout}`))
            else resolve(match[1]!)
          },
        ),
      )
    })
  }

  /** SIGTERMs the TaskManagers (so that --cpu-prof writes its profile), then kills everything. */
  async close(graceMs = 0): Promise<void> {
    const all = [...this.taskManagers, this.jobManager]
    if (graceMs > 0) {
      await Promise.all(this.taskManagers.map(({ child }) => stop(child, 'SIGTERM', graceMs)))
    }
    await Promise.all(all.map(({ child }) => stop(child, 'SIGKILL', 0)))
  }
}

/** Sends `signal` and waits for the exit, SIGKILLing after `graceMs` (at once when 0). */
function stop(child: ChildProcess, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill(signal)
    if (graceMs > 0) {
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      child.once('exit', () => clearTimeout(timer))
    }
  })
}
