// Slots on a real cluster: a job submitted before any TaskManager registered waits for slots and
// runs once one registers; a job that needs more slots than the cluster has fails after
// slot.request.timeout with an error that says how many slots were missing.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { TestCluster, waitFor } from './support.js'

const HEARTBEATS = ['heartbeat.interval=200', 'heartbeat.timeout=2000']

describe('a job submitted before any TaskManager registered', () => {
  let cluster: TestCluster
  before(async () => {
    cluster = await TestCluster.start({ taskManagers: 0, config: HEARTBEATS })
  })
  after(() => cluster.close())

  it('waits for slots, then runs on the TaskManager that registers', async () => {
    const run = cluster.run('test/it/cluster/jobs/sequence.ts', ['100'], ['-p', '2'])
    const jobId = await waitFor('the job to be submitted', async () => {
      const jobs = await cluster.client.listJobs()
      return jobs[0]?.jid
    })
    const waiting = await waitFor('the job to wait for slots', async () => {
      const job = await cluster.client.getJob(jobId)
      return job.vertices.every((v) => v.tasks.SCHEDULED === v.parallelism) ? job : undefined
    })
    assert.equal(waiting.state, 'RUNNING')
    // It keeps waiting while there is no TaskManager.
    await new Promise((r) => setTimeout(r, 500))
    assert.deepStrictEqual(
      (await cluster.client.getJob(jobId)).vertices.map((v) => v.status),
      ['SCHEDULED', 'SCHEDULED'],
    )

    cluster.startTaskManager(2)
    const r = await run
    assert.equal(r.code, 0, r.stderr)
    const job = await cluster.client.getJob(jobId)
    assert.equal(job.state, 'FINISHED')
    assert.deepStrictEqual(
      job.vertices.map((v) => v.tasks.FINISHED),
      [2, 2],
    )
    const printed = await waitFor('the output', () =>
      cluster.printed().length >= 100 ? cluster.printed() : undefined,
    )
    assert.deepStrictEqual(
      printed,
      Array.from({ length: 100 }, (_, i) => String(2 * (i + 1))).sort(),
    )
  })

  it('gives up the slot request of a job cancelled while it waits, so later jobs run', async () => {
    // Needs 3 slots of the 2 there are: waits (slot.request.timeout is 5 minutes).
    const big = cluster.run('test/it/cluster/jobs/sequence.ts', ['10'], ['-p', '3'])
    const bigId = await waitFor('the job to wait for slots', async () => {
      const job = (await cluster.client.listJobs()).find((j) => j.tasks.SCHEDULED === 6)
      return job?.jid
    })
    const cancel = await cluster.cli(['cancel', bigId, '-m', cluster.restAddress])
    assert.equal(cancel.code, 0, cancel.stderr)
    assert.match((await big).stderr, new RegExp(`Job 'sequence' \\(${bigId}\\) was cancelled`))

    const r = await cluster.run('test/it/cluster/jobs/sequence.ts', ['10'], ['-p', '2'])
    assert.equal(r.code, 0, r.stderr)
    const states = (await cluster.client.listJobs()).map((j) => j.state).sort()
    assert.deepStrictEqual(states, ['CANCELED', 'FINISHED', 'FINISHED'])
  })
})

describe('a job that needs more slots than the cluster has', () => {
  let cluster: TestCluster
  before(async () => {
    cluster = await TestCluster.start({
      taskManagers: 1,
      slotsPerTaskManager: 1,
      config: [...HEARTBEATS, 'slot.request.timeout=1500'],
    })
  })
  after(() => cluster.close())

  it('fails after slot.request.timeout, saying how many slots were missing', async () => {
    const started = Date.now()
    const r = await cluster.run('test/it/cluster/jobs/sequence.ts', ['100'], ['-p', '3'])
    const elapsed = Date.now() - started
    assert.equal(r.code, 1)
    const message =
      /Could not acquire the required 3 slots for job [0-9a-f]{32} within 1500 ms \(slot.request.timeout\): 1 slot is free, 2 slots are missing/
    assert.match(r.stderr, message)
    assert.ok(elapsed >= 1500, `failed after ${elapsed} ms`)

    const [job] = await cluster.client.listJobs()
    assert.equal(job!.state, 'FAILED')
    const exceptions = await cluster.client.getJobExceptions(job!.jid)
    assert.match(exceptions['root-exception']!, message)
    // Nothing was deployed, and the one slot is free again.
    assert.deepStrictEqual(
      (await cluster.client.getJob(job!.jid)).vertices.map((v) => v.tasks.CANCELED),
      [3, 3],
    )
    assert.equal((await cluster.client.getOverview())['slots-available'], 1)
  })
})
