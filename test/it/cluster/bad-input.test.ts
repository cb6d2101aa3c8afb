// Bad input to a running cluster: garbage and truncated frames on the JobManager's RPC port and a
// TaskManager's data port, unknown REST paths, malformed submissions, bundles that do not load,
// a program that builds another graph when replayed and one that calls process.exit(). Each is
// refused or fails its job with a clear error, and no process goes down: afterwards the cluster
// still runs a job.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { connect } from 'node:net'
import { Packr } from 'msgpackr'
import type { JobSubmission } from '../../../src/runtime/common/cluster-info.js'
import { TestCluster, waitFor, type ClusterProcess } from './support.js'

const packr = new Packr({ useRecords: false, moreTypes: true })

/** A frame of Eddy's RPC: u32 length, then the payload. */
function rpcFrame(payload: Buffer): Buffer {
  const header = Buffer.alloc(4)
  header.writeUInt32BE(payload.length)
  return Buffer.concat([header, payload])
}

interface Exchange {
  /** Whether the server closed the connection (before we did). */
  readonly closedByServer: boolean
  readonly received: Buffer
}

/**
 * Writes `bytes` to 127.0.0.1:`port` (then half-closes if `end`) and resolves with what came back
 * once the server closed the connection, or once `isComplete` says the reply is all there, or
 * after 10 s (the server kept a connection open that it should have closed).
 */
function exchange(
  port: number,
  bytes: Buffer,
  end: boolean,
  isComplete: (received: Buffer) => boolean = () => false,
): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port })
    const chunks: Buffer[] = []
    let done = false
    const finish = (closedByServer: boolean): void => {
      if (done) return
      done = true
      clearTimeout(timer)
      socket.destroy()
      resolve({ closedByServer, received: Buffer.concat(chunks) })
    }
    const timer = setTimeout(() => finish(false), 10_000)
    socket.on('data', (d: Buffer) => {
      chunks.push(d)
      if (isComplete(Buffer.concat(chunks))) finish(false)
    })
    socket.on('error', (e) => (done ? undefined : reject(e)))
    socket.on('close', () => finish(true))
    socket.on('connect', () => {
      if (end) socket.end(bytes)
      else socket.write(bytes)
    })
  })
}

/** The payloads of the complete RPC frames in `bytes`. */
function rpcPayloads(bytes: Buffer): Buffer[] {
  const payloads: Buffer[] = []
  for (let off = 0; off + 4 <= bytes.length;) {
    const length = bytes.readUInt32BE(off)
    if (off + 4 + length > bytes.length) break
    payloads.push(bytes.subarray(off + 4, off + 4 + length))
    off += 4 + length
  }
  return payloads
}

function isAlive(p: ClusterProcess): boolean {
  return p.child.exitCode === null && p.child.signalCode === null
}

/** A submission with a well-formed one-vertex JobGraph and `source` as the bundle. */
function submission(source: string): JobSubmission {
  return {
    jobGraph: {
      jobId: randomBytes(16).toString('hex'),
      jobName: 'hand-made',
      vertices: [
        {
          id: randomBytes(16).toString('hex'),
          name: 'Source: Sequence Source',
          parallelism: 1,
          maxParallelism: 128,
          slotSharingGroup: 'default',
          isSource: true,
          inputs: [],
        },
      ],
      plan: '{}',
    },
    bundle: Buffer.from(source).toString('base64'),
    programArgs: [],
    environment: {},
    configuration: {},
  }
}

