import assert from 'node:assert/strict'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { RestClientError } from '../../src/rest/rest-client-error.js'
import { RestClusterClient } from '../../src/rest/rest-cluster-client.js'
import { RestServerEndpoint } from '../../src/rest/rest-server-endpoint.js'
import {
  InMemoryDispatcher,
  JOB_ID,
  JOB_OVERVIEW,
  OVERVIEW,
  TASK_MANAGER,
  UNKNOWN_JOB_ID,
  jobDetails,
  submission,
} from './support.js'

/** The fields of a RestClientError that tests compare. */
function summary(e: unknown): object {
  assert.ok(e instanceof RestClientError, `expected a RestClientError, got ${String(e)}`)
  return { code: e.code, message: e.message, status: e.status, errors: e.errors }
}

describe('RestClusterClient', () => {
  let dispatcher: InMemoryDispatcher
  let server: RestServerEndpoint
  let client: RestClusterClient

  beforeEach(async () => {
    dispatcher = new InMemoryDispatcher()
    server = await RestServerEndpoint.start({ address: '127.0.0.1', port: 0, dispatcher })
    client = new RestClusterClient(server.url)
  })

  afterEach(async () => {
    await server.close()
  })

  it('submits a job and resolves with its id', async () => {
    const s = submission()
    assert.equal(await client.submitJob(s), '0123456789abcdef0123456789abcdef')
    assert.deepStrictEqual(dispatcher.submissions, [s])
  })

  it('cancels a job', async () => {
    await client.cancelJob(JOB_ID)
    assert.deepStrictEqual(dispatcher.cancellations, [JOB_ID])
  })

  it('reads the jobs, one job, its status and exceptions, the overview and the TaskManagers', async () => {
    const { subtasks: _subtasks, ...vertex } = jobDetails('RUNNING').vertices[0]!
    assert.deepStrictEqual(await client.listJobs(), [JOB_OVERVIEW])
    assert.deepStrictEqual(await client.getJob(JOB_ID), {
      ...jobDetails('RUNNING'),
      vertices: [vertex],
    })
    assert.equal(await client.getJobStatus(JOB_ID), 'RUNNING')
    assert.deepStrictEqual(await client.getJobExceptions(JOB_ID), {
      'root-exception': null,
      timestamp: null,
      'all-exceptions': [],
      truncated: false,
      exceptionHistory: { entries: [], truncated: false },
    })
    assert.deepStrictEqual(await client.getOverview(), OVERVIEW)
    assert.deepStrictEqual(await client.getTaskManagers(), [TASK_MANAGER])
  })

  it('accepts host:port without a scheme and a trailing slash', async () => {
    assert.equal(new RestClusterClient(`127.0.0.1:${server.port}/`).baseUrl, server.url)
    assert.deepStrictEqual(
      await new RestClusterClient(`127.0.0.1:${server.port}`).getOverview(),
      OVERVIEW,
    )
  })

  it('waits for a failed job and reports its root exception', async () => {
    dispatcher.jobStates = ['CREATED', 'RUNNING', 'FAILED']
    dispatcher.rootException = 'UserFunctionError: boom'
    assert.deepStrictEqual(await client.waitForJobResult(JOB_ID, 1), {
      state: 'FAILED',
      error: 'UserFunctionError: boom',
    })
    assert.deepStrictEqual(dispatcher.jobStates, ['FAILED'])
  })

  it('waits for a finished or cancelled job without an error', async () => {
    dispatcher.jobStates = ['RUNNING', 'FINISHED']
    assert.deepStrictEqual(await client.waitForJobResult(JOB_ID, 1), { state: 'FINISHED' })
    dispatcher.jobStates = ['CANCELING', 'CANCELED']
    assert.deepStrictEqual(await client.waitForJobResult(JOB_ID, 1), { state: 'CANCELED' })
  })

  it('rejects with the status and Flink errors for an HTTP error', async () => {
    await assert.rejects(client.getJob(UNKNOWN_JOB_ID), (e: unknown) => {
      assert.deepStrictEqual(summary(e), {
        code: 'rest.http-error',
        message: `GET ${server.url}/jobs/${UNKNOWN_JOB_ID} failed with HTTP 404 Not Found: Job ${UNKNOWN_JOB_ID} not found`,
        status: 404,
        errors: [`Job ${UNKNOWN_JOB_ID} not found`],
      })
      assert.equal((e as RestClientError).domain, 'user')
      return true
    })
  })

  it('rejects a submission the server refuses with its reason', async () => {
    await assert.rejects(client.submitJob(submission({ bundle: 'abc' })), (e: unknown) => {
      assert.deepStrictEqual(summary(e), {
        code: 'rest.http-error',
        message:
          `POST ${server.url}/jobs failed with HTTP 400 Bad Request: Invalid job submission: ` +
          'body/bundle is not base64: its length 3 is not a multiple of 4 (is it padded?)',
        status: 400,
        errors: [
          'Invalid job submission: body/bundle is not base64: its length 3 is not a multiple of 4 (is it padded?)',
        ],
      })
      return true
    })
  })

  it('rejects when waiting on an unknown job', async () => {
    await assert.rejects(client.waitForJobResult(UNKNOWN_JOB_ID, 1), (e: unknown) => {
      assert.equal((e as RestClientError).status, 404)
      return true
    })
  })

  it('says the cluster may not be running when the connection is refused', async () => {
    const gone = await RestServerEndpoint.start({ address: '127.0.0.1', port: 0, dispatcher })
    const { port, url } = gone
    await gone.close()
    await assert.rejects(new RestClusterClient(url).getOverview(), (e: unknown) => {
      assert.deepStrictEqual(summary(e), {
        code: 'rest.unreachable',
        message: `Could not reach the JobManager at http://127.0.0.1:${port}: is the cluster running?`,
        status: undefined,
        errors: [],
      })
      return true
    })
  })

  it('rejects with rest.timeout when the server does not answer in time', async () => {
    let open!: () => void
    dispatcher.overviewGate = new Promise<void>((resolve) => (open = resolve))
    const impatient = new RestClusterClient(server.url, { timeoutMs: 50 })
    await assert.rejects(impatient.getOverview(), (e: unknown) => {
      assert.deepStrictEqual(summary(e), {
        code: 'rest.timeout',
        message: `GET ${server.url}/overview: the JobManager did not answer within 50 ms`,
        status: undefined,
        errors: [],
      })
      return true
    })
    open()
  })
})

