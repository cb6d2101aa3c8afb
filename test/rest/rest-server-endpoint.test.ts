import assert from 'node:assert/strict'
import { request as httpRequest } from 'node:http'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { EddyError } from '../../src/core/errors.js'
import { ManualClock } from '../../src/core/time/clock.js'
import { DEFAULT_BODY_LIMIT, RestServerEndpoint } from '../../src/rest/rest-server-endpoint.js'
import { RemoteError } from '../../src/runtime/rpc/rpc-errors.js'
import {
  CONFIGURATION,
  InMemoryDispatcher,
  JOB_ID,
  JOB_OVERVIEW,
  JSON_TYPE,
  NOW,
  OVERVIEW,
  PLAN,
  SUBTASKS,
  TASK_MANAGER,
  TM_ID,
  UNKNOWN_JOB_ID,
  VERTEX,
  VERTEX_ID,
  http,
  jobDetails,
  postJson,
  submission,
} from './support.js'

// The dashboard configuration reports the JobManager's time zone; pin it.
process.env.TZ = 'UTC'

const remoteError = (code: string, message: string): RemoteError =>
  new RemoteError(
    { name: 'EddyError', message, code },
    { address: '127.0.0.1:6123', endpoint: 'dispatcher', method: 'requestJob' },
  )

