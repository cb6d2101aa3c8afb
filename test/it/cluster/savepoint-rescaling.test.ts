// A savepoint round trip through three parallelisms on a real cluster: the rate-limited keyed
// count runs at p=2, `eddy stop` takes a savepoint mid-way, `eddy run -s` resumes it at p=4 (as
// REST shows), is stopped mid-way again, and a p=1 run resumes that and finishes. Every key is
// printed once with its full count, as in an uninterrupted run, and the last run counts only what
// the savepoints had not: it resumed rather than started over. The source stays at p=2 (see
// jobs/counting.ts for why): the keyed state is what rescales.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TestCluster, waitFor } from './support.js'
import type { JobDetailsInfo } from '../../../src/runtime/common/cluster-info.js'

const JOB = 'test/it/cluster/jobs/counting.ts'
const RECORDS = 60_000
const KEYS = 10
// 10 s of input in all: after the first two runs counted PROGRESS each, the second still has 8 s
// of input left to be stopped in, even on a loaded machine where starting the CLI takes seconds.
// The source keeps parallelism 2 in every run.
const ARGS = [String(RECORDS), '6000', '2']
/** Records a run must have counted before it is stopped: mid-way, far from the end. */
const PROGRESS = 6_000

describe('savepoints across rescaling on a cluster', () => {
  let cluster: TestCluster
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eddy-savepoint-rescaling-'))
    // Four slots, so that the middle run can take p=4.
    cluster = await TestCluster.start({
      taskManagers: 2,
      slotsPerTaskManager: 2,
      config: ['heartbeat.interval=200', 'heartbeat.timeout=2000'],
    })
  })
  after(async () => {
    await cluster?.close()
    await rm(dir, { recursive: true, force: true })
  })

  /** The id of the running `counting` job once all its subtasks run. */
  async function whenRunning(): Promise<string> {
    return waitFor('counting to run', async () => {
      const jobs = await cluster.client.listJobs()
      const jobId = jobs.find((j) => j.name === 'counting' && j.state === 'RUNNING')?.jid
      if (jobId === undefined) return undefined
      const job = await cluster.client.getJob(jobId)
      return job.vertices.every((v) => v.tasks.RUNNING === v.parallelism) ? jobId : undefined
    })
  }

  /** Records the keyed count of this job has read (the vertex after the keyBy). */
  function counted(job: JobDetailsInfo): number {
    const counter = job.vertices.find((v) => v.name.startsWith('Keyed Aggregation'))
    assert.ok(counter !== undefined, `no keyed count in ${job.vertices.map((v) => v.name)}`)
    return counter.metrics['read-records']
  }

  async function whenCounted(jobId: string, records: number): Promise<void> {
    await waitFor(`counting ${jobId} to count ${records} records`, async () =>
      counted(await cluster.client.getJob(jobId)) >= records ? true : undefined,
    )
  }

  /** `eddy stop` with the given flags; the savepoint's path. */
  async function stop(jobId: string, flags: readonly string[]): Promise<string> {
    const r = await cluster.cli(['stop', ...flags, jobId, '-m', cluster.restAddress])
    assert.equal(r.code, 0, r.stderr)
    const path = /Savepoint completed\. Path: (\S+)/.exec(r.stdout)?.[1]
    assert.ok(path !== undefined, r.stdout)
    return path
  }

  it('stops at p=2, resumes at p=4, stops again and finishes at p=1 with exact counts', async () => {
    const first = cluster.run(JOB, ARGS, [
      '-p',
      '2',
      '-D',
      `state.savepoints.dir=${join(dir, 'a')}`,
    ])
    const firstId = await whenRunning()
    await whenCounted(firstId, PROGRESS)
    const path1 = await stop(firstId, [])
    assert.ok(path1.startsWith(join(dir, 'a')), path1)
    assert.equal((await first).code, 0)

    const second = cluster.run(JOB, ARGS, ['-p', '4', '-s', path1])
    const secondId = await whenRunning()
    // Source, then the keyed count: four subtasks of the count run at once.
    assert.deepEqual(
      (await cluster.client.getJob(secondId)).vertices.map((v) => [v.parallelism, v.tasks.RUNNING]),
      [
        [2, 2],
        [4, 4],
      ],
    )
    await whenCounted(secondId, PROGRESS)
    // -p names the directory here; the stop succeeding means the job was still running.
    const path2 = await stop(secondId, ['-p', join(dir, 'b')])
    assert.ok(path2.startsWith(join(dir, 'b')), path2)
    assert.equal((await second).code, 0)
    // No key has reached its full count yet: both runs were stopped before the input ended.
    assert.deepEqual(cluster.printed(), [])

    const third = await cluster.run(JOB, ARGS, ['-p', '1', '-s', path2])
    assert.equal(third.code, 0, third.stderr)
    assert.deepEqual(
      await waitFor('every key printed', () =>
        cluster.printed().length >= KEYS ? cluster.printed() : undefined,
      ),
      Array.from({ length: KEYS }, (_, k) => `${k},${RECORDS / KEYS}`).sort(),
    )

    const jobs = await cluster.client.listJobs()
    const thirdId = jobs.find(
      (j) => j.name === 'counting' && ![firstId, secondId].includes(j.jid),
    )?.jid
    assert.ok(thirdId !== undefined)
    const runs = await Promise.all(
      [firstId, secondId, thirdId].map((id) => cluster.client.getJob(id)),
    )
    assert.deepEqual(
      runs.map((j) => j.state),
      ['FINISHED', 'FINISHED', 'FINISHED'],
    )
    assert.deepEqual(
      runs.map((j) => j.vertices.map((v) => v.parallelism)),
      [
        [2, 2],
        [2, 4],
        [2, 1],
      ],
    )
    // Each savepoint holds at least what its run had counted when it was stopped, so the last
    // run, resuming rather than starting over, counts at most what the first two left.
    const [firstCount = 0, secondCount = 0, lastCount = 0] = runs.map(counted)
    const perRun = `records counted per run: ${firstCount}, ${secondCount}, ${lastCount}`
    assert.ok(firstCount >= PROGRESS && secondCount >= PROGRESS, perRun)
    assert.ok(lastCount > 0 && lastCount <= RECORDS - 2 * PROGRESS, perRun)
    // At least the input in all. Not exactly: a stopped run may also count records that arrive
    // between its savepoint's barrier and its end (Eddy's stop cancels after the savepoint),
    // and the next run counts them again.
    assert.ok(firstCount + secondCount + lastCount >= RECORDS, perRun)
  })
})
