// A TaskManager killed with SIGKILL in the middle of a job: the job fails within the heartbeat
// timeout with an error that names the lost TaskManager, the JobManager and the other TaskManager
// live on, and the survivor still runs new jobs.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { TestCluster, waitFor } from './support.js'

const HEARTBEAT_TIMEOUT_MS = 2000

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('a TaskManager killed mid-job', () => {
  let cluster: TestCluster
  before(async () => {
    cluster = await TestCluster.start({
      taskManagers: 0,
      config: ['heartbeat.interval=200', `heartbeat.timeout=${HEARTBEAT_TIMEOUT_MS}`],
    })
    cluster.startTaskManager(2, ['taskmanager.resource-id=tm-victim'])
    cluster.startTaskManager(2, ['taskmanager.resource-id=tm-survivor'])
    await cluster.waitForTaskManagers(2)
  })
  after(() => cluster.close())

  it('fails the job, naming the TaskManager, and the cluster runs the next job', async () => {
    const [victim, survivor] = cluster.taskManagers as [
      (typeof cluster.taskManagers)[0],
      (typeof cluster.taskManagers)[0],
    ]
    const run = cluster.run('test/it/cluster/jobs/endless.ts', [], ['-p', '4'])
    const jobId = await waitFor('the job to be submitted', async () => {
      return (await cluster.client.listJobs())[0]?.jid
    })
    const running = await waitFor('all subtasks running', async () => {
      const job = await cluster.client.getJob(jobId)
      return job.vertices.every((v) => v.tasks.RUNNING === 4) ? job : undefined
    })
    assert.equal(running.state, 'RUNNING')
    const taskManagers = await cluster.client.getTaskManagers()
    assert.deepStrictEqual(taskManagers.map((tm) => [tm.id, tm.freeSlots]).sort(), [
      ['tm-survivor', 0],
      ['tm-victim', 0],
    ])
    // The error may come from the heartbeat (naming the resource id and RPC address) or from a
    // consumer on the survivor losing its data connection (naming the data address): whichever
    // is first, as in Flink.
    const victimInfo = taskManagers.find((tm) => tm.id === 'tm-victim')!
    const names = ['tm-victim', victimInfo.path, `127.0.0.1:${victimInfo.dataPort}`]

    const killedAt = Date.now()
    victim.child.kill('SIGKILL')
    await waitFor('the job to fail', async () => {
      return (await cluster.client.getJobStatus(jobId)) === 'FAILED' ? true : undefined
    })
    const failedAfter = Date.now() - killedAt
    assert.ok(failedAfter < HEARTBEAT_TIMEOUT_MS, `the job failed ${failedAfter} ms after the kill`)
    await waitFor('the lost TaskManager to be unlisted', async () => {
      const ids = (await cluster.client.getTaskManagers()).map((tm) => tm.id)
      return ids.length === 1 ? ids : undefined
    })
    const lostAfter = Date.now() - killedAt
    assert.ok(lostAfter < HEARTBEAT_TIMEOUT_MS, `the loss was noticed after ${lostAfter} ms`)

    const root = (await cluster.client.getJobExceptions(jobId))['root-exception']!
    assert.ok(
      names.some((n) => root.split('\n')[0]!.includes(n)),
      `${root} names none of ${names.join(', ')}`,
    )
    const r = await run
    assert.equal(r.code, 1)
    assert.match(r.stderr, new RegExp(`Job 'endless' \\(${jobId}\\) failed`))
    assert.ok(r.stderr.includes(root.split('\n')[0]!), r.stderr)

    // The JobManager and the survivor live on; only the survivor is listed.
    assert.ok(isAlive(cluster.jobManager.child.pid!))
    assert.ok(isAlive(survivor.child.pid!))
    assert.deepStrictEqual(
      (await cluster.client.getTaskManagers()).map((tm) => [tm.id, tm.slotsNumber, tm.freeSlots]),
      [['tm-survivor', 2, 2]],
    )
    const job = await cluster.client.getJob(jobId)
    assert.ok(
      job.vertices.every((v) => (v.tasks.FAILED ?? 0) + (v.tasks.CANCELED ?? 0) === 4),
      JSON.stringify(job.vertices.map((v) => v.tasks)),
    )

    // A new job runs on the survivor.
    const before = cluster.printed().length
    const next = await cluster.run('test/it/cluster/jobs/sequence.ts', ['20'], ['-p', '2'])
    assert.equal(next.code, 0, next.stderr)
    await waitFor('the output', () => (cluster.printed().length >= before + 20 ? true : undefined))
    assert.equal(survivor.stdout().trimEnd().split('\n').length, 20)
  })
})
