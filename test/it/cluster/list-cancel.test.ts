// `eddy list` and `eddy cancel` against a running cluster: an endless job is listed as running,
// cancelled from another CLI process, and then it and every one of its subtasks are CANCELED,
// while the `eddy run` that submitted it exits with an error saying so.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { TestCluster, waitFor } from './support.js'

describe('eddy list and eddy cancel', () => {
  let cluster: TestCluster
  before(async () => {
    cluster = await TestCluster.start({
      taskManagers: 1,
      slotsPerTaskManager: 2,
      config: ['heartbeat.interval=200', 'heartbeat.timeout=2000'],
    })
  })
  after(() => cluster.close())

  it('lists a running job, cancels it, and every subtask ends CANCELED', async () => {
    const run = cluster.run('test/it/cluster/jobs/endless.ts', [], ['-p', '2'])
    const jobId = await waitFor('the job to be submitted', async () => {
      const jobs = await cluster.client.listJobs()
      return jobs[0]?.jid
    })
    await waitFor('all subtasks running', async () => {
      const job = await cluster.client.getJob(jobId)
      return job.vertices.every((v) => v.tasks.RUNNING === v.parallelism) ? true : undefined
    })

    const list = await cluster.cli(['list', '-m', cluster.restAddress])
    assert.equal(list.code, 0, list.stderr)
    const lines = list.stdout.trimEnd().split('\n')
    assert.equal(lines.length, 3, list.stdout)
    assert.equal(lines[0], '------------------ Running/Restarting Jobs -------------------')
    assert.match(
      lines[1]!,
      new RegExp(`^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d : ${jobId} : endless \\(RUNNING\\)$`),
    )
    assert.equal(lines[2], '--------------------------------------------------------------')

    const cancel = await cluster.cli(['cancel', jobId, '-m', cluster.restAddress])
    assert.equal(cancel.code, 0, cancel.stderr)
    assert.equal(cancel.stdout, `Cancelled job ${jobId}.\n`)

    const r = await run
    assert.notEqual(r.code, 0)
    assert.match(r.stderr, new RegExp(`Job 'endless' \\(${jobId}\\) was cancelled`))

    const job = await cluster.client.getJob(jobId)
    assert.equal(job.state, 'CANCELED')
    assert.deepStrictEqual(
      job.vertices.map((v) => [v.status, v.tasks.CANCELED, v.parallelism]),
      [
        ['CANCELED', 2, 2],
        ['CANCELED', 2, 2],
      ],
    )
    const overview = await cluster.client.getOverview()
    assert.equal(overview['jobs-cancelled'], 1)
    assert.equal(overview['slots-available'], 2)

    const after = await cluster.cli(['list', '-m', cluster.restAddress])
    assert.equal(after.stdout, 'No running jobs.\n')
  })

  it('fails to cancel a job that does not exist, naming it', async () => {
    const unknown = '0123456789abcdef0123456789abcdef'
    const r = await cluster.cli(['cancel', unknown, '-m', cluster.restAddress])
    assert.equal(r.code, 1)
    assert.match(r.stderr, new RegExp(`HTTP 404 Not Found: Job ${unknown} not found`))
  })
})
