// The JobManager's REST endpoint: an HTTP server (fastify) on `rest.address`:`rest.port` that
// answers Flink's REST paths with Flink's JSON shapes by asking the Dispatcher. Lifecycle: `start`
// resolves once the port is bound; `close` stops accepting connections, lets in-flight requests
// finish and closes idle keep-alive connections.
// Every failure is answered as `{ "errors": [...] }`; bad input never reaches the Dispatcher.
// Flink: org.apache.flink.runtime.rest.RestServerEndpoint, WebMonitorEndpoint.
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify'
import type { AddressInfo } from 'node:net'
import { EddyError, describe } from '../core/errors.js'
import { SystemClock, type Clock } from '../core/time/clock.js'
import type { DispatcherGateway } from '../runtime/common/gateways.js'
import { registerClusterHandlers } from './cluster-handlers.js'
import { registerJobHandlers } from './job-handlers.js'
import type { RestHandlerContext, RestLog } from './rest-handler-context.js'
import { toRestHandlerException, type ErrorResponseBody } from './rest-handler-exception.js'

export interface RestServerEndpointOptions {
  /** The address to bind to; the server listens on nothing else. */
  readonly address: string
  /** 0 picks a free port (see `port`). */
  readonly port: number
  readonly dispatcher: DispatcherGateway
  readonly log?: RestLog
  /** Largest request body accepted, in bytes; a bigger one gets a 413. Default 256 MiB. */
  readonly bodyLimit?: number
  /** Time for `now` and timestamps in replies. */
  readonly clock?: Clock
}

/** Large enough for a job's esbuild bundle, base64-encoded, with its JobGraph. */
export const DEFAULT_BODY_LIMIT = 256 * 1024 * 1024

/**
 * @example
 * const rest = await RestServerEndpoint.start({ address: '127.0.0.1', port: 8081, dispatcher })
 * // curl http://127.0.0.1:8081/jobs/overview
 * await rest.close()
 */
export class RestServerEndpoint {
  /** `http://host:port`, for clients and log lines. */
  readonly url: string
  readonly port: number
  private readonly app: FastifyInstance

  private constructor(app: FastifyInstance, url: string, port: number) {
    this.app = app
    this.url = url
    this.port = port
  }

  static async start(options: RestServerEndpointOptions): Promise<RestServerEndpoint> {
    const log = options.log ?? (() => undefined)
    const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT
    const app = createServer(bodyLimit, log)
    const context: RestHandlerContext = {
      dispatcher: options.dispatcher,
      clock: options.clock ?? SystemClock.INSTANCE,
      log,
    }
    registerClusterHandlers(app, context)
    registerJobHandlers(app, context)
    try {
      await app.listen({ host: options.address, port: options.port })
    } catch (e: unknown) {
      await app.close()
      throw new EddyError(
        `Could not start the REST endpoint on ${options.address}:${options.port}: ${describe(e)}`,
        {
          code: 'rest.bind-failed',
          domain: 'external',
          failureType: 'EnvironmentError',
          context: { address: options.address, port: options.port },
          cause: e,
        },
      )
    }
    const port = (app.server.address() as AddressInfo).port
    const url = `http://${urlHost(options.address)}:${port}`
    log('info', `REST endpoint listening on ${url}`, { url })
    return new RestServerEndpoint(app, url, port)
  }

  async close(): Promise<void> {
    await this.app.close()
  }
}

function createServer(bodyLimit: number, log: RestLog): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit,
    // Idle keep-alive connections (the client's fetch pool) would otherwise hold close() open.
    forceCloseConnections: 'idle',
    // No coercion: `"parallelism": "2"` is a client bug to report, not to fix up. Unknown fields
    // stay (see JOB_SUBMISSION_SCHEMA).
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    // Malformed URLs fail before routing and would otherwise get fastify's own error body.
    frameworkErrors: (error, _request, reply) => {
      const e = toRestHandlerException(error, bodyLimit)
      sendError(reply, e.httpResponseStatus, e.message)
    },
  })
  // Flink's own client sends PATCH /jobs/:jobid without a body, and tools add a JSON content type
  // to it; fastify's parser would refuse that empty body. Non-empty bodies keep its parser, with
  // its prototype-poisoning checks.
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body.length === 0) done(null, undefined)
    else void parseJson(request, body.toString(), done)
  })
  app.setNotFoundHandler((request, reply) => {
    sendError(reply, 404, `Not found: ${request.url.split('?')[0]}`)
  })
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const e = toRestHandlerException(error, bodyLimit)
    if (e.httpResponseStatus >= 500) {
      log('error', `${request.method} ${request.url} failed: ${e.message}`, {
        method: request.method,
        url: request.url,
        error: describe(error),
        stack: error.stack,
      })
    }
    sendError(reply, e.httpResponseStatus, e.message)
  })
  return app
}

function sendError(reply: FastifyReply, status: number, message: string): void {
  const body: ErrorResponseBody = { errors: [message] }
  void reply.code(status).type('application/json; charset=utf-8').send(body)
}

/** A wildcard bind address is not one a client can connect to; IPv6 needs brackets in a URL. */
function urlHost(address: string): string {
  if (address === '0.0.0.0') return '127.0.0.1'
  if (address === '::') return '[::1]'
  return address.includes(':') ? `[${address}]` : address
}
