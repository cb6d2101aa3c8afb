// `eddy cluster start [--taskmanagers N]` and `eddy cluster stop`: a standalone cluster on this
// machine, as Flink's start-cluster.sh / stop-cluster.sh: one JobManager and N TaskManager
// processes in the background, a pid file in env.pid.dir and, per process, a JSON log file and a
// .out file (the tasks' stdout) in env.log.dir.
import { spawn } from 'node:child_process'
import {
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  closeSync,
} from 'node:fs'
import { userInfo } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CoreOptions } from '../core/config/core-options.js'
import type { Configuration } from '../core/config/configuration.js'
import { loadConfiguration } from '../core/config/global-configuration.js'
import { RestOptions } from '../core/config/rest-options.js'
import { EddyError } from '../core/errors.js'
import { RestClusterClient } from '../rest/rest-cluster-client.js'

const EDDY_BIN = fileURLToPath(new URL('../../bin/eddy.js', import.meta.url))

export interface ClusterOptions {
  readonly taskmanagers?: string
  readonly D?: string[]
  readonly configDir?: string
}

interface PidEntry {
  readonly role: 'jobmanager' | 'taskmanager'
  readonly pid: number
}

function configurationOf(options: ClusterOptions): Configuration {
  const configDir = options.configDir ?? (existsSync('conf') ? 'conf' : undefined)
  return loadConfiguration(configDir, { dynamicProperties: options.D ?? [] })
}

function pidFile(conf: Configuration): string {
  return join(conf.get(CoreOptions.FLINK_PID_DIR), `eddy-${userInfo().username}-cluster.pid`)
}

function startDaemon(role: string, index: number, args: string[], logDir: string): number {
  const base = join(logDir, `eddy-${role}-${index}`)
  const err = openSync(`${base}.log`, 'a')
  const out = openSync(`${base}.out`, 'a')
  const child = spawn(process.execPath, [EDDY_BIN, role, ...args], {
    detached: true,
    stdio: ['ignore', out, err],
  })
  child.unref()
  closeSync(err)
  closeSync(out)
  return child.pid!
}

async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check().catch(() => false)) return
    if (Date.now() > deadline) {
      throw new EddyError(
        `Timed out after ${timeoutMs} ms waiting for ${what}; see the log files`,
        {
          code: 'cluster.start-timeout',
          domain: 'external',
        },
      )
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}

export async function startCluster(options: ClusterOptions): Promise<void> {
  const conf = configurationOf(options)
  const count = Number(options.taskmanagers ?? '1')
  if (!Number.isInteger(count) || count < 0) {
    throw new EddyError(
      `--taskmanagers must be a non-negative integer, got '${options.taskmanagers}'`,
      {
        code: 'cli.invalid-argument',
        domain: 'user',
      },
    )
  }
  const pids = pidFile(conf)
  if (existsSync(pids)) {
    throw new EddyError(
      `A cluster seems to be running already (${pids} exists): run 'eddy cluster stop' first`,
      { code: 'cluster.already-running', domain: 'user' },
    )
  }
  const logDir = resolve(conf.get(CoreOptions.FLINK_LOG_DIR))
  mkdirSync(logDir, { recursive: true })
  // Before any process starts: one that is not in the pid file would be left for the user to find.
  mkdirSync(dirname(pids), { recursive: true })
  const args: string[] = []
  for (const d of options.D ?? []) args.push('-D', d)
  if (options.configDir !== undefined) args.push('--config-dir', options.configDir)
  const entries: PidEntry[] = []
  process.stdout.write('Starting cluster.\n')
  entries.push({ role: 'jobmanager', pid: startDaemon('jobmanager', 0, args, logDir) })
  writeFileSync(pids, JSON.stringify(entries))
  const rest = `${conf.get(RestOptions.ADDRESS)}:${conf.get(RestOptions.PORT)}`
  const client = new RestClusterClient(rest)
  await waitFor(`the JobManager's REST API at ${rest}`, async () => {
    await client.getOverview()
    return true
  })
  process.stdout.write(
    `Started the JobManager (pid ${entries[0]!.pid}); REST API at http://${rest}\n`,
  )
  for (let i = 0; i < count; i++) {
    entries.push({
      role: 'taskmanager',
      pid: startDaemon(
        'taskmanager',
        i,
        ['-D', 'jobmanager.rpc.address=127.0.0.1', ...args],
        logDir,
      ),
    })
    writeFileSync(pids, JSON.stringify(entries))
  }
  await waitFor(`${count} TaskManagers to register`, async () => {
    return (await client.getOverview()).taskmanagers >= count
  })
  process.stdout.write(`Started ${count} TaskManager(s). Logs are in ${logDir}\n`)
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  // A daemon that exited is a zombie until init reaps it, which the init of some containers
  // does late or never; it is gone all the same.
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true // no /proc (not Linux), or the process was reaped just now
  }
}

export async function stopCluster(options: ClusterOptions): Promise<void> {
  const conf = configurationOf(options)
  const pids = pidFile(conf)
  if (!existsSync(pids)) {
    process.stdout.write('No cluster is running (no pid file).\n')
    return
  }
  const entries = JSON.parse(readFileSync(pids, 'utf8')) as PidEntry[]
  // TaskManagers first, so they do not report their JobManager lost while it shuts down.
  const order = [
    ...entries.filter((e) => e.role === 'taskmanager'),
    ...entries.filter((e) => e.role === 'jobmanager'),
  ]
  for (const e of order) {
    if (!alive(e.pid)) continue
    process.kill(e.pid, 'SIGTERM')
    const deadline = Date.now() + 10_000
    while (alive(e.pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
    if (alive(e.pid)) process.kill(e.pid, 'SIGKILL')
    process.stdout.write(`Stopped ${e.role} (pid ${e.pid}).\n`)
  }
  rmSync(pids, { force: true })
}
