// Exactly-once through real process failures: a keyed count of 2 million records, written by the
// exactly-once FileSink, while TaskManagers are killed with SIGKILL at random moments five times.
// Each kill is followed by a new TaskManager; the job restarts from its latest checkpoint every
// time. The committed part files must hold exactly the fault-free output — every `key,count`
// line once (the job's output does not depend on timing, so the fault-free run's output is
// known: key k's lines are `k,1` … `k,N/K`). The same with unaligned checkpoints while a slow
// step backpressures the source. In at-least-once mode nothing may be lost. The runs are split
// over two test files (task-manager-kills, unaligned-kills) to stay within a file's time limit.
import { after, before, describe, it, type TestContext } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TestCluster, waitFor, type ClusterProcess } from '../cluster/support.js'

const RECORDS = 2_000_000
const KEYS = 100
const PER_SECOND = 100_000
const KILLS = 5
/** Per record, in the unaligned run's formatting step: slower than the source. */
const SLOW_MICROS = 20

/** The lines of every finished part file under `dir` (in-progress and pending ones are hidden). */
export async function committedLines(dir: string): Promise<string[]> {
  const lines: string[] = []
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.') || entry.name.startsWith('_')) continue
    const text = await readFile(join(entry.parentPath, entry.name), 'utf8')
    for (const line of text.split('\n')) if (line.length > 0) lines.push(line)
  }
  return lines
}

function expectedCounts(): Map<string, number> {
  const expected = new Map<string, number>()
  for (let k = 0; k < KEYS; k++) {
    for (let c = 1; c <= RECORDS / KEYS; c++) expected.set(`${k},${c}`, 1)
  }
  return expected
}

function countLines(lines: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const l of lines) counts.set(l, (counts.get(l) ?? 0) + 1)
  return counts
}

