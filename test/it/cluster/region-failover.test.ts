// Region failover on a real cluster (jobmanager.execution.failover-strategy, 'region' by default as
// in Flink): a job of two pipelines that exchange no data loses one task to an exception. Only that
// task's pipelined region (its source and map subtask) is cancelled and deployed again from the
// latest checkpoint; the other pipeline runs on in its first attempt and the job never leaves
// RUNNING. The exactly-once FileSink's committed output is every record once. With 'full' the
// same failure restarts every task, with the same output.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TestCluster, waitFor } from './support.js'
import { committedLines } from '../fault/kill-runs.js'

const RECORDS = 20_000

describe('failover strategies', () => {
  let cluster: TestCluster
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eddy-region-'))
    cluster = await TestCluster.start({ taskManagers: 2 })
  })
  after(async () => {
    await cluster.close()
    await rm(dir, { recursive: true, force: true })
  })

  async function runFailingJob(strategy: 'region' | 'full') {
    const output = join(dir, strategy, 'out')
    const result = await cluster.run(
      'test/it/cluster/jobs/region-failover.ts',
      [String(RECORDS), '10000', '3000', output],
      [
        '-p',
        '2',
        '-D',
        'execution.checkpointing.interval=100',
        '-D',
        `state.checkpoints.dir=${join(dir, strategy, 'checkpoints')}`,
        '-D',
        'restart-strategy.type=fixed-delay',
        '-D',
        'restart-strategy.fixed-delay.attempts=3',
        '-D',
        'restart-strategy.fixed-delay.delay=200 ms',
        '-D',
        `jobmanager.execution.failover-strategy=${strategy}`,
      ],
    )
    assert.equal(result.code, 0, result.stderr)
    const jobId = await waitFor(
      'the job in the list',
      async () =>
        (await cluster.client.listJobs()).find(
          (j) => j.name === 'region failover' && !seen.has(j.jid),
        )?.jid,
    )
    seen.add(jobId)
    const job = await cluster.client.getJob(jobId)
    const vertices = await Promise.all(
      job.vertices.map((v) => cluster.client.getJobVertex(jobId, v.id)),
    )
    const attempts = vertices.map((v) => `${v.name}: ${v.subtasks.map((s) => s.attempt).join(',')}`)
    const history = (await cluster.client.getJobExceptions(jobId)).exceptionHistory.entries
    const lines = (await committedLines(output)).map(Number).sort((a, b) => a - b)
    return { job, attempts, history, lines }
  }
  const seen = new Set<string>()

  const everyRecordOnce = Array.from({ length: RECORDS }, (_, i) => i)

  it('region: restarts only the failed pipeline, exactly once', async () => {
    const { job, attempts, history, lines } = await runFailingJob('region')
    assert.equal(job.state, 'FINISHED')
    assert.equal(job.timestamps.RESTARTING, 0, 'the job never restarted as a whole')
    assert.deepEqual(attempts, ['Source: numbers: 1,0', 'Map: 1,0', 'Sink: Sink: 1,0'])
    assert.equal(history.length, 1)
    assert.match(history[0]!.stacktrace, /Planned failure of map subtask 0/)
    assert.equal(history[0]!.taskName, 'Map (1/2)')
    assert.deepEqual(lines, everyRecordOnce)
  })

  it('full: restarts every task, exactly once', async () => {
    const { job, attempts, history, lines } = await runFailingJob('full')
    assert.equal(job.state, 'FINISHED')
    assert.ok(job.timestamps.RESTARTING! > 0)
    assert.deepEqual(attempts, ['Source: numbers: 1,1', 'Map: 1,1', 'Sink: Sink: 1,1'])
    assert.equal(history.length, 1)
    assert.deepEqual(lines, everyRecordOnce)
  })
})
