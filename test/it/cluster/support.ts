// Real cluster processes for integration tests: a JobManager and TaskManagers started through
// `bin/eddy.js` on 127.0.0.1 with free ports, and the CLI run against them. Every process is
// killed when the test's cluster is closed, and holds an IPC channel to the test process so that
// it also exits when that process dies (a timed-out test file is killed): no test leaves
// processes behind.
import { after, before } from 'node:test'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { RestClusterClient } from '../../../src/rest/rest-cluster-client.js'

export const ROOT = join(import.meta.dirname, '..', '..', '..')
export const EDDY = join(ROOT, 'bin', 'eddy.js')
const exec = promisify(execFile)

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
    } catch {
      value = undefined
    }
    if (value !== undefined && value !== false) return value
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

export interface ClusterProcess {
  readonly child: ChildProcess
  /** Everything the process wrote to stderr (its JSON log) and stdout so far. */
  readonly stderr: () => string
  readonly stdout: () => string
}

function startProcess(args: string[]): ClusterProcess {
  const child = spawn(process.execPath, [EDDY, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    // With an IPC channel a process would log warnings only (as under `eddy run`): keep its info lines.
    env: { ...process.env, EDDY_LOG_LEVEL: process.env.EDDY_LOG_LEVEL ?? 'info' },
  })
  let out = ''
  let err = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  return { child, stdout: () => out, stderr: () => err }
}

export interface TestClusterOptions {
  readonly taskManagers: number
  readonly slotsPerTaskManager?: number
  /** Extra `key=value` configuration for every process. */
  readonly config?: readonly string[]
}

/** A JobManager and TaskManagers as separate processes. */
export class TestCluster {
  readonly rpcPort: number
  readonly restPort: number
  readonly jobManager: ClusterProcess
  readonly taskManagers: ClusterProcess[] = []
  readonly client: RestClusterClient
  private readonly config: readonly string[]
  private readonly slots: number

  private constructor(rpcPort: number, restPort: number, options: TestClusterOptions) {
    this.rpcPort = rpcPort
    this.restPort = restPort
    this.config = options.config ?? []
    this.slots = options.slotsPerTaskManager ?? 2
    this.jobManager = startProcess([
      'jobmanager',
      ...this.dynamic(),
      '-D',
      `jobmanager.rpc.port=${rpcPort}`,
      '-D',
      `rest.port=${restPort}`,
    ])
    this.client = new RestClusterClient(`127.0.0.1:${restPort}`)
  }

  private dynamic(): string[] {
    return this.config.flatMap((c) => ['-D', c])
  }

  static async start(options: TestClusterOptions): Promise<TestCluster> {
    const cluster = new TestCluster(await freePort(), await freePort(), options)
    await waitFor('the REST API', () => cluster.client.getOverview())
    for (let i = 0; i < options.taskManagers; i++) cluster.startTaskManager()
    await cluster.waitForTaskManagers(options.taskManagers)
    return cluster
  }

  get restAddress(): string {
    return `127.0.0.1:${this.restPort}`
  }

  /** `config`: extra `key=value` configuration for this TaskManager only. */
  startTaskManager(slots = this.slots, config: readonly string[] = []): ClusterProcess {
    const tm = startProcess([
      'taskmanager',
      ...this.dynamic(),
      ...config.flatMap((c) => ['-D', c]),
      '-D',
      'jobmanager.rpc.address=127.0.0.1',
      '-D',
      `jobmanager.rpc.port=${this.rpcPort}`,
      '-D',
      `taskmanager.numberOfTaskSlots=${slots}`,
    ])
    this.taskManagers.push(tm)
    return tm
  }

  async waitForTaskManagers(n: number): Promise<void> {
    await waitFor(`${n} TaskManagers`, async () =>
      (await this.client.getOverview()).taskmanagers >= n ? true : undefined,
    )
  }

  /** `eddy <args>` against this cluster; resolves with its output even when it fails. */
  async cli(
    args: readonly string[],
    timeoutMs = 120_000,
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    try {
      const { stdout, stderr } = await exec(process.execPath, [EDDY, ...args], {
        cwd: ROOT,
        timeout: timeoutMs,
        maxBuffer: 64 * 1024 * 1024,
      })
      return { code: 0, stdout, stderr }
    } catch (e: unknown) {
      const err = e as { code?: number; stdout?: string; stderr?: string }
      return { code: err.code ?? 1, stdout: err.stdout ?? '', stderr: err.stderr ?? '' }
    }
  }

  /** `eddy run --jobmanager <this> job args...`. */
  run(
    job: string,
    args: readonly string[] = [],
    runOptions: readonly string[] = [],
    timeoutMs?: number,
  ) {
    return this.cli(
      ['run', '--jobmanager', this.restAddress, ...runOptions, job, ...args],
      timeoutMs,
    )
  }

  /** The print() output of all TaskManagers, without subtask prefixes, sorted. */
  printed(): string[] {
    return this.taskManagers
      .flatMap((tm) => tm.stdout().split('\n'))
      .filter((l) => l.length > 0)
      .map((l) => l.replace(/^\d+> /, ''))
      .sort()
  }

  async close(): Promise<void> {
    const all = [...this.taskManagers, this.jobManager]
    await Promise.all(
      all.map(
        ({ child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve()
            // SIGTERM lets a process remove its work directory; SIGKILL if it does not exit.
            const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
            child.once('exit', () => {
              clearTimeout(timer)
              resolve()
            })
            child.kill('SIGTERM')
          }),
      ),
    )
  }
}

/**
 * Two one-slot TaskManagers and a fresh temporary directory (for checkpoints and savepoints),
 * started before the suite's tests and removed after them.
 */
export function clusterWithTempDir(prefix: string): {
  cluster: () => TestCluster
  dir: () => string
} {
  let cluster: TestCluster | undefined
  let dir: string | undefined
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), prefix))
    cluster = await TestCluster.start({
      taskManagers: 2,
      slotsPerTaskManager: 1,
      config: ['heartbeat.interval=200', 'heartbeat.timeout=2000'],
    })
  })
  after(async () => {
    await cluster?.close()
    if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  })
  return { cluster: () => cluster!, dir: () => dir! }
}
