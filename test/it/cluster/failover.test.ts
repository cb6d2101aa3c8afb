// Recovery on a real cluster: a checkpointed keyed count loses a TaskManager to SIGKILL mid-run.
// The JobMaster cancels the rest of the attempt, waits the restart strategy's backoff, and
// deploys the job again on the survivor and a TaskManager started after the kill, from the
// latest completed checkpoint: every key ends with its exact count, printed once, the subtasks
// show attempt 1 and the exception history names the lost TaskManager.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TestCluster, waitFor } from './support.js'

describe('a checkpointed job that loses a TaskManager', () => {
  let cluster: TestCluster
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eddy-failover-'))
    cluster = await TestCluster.start({
      taskManagers: 0,
      config: ['heartbeat.interval=200', 'heartbeat.timeout=2000'],
    })
    cluster.startTaskManager(1, ['taskmanager.resource-id=tm-victim'])
    await cluster.waitForTaskManagers(1)
    cluster.startTaskManager(1, ['taskmanager.resource-id=tm-survivor'])
    await cluster.waitForTaskManagers(2)
  })
  after(async () => {
    await cluster.close()
    await rm(dir, { recursive: true, force: true })
  })

  it('restarts from the latest checkpoint on the remaining and a new TaskManager', async () => {
    const run = cluster.run(
      'test/it/cluster/jobs/counting.ts',
      ['40000', '8000'],
      [
        '-p',
        '2',
        '-D',
        'execution.checkpointing.interval=100',
        '-D',
        `state.checkpoints.dir=${dir}`,
        '-D',
        'restart-strategy.type=fixed-delay',
        '-D',
        'restart-strategy.fixed-delay.attempts=20',
        '-D',
        'restart-strategy.fixed-delay.delay=300 ms',
      ],
    )
    const jobId = await waitFor('a completed checkpoint', async () => {
      const job = (await cluster.client.listJobs()).find((j) => j.name === 'counting')
      if (job === undefined) return undefined
      const stats = await cluster.client.getCheckpointStatistics(job.jid)
      return stats.counts.completed >= 2 ? job.jid : undefined
    })
    assert.deepEqual(cluster.printed(), [])
    cluster.taskManagers[0]!.child.kill('SIGKILL')
    cluster.startTaskManager(1, ['taskmanager.resource-id=tm-replacement'])

    const result = await run
    assert.equal(result.code, 0, result.stderr)
    const job = await cluster.client.getJob(jobId)
    assert.equal(job.state, 'FINISHED')
    const printed = await waitFor('every key printed', () =>
      cluster.printed().length >= 10 ? cluster.printed() : undefined,
    )
    assert.deepEqual(
      printed,
      Array.from({ length: 10 }, (_, k) => `${k},4000`),
    )

    const vertices = await Promise.all(
      job.vertices.map((v) => cluster.client.getJobVertex(jobId, v.id)),
    )
    const subtasks = vertices.flatMap((v) => v.subtasks)
    const attempts = new Set(subtasks.map((s) => s.attempt))
    assert.equal(attempts.size, 1, JSON.stringify([...attempts]))
    assert.ok([...attempts][0]! >= 1, `attempt ${[...attempts][0]}`)
    const hosts = new Set(subtasks.map((s) => s['taskmanager-id']))
    assert.ok(!hosts.has('tm-victim'), [...hosts].join(', '))

    const history = (await cluster.client.getJobExceptions(jobId)).exceptionHistory.entries
    assert.ok(history.length >= 1)
    const first = history[history.length - 1]!
    const victim = /tm-victim|TaskManagerLost|127\.0\.0\.1:\d+/
    assert.match([first, ...first.concurrentExceptions].map((e) => e.stacktrace).join('\n'), victim)
  })
})
