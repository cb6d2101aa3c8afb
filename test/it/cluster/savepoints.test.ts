// Savepoints on a real cluster: `eddy savepoint` writes a self-contained savepoint while the job
// runs on; `eddy stop` writes one into the job's state.savepoints.dir and ends the job FINISHED;
// `eddy run -s` resumes from it, rescaled, with every key counted exactly once. `eddy stop
// --drain` fires the open event-time windows before the job ends. REST polling of an unknown
// trigger id answers 404.
import { before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { clusterWithTempDir, waitFor, type TestCluster } from './support.js'
import { readCheckpointMetadata } from '../../../src/runtime/checkpoint/fs-checkpoint-storage.js'

describe('savepoints on a cluster', () => {
  const setup = clusterWithTempDir('eddy-savepoints-')
  let cluster: TestCluster
  let dir: string
  before(() => {
    cluster = setup.cluster()
    dir = setup.dir()
  })

  async function whenRunning(name: string): Promise<string> {
    return waitFor(`${name} to run`, async () => {
      const jobs = await cluster.client.listJobs()
      const jobId = jobs.find((j) => j.name === name && j.state === 'RUNNING')?.jid
      if (jobId === undefined) return undefined
      const job = await cluster.client.getJob(jobId)
      return job.vertices.every((v) => v.tasks.RUNNING === v.parallelism) ? jobId : undefined
    })
  }

  it('eddy savepoint writes a savepoint while the job runs on', async () => {
    const run = cluster.run('test/it/cluster/jobs/endless.ts', [], ['-p', '2'])
    const jobId = await whenRunning('endless')
    const r = await cluster.cli([
      'savepoint',
      jobId,
      join(dir, 'manual'),
      '-m',
      cluster.restAddress,
    ])
    assert.equal(r.code, 0, r.stderr)
    const path = /Savepoint completed\. Path: (\S+)/.exec(r.stdout)![1]!
    assert.ok(path.startsWith(join(dir, 'manual', `savepoint-${jobId.slice(0, 6)}-`)), path)
    const { metadata } = await readCheckpointMetadata(path)
    assert.equal(metadata.kind, 'SAVEPOINT')
    assert.equal(metadata.jobId, jobId)
    assert.equal((await cluster.client.getJob(jobId)).state, 'RUNNING')
    const unknown = await fetch(
      `http://${cluster.restAddress}/jobs/${jobId}/savepoints/0123456789abcdef`,
    )
    assert.equal(unknown.status, 404)
    await cluster.client.cancelJob(jobId)
    assert.notEqual((await run).code, 0)
  })

  it('eddy stop ends the job FINISHED with a savepoint that eddy run -s resumes exactly once', async () => {
    const run = cluster.run(
      'test/it/cluster/jobs/counting.ts',
      ['20000', '10000'],
      ['-p', '2', '-D', `state.savepoints.dir=${join(dir, 'default')}`],
    )
    const jobId = await whenRunning('counting')
    const stop = await cluster.cli(['stop', jobId, '-m', cluster.restAddress])
    assert.equal(stop.code, 0, stop.stderr)
    const path = /Savepoint completed\. Path: (\S+)/.exec(stop.stdout)![1]!
    assert.ok(path.startsWith(join(dir, 'default')), path)
    await run
    assert.equal((await cluster.client.getJob(jobId)).state, 'FINISHED')
    assert.deepEqual(cluster.printed(), [])
    const resumed = await cluster.run(
      'test/it/cluster/jobs/counting.ts',
      ['20000', '10000'],
      ['-p', '1', '-s', path],
    )
    assert.equal(resumed.code, 0, resumed.stderr)
    const printed = await waitFor('every key printed', () =>
      cluster.printed().length >= 10 ? cluster.printed() : undefined,
    )
    assert.deepEqual(printed, Array.from({ length: 10 }, (_, k) => `${k},2000`).sort())
  })

  /** The lines printed since `before` (a multiset difference: printed() is sorted). */
  function printedSince(before: readonly string[]): string[] {
    const left = new Map<string, number>()
    for (const l of before) left.set(l, (left.get(l) ?? 0) + 1)
    return cluster.printed().filter((l) => {
      const n = left.get(l) ?? 0
      if (n === 0) return true
      left.set(l, n - 1)
      return false
    })
  }

  it('eddy stop --drain fires the open windows and ends FINISHED; a run from its savepoint counts every record once', async () => {
    const before = cluster.printed()
    const run = cluster.run(
      'test/it/cluster/jobs/window-count.ts',
      ['30000', '10000'],
      ['-p', '2', '-D', `state.savepoints.dir=${join(dir, 'drain')}`],
    )
    const jobId = await whenRunning('window count')
    await new Promise((r) => setTimeout(r, 500))
    const stop = await cluster.cli(['stop', '--drain', jobId, '-m', cluster.restAddress])
    assert.equal(stop.code, 0, stop.stderr)
    const path = /Savepoint completed\. Path: (\S+)/.exec(stop.stdout)![1]!
    assert.equal((await run).code, 0)
    assert.equal((await cluster.client.getJob(jobId)).state, 'FINISHED')
    const drained = await waitFor('the drained windows', () => {
      const lines = printedSince(before)
      return lines.length >= 10 ? lines : undefined
    })
    const first = new Map(drained.map((l) => l.split(',').map(Number) as [number, number]))
    assert.equal(first.size, 10)
    assert.ok(
      [...first.values()].every((c) => c > 0 && c < 3000),
      drained.join(' '),
    )
    const afterDrain = cluster.printed()
    const resumed = await cluster.run(
      'test/it/cluster/jobs/window-count.ts',
      ['30000', '10000'],
      ['-p', '2', '-s', path],
    )
    assert.equal(resumed.code, 0, resumed.stderr)
    const rest = await waitFor('the rest counted', () => {
      const lines = printedSince(afterDrain)
      return lines.length >= 10 ? lines : undefined
    })
    // The savepoint holds the windows as they were at its barrier: the resumed run adds the
    // rest to them and counts every record exactly once (the drained counts come on top, as in
    // Flink, where restoring from a drained savepoint fires those windows twice).
    assert.deepEqual(rest, Array.from({ length: 10 }, (_, k) => `${k},3000`).sort())
  })
})
