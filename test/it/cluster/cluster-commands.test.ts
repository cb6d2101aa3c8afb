// `eddy cluster start --taskmanagers 2` and `eddy cluster stop`: the background processes start,
// register, log JSON lines to their files in env.log.dir, and stop removes the pid file and ends
// every process.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { RestClusterClient } from '../../../src/rest/rest-cluster-client.js'
import { EDDY, ROOT, freePort } from './support.js'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'

const exec = promisify(execFile)

interface PidEntry {
  readonly role: string
  readonly pid: number
}

/** Whether the process runs; a zombie (exited, not yet reaped by init) does not. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^\d+ \(.*\) Z/s.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

describe('eddy cluster start and stop', () => {
  let dir: string
  let pidFile: string
  let options: string[]
  let restPort: number
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'eddy-cluster-commands-'))
    pidFile = join(dir, 'pids', `eddy-${userInfo().username}-cluster.pid`)
    restPort = await freePort()
    options = [
      '-D',
      `env.pid.dir=${join(dir, 'pids')}`,
      '-D',
      `env.log.dir=${join(dir, 'log')}`,
      '-D',
      `rest.port=${restPort}`,
      '-D',
      `jobmanager.rpc.port=${await freePort()}`,
      '-D',
      'heartbeat.interval=200',
    ]
  })
  after(() => {
    // Whatever the test left running (it failed half-way) is killed here.
    if (existsSync(pidFile)) {
      for (const e of JSON.parse(readFileSync(pidFile, 'utf8')) as PidEntry[]) {
        if (isAlive(e.pid)) process.kill(e.pid, 'SIGKILL')
      }
    }
    rmSync(dir, { recursive: true, force: true })
  })

  it('starts a JobManager and two TaskManagers, then stops them all', async () => {
    const cli = (args: string[]) =>
      exec(process.execPath, [EDDY, 'cluster', ...args, ...options], { cwd: ROOT, timeout: 60_000 })
    const start = await cli(['start', '--taskmanagers', '2'])
    const lines = start.stdout.trimEnd().split('\n')
    assert.equal(lines.length, 3, start.stdout)
    assert.equal(lines[0], 'Starting cluster.')
    assert.match(
      lines[1]!,
      new RegExp(
        `^Started the JobManager \\(pid \\d+\\); REST API at http://127.0.0.1:${restPort}$`,
      ),
    )
    assert.equal(lines[2], `Started 2 TaskManager(s). Logs are in ${join(dir, 'log')}`)

    const entries = JSON.parse(readFileSync(pidFile, 'utf8')) as PidEntry[]
    assert.deepStrictEqual(
      entries.map((e) => e.role),
      ['jobmanager', 'taskmanager', 'taskmanager'],
    )
    assert.ok(entries.every((e) => isAlive(e.pid)))
    const overview = await new RestClusterClient(`127.0.0.1:${restPort}`).getOverview()
    assert.equal(overview.taskmanagers, 2)
    assert.equal(overview['slots-total'], 2)

    // A second start refuses while the pid file exists.
    const again = await cli(['start']).then(
      () => assert.fail('a second start succeeded'),
      (e: { code: number; stderr: string }) => e,
    )
    assert.equal(again.code, 1)
    assert.match(again.stderr, /A cluster seems to be running already/)

    const logDir = join(dir, 'log')
    assert.deepStrictEqual(readdirSync(logDir).sort(), [
      'eddy-jobmanager-0.log',
      'eddy-jobmanager-0.out',
      'eddy-taskmanager-0.log',
      'eddy-taskmanager-0.out',
      'eddy-taskmanager-1.log',
      'eddy-taskmanager-1.out',
    ])
    for (const [file, role, message] of [
      ['eddy-jobmanager-0.log', 'jobmanager', 'JobManager is ready'],
      ['eddy-taskmanager-0.log', 'taskmanager', 'Registered at the ResourceManager'],
      ['eddy-taskmanager-1.log', 'taskmanager', 'Registered at the ResourceManager'],
    ] as const) {
      const logLines = readFileSync(join(logDir, file), 'utf8').trimEnd().split('\n')
      const records = logLines.map((l) => JSON.parse(l) as { process: string; msg: string })
      assert.ok(
        records.every((r) => r.process === role),
        file,
      )
      assert.ok(
        records.some((r) => r.msg === message),
        `${file}: ${logLines.join('\n')}`,
      )
    }

    const stop = await cli(['stop'])
    assert.deepStrictEqual(stop.stdout.trimEnd().split('\n'), [
      `Stopped taskmanager (pid ${entries[1]!.pid}).`,
      `Stopped taskmanager (pid ${entries[2]!.pid}).`,
      `Stopped jobmanager (pid ${entries[0]!.pid}).`,
    ])
    assert.equal(existsSync(pidFile), false)
    assert.deepStrictEqual(
      entries.filter((e) => isAlive(e.pid)),
      [],
    )
    // The processes shut down cleanly: their logs end with it.
    for (const file of ['eddy-jobmanager-0.log', 'eddy-taskmanager-0.log']) {
      const last = readFileSync(join(logDir, file), 'utf8').trimEnd().split('\n').at(-1)!
      assert.equal((JSON.parse(last) as { msg: string }).msg, 'Shutting down', file)
    }
    const stopAgain = await cli(['stop'])
    assert.equal(stopAgain.stdout, 'No cluster is running (no pid file).\n')
  })
})