describe('bad input to a cluster', () => {
  let cluster: TestCluster
  let rest: string
  before(async () => {
    cluster = await TestCluster.start({
      taskManagers: 1,
      slotsPerTaskManager: 2,
      config: ['heartbeat.interval=200', 'heartbeat.timeout=2000'],
    })
    rest = `http://${cluster.restAddress}`
  })
  after(() => cluster.close())

  /** Every process is alive and the REST API answers. */
  async function assertClusterServes(): Promise<void> {
    assert.ok(isAlive(cluster.jobManager), cluster.jobManager.stderr())
    assert.ok(isAlive(cluster.taskManagers[0]!), cluster.taskManagers[0]!.stderr())
    const overview = await cluster.client.getOverview()
    assert.equal(overview.taskmanagers, 1)
    assert.equal(overview['slots-total'], 2)
  }

  it('closes RPC connections that send garbage or frames too large, and answers bad calls', async () => {
    const port = cluster.rpcPort
    const http = await exchange(port, Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'), false)
    assert.deepStrictEqual(http, { closedByServer: true, received: Buffer.alloc(0) })
    const huge = Buffer.concat([Buffer.from([0xff, 0xff, 0xff, 0xff]), randomBytes(64)])
    assert.equal((await exchange(port, huge, false)).closedByServer, true)
    const undecodable = rpcFrame(Buffer.from([0xc1, 0xc1, 0xc1]))
    assert.equal((await exchange(port, undecodable, false)).closedByServer, true)
    const notAMessage = rpcFrame(packr.pack(['not', 'a', 'message']))
    assert.equal((await exchange(port, notAMessage, false)).closedByServer, true)
    // A frame cut off by the peer closing.
    const truncated = Buffer.concat([Buffer.from([0, 0, 0, 100]), randomBytes(10)])
    assert.equal((await exchange(port, truncated, true)).closedByServer, true)

    // Well-formed calls with bad targets or arguments get error replies; the connection stays.
    const calls = [
      { t: 0, id: 1, endpoint: 'nope', method: 'x', args: [] },
      { t: 0, id: 2, endpoint: 'dispatcher', method: 'constructor', args: [] },
      { t: 0, id: 3, endpoint: 'dispatcher', method: 'submitJob', args: [42] },
      { t: 0, id: 4, endpoint: 'resourcemanager', method: 'registerTaskExecutor', args: [{}] },
      // Reachable addresses, but no hardware and more slots than a process could hold.
      {
        t: 0,
        id: 5,
        endpoint: 'resourcemanager',
        method: 'registerTaskExecutor',
        args: [
          {
            resourceId: 'bogus',
            rpcAddress: '127.0.0.1:1',
            dataAddress: '127.0.0.1:2',
            numberOfSlots: 1e9,
          },
        ],
      },
    ]
    const reply = await exchange(
      port,
      Buffer.concat(calls.map((c) => rpcFrame(packr.pack(c)))),
      false,
      (received) => rpcPayloads(received).length === calls.length,
    )
    assert.equal(reply.closedByServer, false)
    const replies = rpcPayloads(reply.received).map(
      (p) => packr.unpack(p) as { id: number; ok: boolean; error: { code?: string } },
    )
    assert.deepStrictEqual(replies.map((r) => [r.id, r.ok, r.error.code]).sort(), [
      [1, false, 'rpc.unknown-endpoint'],
      [2, false, 'rpc.unknown-method'],
      [3, false, 'submission.invalid'],
      [4, false, 'resource.invalid-registration'],
      [5, false, 'resource.invalid-registration'],
    ])
    await assertClusterServes()
  })

  it('closes data connections that send garbage or truncated frames', async () => {
    const [tm] = await cluster.client.getTaskManagers()
    const port = tm!.dataPort
    const http = await exchange(port, Buffer.from('GET / HTTP/1.1\r\n\r\n'), false)
    assert.equal(http.closedByServer, true)
    const unknownType = Buffer.from([0, 0, 0, 5, 99, 0, 0, 0, 1])
    assert.equal((await exchange(port, unknownType, false)).closedByServer, true)
    const badCredit = Buffer.from([0, 0, 0, 3, 2, 0, 0])
    assert.equal((await exchange(port, badCredit, false)).closedByServer, true)
    const truncated = Buffer.from([0, 0, 0, 50, 1, 0, 0, 0, 1])
    assert.equal((await exchange(port, truncated, true)).closedByServer, true)
    await assertClusterServes()
  })

  it('answers unknown REST paths and malformed submissions with JSON errors', async () => {
    const notFound = await fetch(`${rest}/no/such/path`)
    assert.equal(notFound.status, 404)
    assert.deepStrictEqual(await notFound.json(), { errors: ['Not found: /no/such/path'] })
    const badId = await fetch(`${rest}/jobs/not-a-job-id`)
    assert.equal(badId.status, 400)
    assert.deepStrictEqual(await badId.json(), {
      errors: ['"not-a-job-id" is not a valid job id (a JobID is 32 hexadecimal characters)'],
    })

    const post = (body: string) =>
      fetch(`${rest}/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
    const s = submission('x')
    const notJson = await post('{"jobGraph": ')
    assert.equal(notJson.status, 400)
    assert.equal(notJson.headers.get('content-type'), 'application/json; charset=utf-8')
    const notJsonBody = (await notJson.json()) as { errors: string[] }
    assert.equal(notJsonBody.errors.length, 1)
    const missing = await post('{"bundle": "AAAA"}')
    assert.equal(missing.status, 400)
    assert.deepStrictEqual(await missing.json(), {
      errors: ["Invalid job submission: body must have required property 'jobGraph'"],
    })
    const planNotJson = await post(
      JSON.stringify({ ...s, jobGraph: { ...s.jobGraph, plan: 'not json' } }),
    )
    assert.equal(planNotJson.status, 400)
    assert.deepStrictEqual(await planNotJson.json(), {
      errors: ["Invalid job submission: the job graph's plan is not JSON"],
    })
    const notBase64 = await post(JSON.stringify({ ...s, bundle: 'not base64!' }))
    assert.equal(notBase64.status, 400)
    assert.match(((await notBase64.json()) as { errors: string[] }).errors[0]!, /not base64/)
    assert.deepStrictEqual(await cluster.client.listJobs(), [])
    await assertClusterServes()
  })

  it('fails jobs whose bundle does not load, saying why', async () => {
    const bundles = {
      'throws at top level': [
        "throw new Error('boom at top level')",
        /it failed before execute\(\): boom at top level/,
      ],
      'is not JavaScript': ['this is not javascript (', /it failed before execute\(\): /],
      'never calls execute()': ['export const x = 1', /it never called execute\(\)/],
      'exits the process': [
        'process.exit(3)',
        /it failed before execute\(\): The program called process.exit\(3\)/,
      ],
    } as const
    for (const [what, [source, why]] of Object.entries(bundles)) {
      const s = submission(source)
      const jobId = await cluster.client.submitJob(s)
      assert.equal(jobId, s.jobGraph.jobId)
      const result = await cluster.client.waitForJobResult(jobId, 50)
      assert.equal(result.state, 'FAILED', what)
      const root = result.error!
      assert.ok(
        root.startsWith(`EddyError: Could not load the program of job ${jobId}: `),
        `${what}: ${root}`,
      )
      assert.match(root.split('\n')[0]!, why, what)
      if (what === 'is not JavaScript') assert.match(root, /Caused by: SyntaxError/)
    }
    await assertClusterServes()
  })

  it('fails a program that builds another job graph when replayed', async () => {
    const r = await cluster.run('test/it/cluster/jobs/replay-mismatch.ts', [], ['-p', '2'])
    assert.equal(r.code, 1)
    // Submitted: the source (x2), then map and sink (x1); replayed: all chained, x2.
    const message =
      /The program of job ([0-9a-f]{32}) built a different job graph when replayed than when it was submitted \(1 vertex: 'Source: Sequence Source -> Map -> Sink: Sink' x2\)/
    assert.match(r.stderr, message)
    const jobId = message.exec(r.stderr)![1]!
    assert.equal(await cluster.client.getJobStatus(jobId), 'FAILED')
    const root = (await cluster.client.getJobExceptions(jobId))['root-exception']!
    assert.match(root, message)
    await assertClusterServes()
  })

  it('runs a program that calls process.exit() after execute() fails, on live processes', async () => {
    const before = cluster.printed().length
    const r = await cluster.run('test/it/cluster/jobs/exit-on-failure.ts')
    assert.equal(r.code, 0, r.stderr)
    const printed = await waitFor('the output', () =>
      cluster.printed().length >= before + 5 ? cluster.printed() : undefined,
    )
    for (const n of ['10', '20', '30', '40', '50']) assert.ok(printed.includes(n), n)
    await assertClusterServes()
  })

  it('still runs a job after all of it', async () => {
    const r = await cluster.run('test/it/cluster/jobs/sequence.ts', ['10'], ['-p', '2'])
    assert.equal(r.code, 0, r.stderr)
    const overview = await cluster.client.getOverview()
    assert.equal(overview['jobs-finished'], 2)
    assert.equal(overview['jobs-failed'], 5)
    await assertClusterServes()
  })
})