/** A small seeded generator, so that a failing run's kill moments can be replayed. */
function random(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = s
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** The runs a test file registers, by the name of their output directory. */
export type KillRun = 'exactly-once' | 'unaligned' | 'at-least-once'

/** Registers the suite with the given runs (each file gets its own cluster and time limit). */
export function describeKillRuns(runs: ReadonlySet<KillRun>): void {
  describe('TaskManagers killed with SIGKILL during a checkpointed run', () => {
    let cluster: TestCluster
    let dir: string
    let next = 0
    const byResourceId = new Map<string, ClusterProcess>()

    function startTaskManager(): void {
      const id = `tm-${next++}`
      byResourceId.set(id, cluster.startTaskManager(1, [`taskmanager.resource-id=${id}`]))
    }

    before(async () => {
      dir = await mkdtemp(join(tmpdir(), 'eddy-fault-'))
      cluster = await TestCluster.start({
        taskManagers: 0,
        config: ['heartbeat.interval=200', 'heartbeat.timeout=2000'],
      })
      startTaskManager()
      startTaskManager()
      await cluster.waitForTaskManagers(2)
    })
    after(async () => {
      await cluster.close()
      await rm(dir, { recursive: true, force: true })
    })

    interface Run {
      readonly lines: string[]
      /** The most in-flight data a completed checkpoint stored, and whether one was unaligned. */
      readonly maxPersistedData: number
      readonly sawUnaligned: boolean
    }

    async function runWithKills(
      t: TestContext,
      name: string,
      mode: 'EXACTLY_ONCE' | 'AT_LEAST_ONCE' | 'UNALIGNED',
      slowMicros = 0,
    ): Promise<Run> {
      const output = join(dir, name)
      const seed = Date.now() % 100_000
      t.diagnostic(`kill moments seeded with ${seed}`)
      const nextRandom = random(seed)
      const run = cluster.run(
        'test/it/fault/jobs/keyed-count-to-files.ts',
        [String(RECORDS), String(KEYS), String(PER_SECOND), output, String(slowMicros)],
        [
          '-p',
          '2',
          '-D',
          'execution.checkpointing.interval=300',
          '-D',
          `execution.checkpointing.mode=${mode === 'UNALIGNED' ? 'EXACTLY_ONCE' : mode}`,
          '-D',
          `execution.checkpointing.unaligned.enabled=${mode === 'UNALIGNED'}`,
          '-D',
          `state.checkpoints.dir=${join(dir, `${name}-checkpoints`)}`,
          '-D',
          'restart-strategy.type=fixed-delay',
          '-D',
          'restart-strategy.fixed-delay.attempts=100',
          '-D',
          'restart-strategy.fixed-delay.delay=200 ms',
        ],
        300_000,
      )
      const jobId = await waitFor('the job to be submitted', async () => {
        const jobs = await cluster.client.listJobs()
        return jobs.find((j) => j.state === 'RUNNING' && j.name === 'keyed count to files')?.jid
      })
      let maxPersistedData = 0
      let sawUnaligned = false
      const noteCheckpoints = async (): Promise<number> => {
        const stats = await cluster.client.getCheckpointStatistics(jobId)
        for (const c of stats.history) {
          if (c.status !== 'COMPLETED') continue
          maxPersistedData = Math.max(maxPersistedData, c.persisted_data)
          if (c.checkpoint_type === 'UNALIGNED_CHECKPOINT') sawUnaligned = true
        }
        return stats.counts.completed
      }
      const killed = new Set<string>()
      for (let kill = 0; kill < KILLS; kill++) {
        // Each kill waits until the job runs again without the TaskManagers killed before, and
        // then for a checkpoint of that attempt, so the job progresses between kills.
        const { hosts, completed } = await waitFor(
          `the job to run again before kill ${kill + 1}`,
          async () => {
            const job = await cluster.client.getJob(jobId)
            assert.equal(job.state === 'FINISHED', false, `the job ended after only ${kill} kills`)
            if (!job.vertices.every((v) => v.tasks.RUNNING === v.parallelism)) return undefined
            const vertex = await cluster.client.getJobVertex(jobId, job.vertices[0]!.id)
            const hosts = vertex.subtasks.map((s) => s['taskmanager-id'])
            if (hosts.some((h) => killed.has(h))) return undefined
            return { hosts, completed: await noteCheckpoints() }
          },
          60_000,
        )
        await waitFor(`a checkpoint before kill ${kill + 1}`, async () =>
          (await noteCheckpoints()) > completed ? true : undefined,
        )
        await new Promise((r) => setTimeout(r, 100 + nextRandom() * 900))
        const victim = hosts[Math.floor(nextRandom() * hosts.length)]!
        t.diagnostic(`kill ${kill + 1}: ${victim} after ${completed + 1} checkpoints`)
        killed.add(victim)
        byResourceId.get(victim)!.child.kill('SIGKILL')
        startTaskManager()
      }
      const result = await run
      assert.equal(result.code, 0, result.stderr)
      const job = await cluster.client.getJob(jobId)
      assert.equal(job.state, 'FINISHED')
      const restarts = (await cluster.client.getJobExceptions(jobId)).exceptionHistory.entries
      assert.ok(restarts.length >= KILLS, `${restarts.length} restarts`)
      return { lines: await committedLines(output), maxPersistedData, sawUnaligned }
    }

    function assertExactlyOnce(lines: readonly string[]): void {
      const counts = countLines(lines)
      const expected = expectedCounts()
      const missing = [...expected.keys()].filter((l) => !counts.has(l))
      const duplicated = [...counts].filter(([, n]) => n > 1).map(([l]) => l)
      const unexpected = [...counts.keys()].filter((l) => !expected.has(l))
      assert.deepEqual(
        { missing: missing.slice(0, 10), duplicated: duplicated.slice(0, 10), unexpected },
        { missing: [], duplicated: [], unexpected: [] },
      )
      assert.equal(lines.length, RECORDS)
    }

    if (runs.has('exactly-once'))
      it('exactly-once: the committed output equals the fault-free output', async (t) => {
        assertExactlyOnce((await runWithKills(t, 'exactly-once', 'EXACTLY_ONCE')).lines)
      })

    if (runs.has('unaligned'))
      it('unaligned under backpressure: the committed output equals the fault-free output', async (t) => {
        // The formatting step is slower than the source: the channels to it stay full, and each
        // checkpoint stores the data in flight, which every restart replays.
        const run = await runWithKills(t, 'unaligned', 'UNALIGNED', SLOW_MICROS)
        t.diagnostic(`most in-flight data in a checkpoint: ${run.maxPersistedData} bytes`)
        assert.equal(run.sawUnaligned, true)
        assert.ok(run.maxPersistedData > 0, 'no checkpoint stored in-flight data')
        assertExactlyOnce(run.lines)
      })

    if (runs.has('at-least-once'))
      it('at-least-once: nothing is lost', async (t) => {
        const counts = countLines((await runWithKills(t, 'at-least-once', 'AT_LEAST_ONCE')).lines)
        const missing = [...expectedCounts().keys()].filter((l) => !counts.has(l))
        assert.deepEqual(missing.slice(0, 10), [])
      })
  })
}