describe('RestServerEndpoint', () => {
  let dispatcher: InMemoryDispatcher
  let server: RestServerEndpoint
  let logs: unknown[][]
  let url: string

  beforeEach(async () => {
    dispatcher = new InMemoryDispatcher()
    logs = []
    server = await RestServerEndpoint.start({
      address: '127.0.0.1',
      port: 0,
      dispatcher,
      clock: new ManualClock(NOW),
      log: (...entry) => logs.push(entry),
    })
    url = server.url
  })

  afterEach(async () => {
    await server.close()
  })

  const get = (path: string) => http(url, 'GET', path)
  const ok = (body: unknown) => ({ status: 200, contentType: JSON_TYPE, body })
  const failure = (status: number, message: string) => ({
    status,
    contentType: JSON_TYPE,
    body: { errors: [message] },
  })

  describe('lifecycle', () => {
    it('binds to the given address and reports its url and port', () => {
      assert.ok(server.port > 0)
      assert.equal(server.url, `http://127.0.0.1:${server.port}`)
      assert.deepStrictEqual(logs, [['info', `REST endpoint listening on ${url}`, { url }]])
    })

    it('rejects with rest.bind-failed when the port is taken', async () => {
      const second = RestServerEndpoint.start({
        address: '127.0.0.1',
        port: server.port,
        dispatcher,
      })
      await assert.rejects(second, (e: unknown) => {
        assert.ok(e instanceof EddyError)
        assert.equal(e.code, 'rest.bind-failed')
        assert.equal(
          e.message,
          `Could not start the REST endpoint on 127.0.0.1:${server.port}: ` +
            `listen EADDRINUSE: address already in use 127.0.0.1:${server.port}`,
        )
        return true
      })
    })
  })

  describe('cluster paths', () => {
    it('serves the dashboard configuration on GET /config', async () => {
      assert.deepStrictEqual(
        await get('/config'),
        ok({
          'refresh-interval': 3000,
          'timezone-name': 'Coordinated Universal Time',
          'timezone-offset': 0,
          'flink-version': '0.1.0',
          'flink-revision': 'eddy',
          features: {
            'web-submit': false,
            'web-cancel': true,
            'web-rescale': false,
            'web-history': false,
          },
        }),
      )
    })

    it('serves the configuration as key/value entries sorted by key on GET /jobmanager/config', async () => {
      assert.deepStrictEqual(
        await get('/jobmanager/config'),
        ok([
          { key: 'jobmanager.rpc.port', value: CONFIGURATION['jobmanager.rpc.port'] },
          { key: 'parallelism.default', value: '2' },
          { key: 'rest.port', value: '0' },
        ]),
      )
    })

    it('serves the cluster overview on GET /overview', async () => {
      assert.deepStrictEqual(await get('/overview'), ok(OVERVIEW))
    })

    it('lists the TaskManagers on GET /taskmanagers', async () => {
      assert.deepStrictEqual(await get('/taskmanagers'), ok({ taskmanagers: [TASK_MANAGER] }))
    })

    it('serves one TaskManager on GET /taskmanagers/:id', async () => {
      assert.deepStrictEqual(await get(`/taskmanagers/${TM_ID}`), ok(TASK_MANAGER))
    })

    it('answers 404 for an unknown TaskManager', async () => {
      assert.deepStrictEqual(
        await get('/taskmanagers/taskmanager-9'),
        failure(404, 'Could not find TaskManager taskmanager-9'),
      )
    })
  })

  describe('job paths', () => {
    it('lists job ids and statuses on GET /jobs', async () => {
      assert.deepStrictEqual(await get('/jobs'), ok({ jobs: [{ id: JOB_ID, status: 'RUNNING' }] }))
    })

    it('lists job overviews on GET /jobs/overview', async () => {
      assert.deepStrictEqual(await get('/jobs/overview'), ok({ jobs: [JOB_OVERVIEW] }))
    })

    it('serves the job details without subtasks on GET /jobs/:jobid', async () => {
      const { subtasks: _subtasks, ...vertex } = VERTEX
      assert.deepStrictEqual(
        await get(`/jobs/${JOB_ID}`),
        ok({ ...jobDetails('RUNNING'), vertices: [vertex] }),
      )
    })

    it('accepts a job id in upper case and asks the Dispatcher in lower case', async () => {
      assert.deepStrictEqual(
        await get(`/jobs/${JOB_ID.toUpperCase()}/status`),
        ok({ status: 'RUNNING' }),
      )
    })

    it('serves the status on GET /jobs/:jobid/status', async () => {
      dispatcher.jobStates = ['FINISHED']
      assert.deepStrictEqual(await get(`/jobs/${JOB_ID}/status`), ok({ status: 'FINISHED' }))
    })

    it('serves the plan on GET /jobs/:jobid/plan', async () => {
      assert.deepStrictEqual(await get(`/jobs/${JOB_ID}/plan`), ok({ plan: PLAN }))
    })

    it('serves the exceptions on GET /jobs/:jobid/exceptions', async () => {
      dispatcher.rootException = 'java.lang.RuntimeException: boom'
      assert.deepStrictEqual(
        await get(`/jobs/${JOB_ID}/exceptions`),
        ok({
          'root-exception': 'java.lang.RuntimeException: boom',
          timestamp: NOW,
          'all-exceptions': [],
          truncated: false,
          exceptionHistory: { entries: [], truncated: false },
        }),
      )
    })

    it('serves no job metrics for a job that does not checkpoint', async () => {
      assert.deepStrictEqual(await get(`/jobs/${JOB_ID}/metrics`), ok([]))
      assert.deepStrictEqual(
        await get(`/jobs/${JOB_ID}/checkpoints/details/x`),
        failure(400, "Bad request: checkpoint id 'x' is not a non-negative integer"),
      )
    })

    it('answers 404 for the checkpoints of a job that does not checkpoint', async () => {
      for (const path of ['checkpoints', 'checkpoints/config', 'checkpoints/details/1']) {
        assert.deepStrictEqual(
          await get(`/jobs/${JOB_ID}/${path}`),
          failure(404, `Checkpointing is not enabled for job ${JOB_ID}`),
        )
      }
    })

    it('cancels on PATCH /jobs/:jobid?mode=cancel with 202 and {}', async () => {
      assert.deepStrictEqual(await http(url, 'PATCH', `/jobs/${JOB_ID}?mode=cancel`), {
        status: 202,
        contentType: JSON_TYPE,
        body: {},
      })
      assert.deepStrictEqual(dispatcher.cancellations, [JOB_ID])
    })

    it('cancels on PATCH /jobs/:jobid without a mode, even with an empty JSON body', async () => {
      assert.deepStrictEqual(
        await http(url, 'PATCH', `/jobs/${JOB_ID}`, { body: '', contentType: 'application/json' }),
        { status: 202, contentType: JSON_TYPE, body: {} },
      )
      assert.deepStrictEqual(dispatcher.cancellations, [JOB_ID])
    })

    it('answers 400 for a termination mode other than cancel', async () => {
      assert.deepStrictEqual(
        await http(url, 'PATCH', `/jobs/${JOB_ID}?mode=stop`),
        failure(400, `Unsupported termination mode "stop"; use 'cancel'`),
      )
      assert.deepStrictEqual(dispatcher.cancellations, [])
    })
  })

  describe('vertex paths', () => {
    const vertexPath = `/jobs/${JOB_ID}/vertices/${VERTEX_ID}`

    it('serves the vertex details with Flink subtask fields on GET .../vertices/:vertexid', async () => {
      const subtask = (i: 0 | 1) => {
        const s = SUBTASKS[i]!
        return {
          subtask: s.subtask,
          status: s.status,
          attempt: s.attempt,
          endpoint: s.endpoint,
          'start-time': s['start-time'],
          'end-time': s['end-time'],
          duration: s.duration,
          metrics: s.metrics,
          'taskmanager-id': TM_ID,
        }
      }
      assert.deepStrictEqual(
        await get(vertexPath),
        ok({
          id: VERTEX_ID,
          name: 'Source: numbers -> Map',
          parallelism: 2,
          maxParallelism: 128,
          now: NOW,
          subtasks: [subtask(0), subtask(1)],
        }),
      )
    })

    it('lists the available metric ids on GET .../metrics', async () => {
      const names = [
        'numRecordsIn',
        'numRecordsOut',
        'numBytesIn',
        'numBytesOut',
        'busyTimeMsPerSecond',
        'idleTimeMsPerSecond',
        'backPressuredTimeMsPerSecond',
        'currentInputWatermark',
        'currentOutputWatermark',
      ]
      // watermarkLag is there only for a subtask that has a watermark.
      assert.deepStrictEqual(
        await get(`${vertexPath}/metrics`),
        ok([
          ...[...names, 'watermarkLag', 'Map.numLateRecordsDropped'].map((id) => ({ id })),
          ...[...names, 'watermarkLag', 'Map.numLateRecordsDropped'].map((n) => ({ id: `0.${n}` })),
          ...[...names, 'Map.numLateRecordsDropped'].map((n) => ({ id: `1.${n}` })),
        ]),
      )
    })

    it('serves watermarks as Java longs: the lowest subtask for the vertex, none as Long.MIN_VALUE', async () => {
      assert.deepStrictEqual(
        await get(
          `${vertexPath}/metrics?get=currentInputWatermark,0.currentOutputWatermark,1.currentInputWatermark,watermarkLag,1.watermarkLag`,
        ),
        ok([
          { id: 'currentInputWatermark', value: '-9223372036854775808' },
          { id: '0.currentOutputWatermark', value: '1700000000000' },
          { id: '1.currentInputWatermark', value: '-9223372036854775808' },
          { id: 'watermarkLag', value: '2500' },
        ]),
      )
      assert.deepStrictEqual(
        await get(
          `${vertexPath}/metrics?get=Map.numLateRecordsDropped,1.Map.numLateRecordsDropped`,
        ),
        ok([
          { id: 'Map.numLateRecordsDropped', value: '7' },
          { id: '1.Map.numLateRecordsDropped', value: '4' },
        ]),
      )
      assert.deepStrictEqual(
        await get(`${vertexPath}/watermarks`),
        ok([
          { id: '0.currentInputWatermark', value: '1700000000000' },
          { id: '1.currentInputWatermark', value: '-9223372036854775808' },
        ]),
      )
    })

    it('serves requested metrics as strings, summing counters and taking the max of time gauges', async () => {
      const names = [
        'numRecordsIn',
        'numRecordsOut',
        'numBytesIn',
        'numBytesOut',
        'busyTimeMsPerSecond',
        'idleTimeMsPerSecond',
        'backPressuredTimeMsPerSecond',
      ]
      assert.deepStrictEqual(
        await get(`${vertexPath}/metrics?get=${names.join(',')}`),
        ok([
          { id: 'numRecordsIn', value: '150' },
          { id: 'numRecordsOut', value: '1500' },
          { id: 'numBytesIn', value: '1200' },
          { id: 'numBytesOut', value: '12000' },
          { id: 'busyTimeMsPerSecond', value: '600' },
          { id: 'idleTimeMsPerSecond', value: '900' },
          { id: 'backPressuredTimeMsPerSecond', value: '300' },
        ]),
      )
    })

    it('serves per-subtask metrics and leaves out unknown ids', async () => {
      assert.deepStrictEqual(
        await get(
          `${vertexPath}/metrics?get=1.numRecordsOut,nope,0.busyTimeMsPerSecond,7.numRecordsIn`,
        ),
        ok([
          { id: '1.numRecordsOut', value: '500' },
          { id: '0.busyTimeMsPerSecond', value: '600' },
        ]),
      )
    })

    it('serves the back pressure with Flink levels on GET .../backpressure', async () => {
      assert.deepStrictEqual(
        await get(`${vertexPath}/backpressure`),
        ok({
          status: 'ok',
          backpressureLevel: 'low',
          'end-timestamp': NOW,
          subtasks: [
            {
              subtask: 0,
              'attempt-number': 0,
              backpressureLevel: 'low',
              ratio: 0.3,
              idleRatio: 0.1,
              busyRatio: 0.6,
            },
            {
              subtask: 1,
              'attempt-number': 1,
              backpressureLevel: 'ok',
              ratio: 0.05,
              idleRatio: 0.9,
              busyRatio: 0.05,
            },
          ],
        }),
      )
    })

    it('answers 404 for a vertex the job does not have', async () => {
      const other = '00000000000000000000000000000000'
      for (const suffix of ['', '/metrics', '/backpressure', '/watermarks']) {
        assert.deepStrictEqual(
          await get(`/jobs/${JOB_ID}/vertices/${other}${suffix}`),
          failure(404, `No vertex with ID '${other}' exists in job ${JOB_ID}`),
        )
      }
    })

    it('answers 400 for a malformed vertex id', async () => {
      assert.deepStrictEqual(
        await get(`/jobs/${JOB_ID}/vertices/source-1/backpressure`),
        failure(
          400,
          '"source-1" is not a valid vertex id (a JobVertexID is 32 hexadecimal characters)',
        ),
      )
    })
  })

  describe('job submission', () => {
    it('submits on POST /jobs and answers 202 with the job url', async () => {
      const s = submission()
      assert.deepStrictEqual(await postJson(url, '/jobs', s), {
        status: 202,
        contentType: JSON_TYPE,
        body: { jobUrl: '/jobs/0123456789abcdef0123456789abcdef' },
      })
      assert.deepStrictEqual(dispatcher.submissions, [s])
      assert.deepStrictEqual(logs.slice(1), [
        [
          'info',
          "Job 'WordCount' (0123456789abcdef0123456789abcdef) submitted",
          { jobId: '0123456789abcdef0123456789abcdef' },
        ],
      ])
    })

    it('answers 400 with the Dispatcher message when it rejects the program', async () => {
      assert.deepStrictEqual(
        await postJson(url, '/jobs', submission({ jobName: 'invalid' })),
        failure(400, 'The program built no sinks'),
      )
    })

    it('answers 400 when the Dispatcher rejects the submission over RPC', async () => {
      dispatcher.failNextCallWith = remoteError('submission.duplicate-job', 'Job already submitted')
      assert.deepStrictEqual(
        await postJson(url, '/jobs', submission()),
        failure(400, 'Job already submitted'),
      )
    })

    it('answers 400 for a bundle that is not base64, without calling the Dispatcher', async () => {
      const cases: [string, string][] = [
        ['abc', 'its length 3 is not a multiple of 4 (is it padded?)'],
        [
          'ab!d',
          `character "!" at offset 2 is not in the base64 alphabet ('=' may only pad the end)`,
        ],
        [
          'ab==abcd',
          `character "=" at offset 2 is not in the base64 alphabet ('=' may only pad the end)`,
        ],
      ]
      for (const [bundle, why] of cases) {
        assert.deepStrictEqual(
          await postJson(url, '/jobs', submission({ bundle })),
          failure(400, `Invalid job submission: body/bundle is not base64: ${why}`),
        )
      }
      assert.deepStrictEqual(dispatcher.submissions, [])
    })

    it('answers 400 naming the field for missing fields and wrong types', async () => {
      const s = submission()
      const vertex = s.jobGraph.vertices[0]!
      const cases: [unknown, string][] = [
        [{ ...s, environment: undefined }, "body must have required property 'environment'"],
        [{ ...s, programArgs: [1] }, 'body/programArgs/0 must be string'],
        [{ ...s, configuration: [1] }, 'body/configuration must be object'],
        [{ ...s, environment: { a: 1 } }, 'body/environment/a must be string'],
        [{ ...s, bundle: '' }, 'body/bundle must NOT have fewer than 1 characters'],
        [
          { ...s, jobGraph: { ...s.jobGraph, jobId: 'job-1' } },
          'body/jobGraph/jobId must match pattern "^[0-9a-fA-F]{32}$"',
        ],
        [
          { ...s, jobGraph: { ...s.jobGraph, vertices: [{ ...vertex, parallelism: '2' }] } },
          'body/jobGraph/vertices/0/parallelism must be integer',
        ],
        [
          { ...s, jobGraph: { ...s.jobGraph, vertices: [] } },
          'body/jobGraph/vertices must NOT have fewer than 1 items',
        ],
        [{ ...s, jobGraph: null }, 'body/jobGraph must be object'],
        [[], 'body must be object'],
        ['a string', 'body must be object'],
      ]
      for (const [body, message] of cases) {
        assert.deepStrictEqual(
          await postJson(url, '/jobs', body),
          failure(400, `Invalid job submission: ${message}`),
        )
      }
      assert.deepStrictEqual(dispatcher.submissions, [])
    })

    it('answers 400 for invalid JSON and for an empty body', async () => {
      assert.deepStrictEqual(
        await http(url, 'POST', '/jobs', { body: '{"jobGraph":', contentType: 'application/json' }),
        failure(400, "Body is not valid JSON but content-type is set to 'application/json'"),
      )
      assert.deepStrictEqual(
        await http(url, 'POST', '/jobs', { body: '', contentType: 'application/json' }),
        failure(400, 'Invalid job submission: body must be object'),
      )
      assert.deepStrictEqual(
        await http(url, 'POST', '/jobs'),
        failure(400, 'Invalid job submission: body must be object'),
      )
    })

    it('answers 400 for a body that tries to set __proto__', async () => {
      assert.deepStrictEqual(
        await http(url, 'POST', '/jobs', {
          body: '{"__proto__":{"isAdmin":true}}',
          contentType: 'application/json',
        }),
        failure(400, "Body is not valid JSON but content-type is set to 'application/json'"),
      )
    })

    it('answers 400 for text and 415 for other content types', async () => {
      assert.deepStrictEqual(
        await http(url, 'POST', '/jobs', { body: 'hello', contentType: 'text/plain' }),
        failure(400, 'Invalid job submission: body must be object'),
      )
      assert.deepStrictEqual(
        await http(url, 'POST', '/jobs', { body: '<job/>', contentType: 'application/xml' }),
        failure(415, 'Unsupported Media Type: send the request body as application/json'),
      )
    })

    it('answers 413 when Content-Length exceeds the 256 MiB default before reading the body', async () => {
      assert.equal(DEFAULT_BODY_LIMIT, 256 * 1024 * 1024)
      const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(`${url}/jobs`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': String(DEFAULT_BODY_LIMIT + 1),
          },
        })
        req.on('response', (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (chunk: string) => (body += chunk))
          res.on('end', () => {
            resolve({ status: res.statusCode ?? 0, body })
            req.destroy()
          })
        })
        req.on('error', reject)
        req.flushHeaders()
      })
      assert.deepStrictEqual(reply, {
        status: 413,
        body: JSON.stringify({
          errors: [`Request body is too large: the limit is ${DEFAULT_BODY_LIMIT} bytes`],
        }),
      })
    })
  })

  describe('errors', () => {
    it('answers 404 with the path for unknown paths and methods', async () => {
      assert.deepStrictEqual(await get('/nope?x=1'), failure(404, 'Not found: /nope'))
      assert.deepStrictEqual(
        await get(`/jobs/${JOB_ID}/checkpoints/x/y`),
        failure(404, `Not found: /jobs/${JOB_ID}/checkpoints/x/y`),
      )
      assert.deepStrictEqual(await http(url, 'DELETE', '/jobs'), failure(404, 'Not found: /jobs'))
    })

    it('answers 400 for a malformed job id on every job path', async () => {
      const message = '"not-a-job" is not a valid job id (a JobID is 32 hexadecimal characters)'
      for (const path of ['', '/status', '/plan', '/exceptions', `/vertices/${VERTEX_ID}`]) {
        assert.deepStrictEqual(await get(`/jobs/not-a-job${path}`), failure(400, message))
      }
      assert.deepStrictEqual(await http(url, 'PATCH', '/jobs/not-a-job'), failure(400, message))
    })

    it('answers 400 for a URL that does not decode', async () => {
      assert.deepStrictEqual(
        await get('/jobs/%zz'),
        failure(400, "'/jobs/%zz' is not a valid url component"),
      )
    })

    it('answers 404 for an unknown job on every job path', async () => {
      const message = `Job ${UNKNOWN_JOB_ID} not found`
      for (const path of ['', '/status', '/plan', '/exceptions', `/vertices/${VERTEX_ID}`]) {
        assert.deepStrictEqual(await get(`/jobs/${UNKNOWN_JOB_ID}${path}`), failure(404, message))
      }
      assert.deepStrictEqual(
        await http(url, 'PATCH', `/jobs/${UNKNOWN_JOB_ID}?mode=cancel`),
        failure(404, message),
      )
    })

    it('answers 404 for job.not-found that came back over RPC', async () => {
      dispatcher.failNextCallWith = remoteError('job.not-found', `Job ${JOB_ID} not found`)
      assert.deepStrictEqual(await get(`/jobs/${JOB_ID}`), failure(404, `Job ${JOB_ID} not found`))
    })

    it('answers 500 with the message for other failures, and logs them', async () => {
      dispatcher.failNextCallWith = new Error('ResourceManager is gone')
      assert.deepStrictEqual(await get('/overview'), failure(500, 'ResourceManager is gone'))
      dispatcher.failNextCallWith = remoteError('rpc.timeout', 'timed out')
      assert.deepStrictEqual(await get('/jobs'), failure(500, 'timed out'))
      assert.deepStrictEqual(
        logs.slice(1).map(([level, msg]) => [level, msg]),
        [
          ['error', 'GET /overview failed: ResourceManager is gone'],
          ['error', 'GET /jobs failed: timed out'],
        ],
      )
    })

    it('keeps serving after bad requests', async () => {
      await http(url, 'POST', '/jobs', { body: '{', contentType: 'application/json' })
      await get('/jobs/%zz')
      assert.deepStrictEqual(await get('/overview'), ok(OVERVIEW))
    })
  })
})

describe('RestServerEndpoint with a small body limit', () => {
  it('answers 413 for a chunked body that grows past the limit', async () => {
    const server = await RestServerEndpoint.start({
      address: '127.0.0.1',
      port: 0,
      dispatcher: new InMemoryDispatcher(),
      bodyLimit: 1024,
    })
    try {
      const body = JSON.stringify(submission({ bundle: 'A'.repeat(2048) }))
      // A ReadableStream body has no Content-Length, so the limit is enforced while reading.
      const stream = new Blob([body]).stream()
      const response = await fetch(`${server.url}/jobs`, {
        method: 'POST',
        body: stream,
        headers: { 'content-type': 'application/json' },
        duplex: 'half',
      } as RequestInit)
      assert.deepStrictEqual(
        { status: response.status, body: await response.json() },
        { status: 413, body: { errors: ['Request body is too large: the limit is 1024 bytes'] } },
      )
    } finally {
      await server.close()
    }
  })
})
