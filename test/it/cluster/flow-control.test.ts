// Credit-based flow control across processes: a fast source on one TaskManager feeds a slow sink
// on another. Ten million records move through, neither process's memory grows with the backlog
// (it would by about 0.6 GB without flow control), and the source vertex reports backpressure.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { TestCluster, waitFor } from './support.js'

const RECORDS = 10_000_000
/** Resident memory a TaskManager may reach: its own footprint plus bounded buffers. */
const RSS_CEILING_MB = 250

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? '0')
  return kb / 1024
}

describe('flow control across TaskManagers', () => {
  let cluster: TestCluster
  before(async () => {
    cluster = await TestCluster.start({
      taskManagers: 2,
      slotsPerTaskManager: 1,
      config: ['heartbeat.interval=250', 'heartbeat.timeout=20000'],
    })
  })
  after(() => cluster.close())

  it('moves 10 million records with bounded memory and reports backpressure', async () => {
    const pids = cluster.taskManagers.map((tm) => tm.child.pid!)
    let peak = 0
    const sampler = setInterval(() => {
      for (const pid of pids) peak = Math.max(peak, rssMb(pid))
    }, 100)
    const run = cluster.run(
      'test/it/cluster/jobs/fast-source-slow-sink.ts',
      [String(RECORDS)],
      ['-p', '1'],
    )
    try {
      const jobId = await waitFor('the job', async () => (await cluster.client.listJobs())[0]?.jid)
      const job = await waitFor('running vertices', async () => {
        const j = await cluster.client.getJob(jobId)
        return j.vertices.every((v) => v.status === 'RUNNING') ? j : undefined
      })
      const source = job.vertices.find((v) => v.name.startsWith('Source:'))!
      const sink = job.vertices.find((v) => v !== source)!
      const level = await waitFor('backpressure on the source', async () => {
        const res = await fetch(
          `http://${cluster.restAddress}/jobs/${jobId}/vertices/${source.id}/backpressure`,
        )
        const body = (await res.json()) as { backpressureLevel: string }
        return body.backpressureLevel === 'high' ? body.backpressureLevel : undefined
      })
      assert.equal(level, 'high')
      const r = await run
      assert.equal(r.code, 0, r.stderr)
      const metrics = (await (
        await fetch(
          `http://${cluster.restAddress}/jobs/${jobId}/vertices/${sink.id}/metrics?get=numRecordsIn`,
        )
      ).json()) as { id: string; value: string }[]
      assert.deepStrictEqual(metrics, [{ id: 'numRecordsIn', value: String(RECORDS) }])
    } finally {
      clearInterval(sampler)
    }
    assert.ok(peak > 0 && peak < RSS_CEILING_MB, `peak TaskManager RSS ${peak.toFixed(0)} MB`)
  })
})
