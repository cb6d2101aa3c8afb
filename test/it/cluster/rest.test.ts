// The REST API of a real cluster after a bounded job: vertex metrics carry the real record counts
// the TaskManagers reported, the plan lists the job's vertices, and a TaskManager's details are
// served by its id.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { TestCluster, waitFor } from './support.js'

interface PlanNode {
  readonly id: string
  readonly parallelism: number
  readonly description: string
  readonly inputs?: readonly { readonly id: string; readonly ship_strategy: string }[]
}

describe('the REST API of a cluster', () => {
  let cluster: TestCluster
  let rest: string
  let jobId: string
  let lateJobId: string
  before(async () => {
    cluster = await TestCluster.start({
      taskManagers: 2,
      slotsPerTaskManager: 1,
      config: ['heartbeat.interval=200', 'heartbeat.timeout=2000'],
    })
    rest = `http://${cluster.restAddress}`
    const r = await cluster.run('test/it/cluster/jobs/sequence.ts', ['1000'], ['-p', '2'])
    assert.equal(r.code, 0, r.stderr)
    jobId = /JobID ([0-9a-f]{32})/.exec(r.stdout)![1]!
    const late = await cluster.run('test/it/cluster/jobs/late-records.ts', [], ['-p', '1'])
    assert.equal(late.code, 0, late.stderr)
    lateJobId = /JobID ([0-9a-f]{32})/.exec(late.stdout)![1]!
  })
  after(() => cluster.close())

  async function get<T>(path: string): Promise<{ status: number; body: T }> {
    const response = await fetch(`${rest}${path}`)
    return { status: response.status, body: (await response.json()) as T }
  }

  it('serves the real record counts of a finished job as vertex metrics', async () => {
    const job = await cluster.client.getJob(jobId)
    assert.equal(job.state, 'FINISHED')
    assert.deepStrictEqual(
      job.vertices.map((v) => [v.name, v.parallelism]),
      [
        ['Source: Sequence Source', 2],
        ['double -> Sink: Print to Std. Out', 2],
      ],
    )
    const [source, sink] = job.vertices
    const metrics = (vertexId: string, names: string) =>
      get<{ id: string; value: string }[]>(
        `/jobs/${jobId}/vertices/${vertexId}/metrics?get=${names}`,
      )
    const out = await metrics(source!.id, 'numRecordsOut,0.numRecordsOut,1.numRecordsOut')
    assert.equal(out.status, 200)
    assert.equal(out.body[0]!.id, 'numRecordsOut')
    assert.equal(out.body[0]!.value, '1000')
    // Per subtask: splits go to whichever reader asks first, so only the sum is fixed.
    assert.deepStrictEqual(
      out.body.slice(1).map((m) => m.id),
      ['0.numRecordsOut', '1.numRecordsOut'],
    )
    assert.equal(Number(out.body[1]!.value) + Number(out.body[2]!.value), 1000)
    const inbound = await metrics(sink!.id, 'numRecordsIn,numRecordsOut')
    assert.deepStrictEqual(inbound.body, [
      { id: 'numRecordsIn', value: '1000' },
      { id: 'numRecordsOut', value: '0' },
    ])
    // End of input sent the final watermark through the shuffle to every sink subtask.
    const LONG_MAX = '9223372036854775807'
    assert.deepStrictEqual((await get(`/jobs/${jobId}/vertices/${sink!.id}/watermarks`)).body, [
      { id: '0.currentInputWatermark', value: LONG_MAX },
      { id: '1.currentInputWatermark', value: LONG_MAX },
    ])
    assert.deepStrictEqual(
      (await metrics(source!.id, 'currentOutputWatermark,watermarkLag')).body,
      [{ id: 'currentOutputWatermark', value: LONG_MAX }],
    )
    // The same counts in the job details.
    assert.equal(source!.metrics['write-records'], 1000)
    assert.equal(sink!.metrics['read-records'], 1000)
    const printed = await waitFor('the output', () =>
      cluster.printed().length >= 1000 ? cluster.printed() : undefined,
    )
    assert.deepStrictEqual(
      printed,
      Array.from({ length: 1000 }, (_, i) => String(2 * (i + 1))).sort(),
    )
  })

  it("serves a window operator's numLateRecordsDropped, per subtask and for the vertex", async () => {
    const job = await cluster.client.getJob(lateJobId)
    assert.equal(job.state, 'FINISHED')
    const window = job.vertices.find((v) => v.name.includes('Window('))!
    const ids = await get<{ id: string }[]>(`/jobs/${lateJobId}/vertices/${window.id}/metrics`)
    const dropped = ids.body.map((m) => m.id).filter((id) => id.endsWith('.numLateRecordsDropped'))
    const operator = dropped[0]!.slice(0, -'.numLateRecordsDropped'.length)
    assert.match(operator, /^Window\(TumblingEventTimeWindows/)
    assert.deepStrictEqual(dropped, [
      `${operator}.numLateRecordsDropped`,
      `0.${operator}.numLateRecordsDropped`,
    ])
    const values = await get<{ id: string; value: string }[]>(
      `/jobs/${lateJobId}/vertices/${window.id}/metrics?get=${dropped.map(encodeURIComponent).join(',')}`,
    )
    // 3 and 4 arrive after the watermark reached 15, past the window [0, 10).
    assert.deepStrictEqual(
      values.body.map((m) => m.value),
      ['2', '2'],
    )
  })

  it('serves the plan with the job vertices', async () => {
    const job = await cluster.client.getJob(jobId)
    const { status, body } = await get<{ plan: { jid: string; nodes: PlanNode[] } }>(
      `/jobs/${jobId}/plan`,
    )
    assert.equal(status, 200)
    assert.equal(body.plan.jid, jobId)
    const [source, sink] = job.vertices
    assert.deepStrictEqual(
      body.plan.nodes.map((n) => [n.id, n.parallelism, n.description, n.inputs?.[0]]),
      [
        [source!.id, 2, 'Source: Sequence Source', undefined],
        [
          sink!.id,
          2,
          'double -> Sink: Print to Std. Out',
          { num: 0, id: source!.id, ship_strategy: 'REBALANCE', exchange: 'pipelined_bounded' },
        ],
      ],
    )
  })

  it('serves a TaskManager by its id, and a 404 for an unknown one', async () => {
    const listed = await cluster.client.getTaskManagers()
    assert.equal(listed.length, 2)
    for (const tm of listed) {
      const { status, body } = await get<Record<string, unknown>>(
        `/taskmanagers/${encodeURIComponent(tm.id)}`,
      )
      assert.equal(status, 200)
      assert.equal(body.id, tm.id)
      assert.equal(body.path, tm.path)
      assert.equal(body.dataPort, tm.dataPort)
      assert.equal(body.slotsNumber, 1)
      assert.equal(body.freeSlots, 1)
    }
    const unknown = await get<{ errors: string[] }>('/taskmanagers/nobody')
    assert.deepStrictEqual(unknown, {
      status: 404,
      body: { errors: ['Could not find TaskManager nobody'] },
    })
  })
})