describe('RestClusterClient against something that is not a JobManager', () => {
  let proxy: Server
  let url: string

  beforeEach(async () => {
    proxy = createServer((req, res) => {
      if (req.url === '/overview') {
        res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad Gateway</h1>')
      } else {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<h1>Welcome</h1>')
      }
    })
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
  })

  afterEach(async () => {
    proxy.closeAllConnections()
    await new Promise<void>((resolve, reject) => proxy.close((e) => (e ? reject(e) : resolve())))
  })

  it('reports the body text of an HTTP error that is not JSON', async () => {
    await assert.rejects(new RestClusterClient(url).getOverview(), (e: unknown) => {
      assert.deepStrictEqual(summary(e), {
        code: 'rest.http-error',
        message: `GET ${url}/overview failed with HTTP 502 Bad Gateway: <h1>Bad Gateway</h1>`,
        status: 502,
        errors: ['<h1>Bad Gateway</h1>'],
      })
      assert.equal((e as RestClientError).domain, 'external')
      return true
    })
  })

  it('rejects a successful reply that is not JSON', async () => {
    await assert.rejects(new RestClusterClient(url).listJobs(), (e: unknown) => {
      assert.deepStrictEqual(summary(e), {
        code: 'rest.invalid-response',
        message: `GET ${url}/jobs/overview answered HTTP 200 with a body that is not JSON: <h1>Welcome</h1>`,
        status: 200,
        errors: [],
      })
      return true
    })
  })
})
