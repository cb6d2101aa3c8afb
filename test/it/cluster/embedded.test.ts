// `eddy run` without --jobmanager: the CLI runs the JobManager itself and TaskManager child
// processes, and none of them outlives it, whether the job finishes, the user presses Ctrl-C
// (SIGINT) mid-job, or the CLI is killed outright.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { RestClusterClient } from '../../../src/rest/rest-cluster-client.js'
import { EDDY, ROOT, freePort, waitFor } from './support.js'

/** Whether the process runs; a zombie (exited, not yet reaped) does not. */
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

/** The pids of the TaskManager processes of this checkout whose parent is `parent`. */
function taskManagerChildren(parent: number): number[] {
  const ps = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,args='], { encoding: 'utf8' })
  const pids: number[] = []
  for (const line of ps.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line)
    if (m === null || Number(m[2]) !== parent) continue
    if (m[3]!.includes(`${EDDY} taskmanager`)) pids.push(Number(m[1]))
  }
  return pids
}

interface RunningCli {
  readonly child: ChildProcess
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  /** Every TaskManager child seen so far. */
  readonly taskManagers: Set<number>
  readonly stdout: () => string
  readonly stderr: () => string
}

/** `eddy run args...` in the background, watching for its TaskManager children until it exits. */
function startCli(args: readonly string[]): RunningCli {
  const child = spawn(process.execPath, [EDDY, 'run', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()))
  const taskManagers = new Set<number>()
  const watch = setInterval(() => {
    for (const pid of taskManagerChildren(child.pid!)) taskManagers.add(pid)
  }, 50)
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      clearInterval(watch)
      resolve({ code, signal })
    })
  })
  return { child, exited, taskManagers, stdout: () => out, stderr: () => err }
}

/** Kills what a failed test left running. */
function killAll(cli: RunningCli): void {
  for (const pid of [cli.child.pid!, ...cli.taskManagers]) {
    if (isAlive(pid)) process.kill(pid, 'SIGKILL')
  }
}

/** Starts the endless job at parallelism 2 and waits until all its subtasks run. */
async function startEndlessJob(): Promise<RunningCli> {
  const restPort = await freePort()
  const cli = startCli([
    '-p',
    '2',
    '-D',
    `rest.port=${restPort}`,
    'test/it/cluster/jobs/endless.ts',
  ])
  try {
    const client = new RestClusterClient(`127.0.0.1:${restPort}`)
    await waitFor('the job to run', async () => {
      const [job] = await client.listJobs()
      return job !== undefined && job.tasks.RUNNING === 4 ? true : undefined
    })
    await waitFor('the TaskManager children', () => (cli.taskManagers.size > 0 ? true : undefined))
  } catch (e: unknown) {
    killAll(cli)
    throw e
  }
  return cli
}

describe('eddy run on its embedded cluster', () => {
  it('runs word count at parallelism 4 and leaves no TaskManager behind', async () => {
    const cli = startCli(['-p', '4', 'examples/word-count.ts'])
    try {
      const { code } = await cli.exited
      assert.equal(code, 0, cli.stderr())
      assert.equal(cli.stdout().trimEnd().split('\n').length, 73)
      assert.ok(cli.taskManagers.size > 0, 'no TaskManager child was seen')
      assert.deepStrictEqual([...cli.taskManagers].filter(isAlive), [])
    } finally {
      killAll(cli)
    }
  })

  it('runs a program that exits the process when execute() fails', async () => {
    // The embedded JobManager replays the program in the CLI's own process.
    const cli = startCli(['-p', '1', 'test/it/cluster/jobs/exit-on-failure.ts'])
    try {
      const { code } = await cli.exited
      assert.equal(code, 0, cli.stderr())
      assert.deepStrictEqual(cli.stdout().trimEnd().split('\n').sort(), [
        '10',
        '20',
        '30',
        '40',
        '50',
      ])
    } finally {
      killAll(cli)
    }
  })

  it('stops the job and its TaskManagers on SIGINT', async () => {
    const cli = await startEndlessJob()
    try {
      const taskManagers = [...cli.taskManagers]
      assert.deepStrictEqual(taskManagers.filter(isAlive), taskManagers)
      const interruptedAt = Date.now()
      cli.child.kill('SIGINT')
      const { code } = await cli.exited
      assert.equal(code, 130, cli.stderr())
      assert.ok(Date.now() - interruptedAt < 10_000)
      assert.deepStrictEqual(taskManagers.filter(isAlive), [])
    } finally {
      killAll(cli)
    }
  })

  it('ends its TaskManagers when the CLI is killed', async () => {
    const cli = await startEndlessJob()
    try {
      const taskManagers = [...cli.taskManagers]
      cli.child.kill('SIGKILL')
      await cli.exited
      await waitFor(
        'the TaskManagers to exit',
        () => (taskManagers.some(isAlive) ? undefined : true),
        10_000,
      )
    } finally {
      killAll(cli)
    }
  })
})
