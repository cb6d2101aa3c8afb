// How a failed request becomes an HTTP status and Flink's error body `{ "errors": [...] }`: errors
// that handlers throw on purpose, fastify's own request errors (bad JSON, body too large), and the
// Dispatcher's rejections, classified by their code whether they were raised in this process or
// came back over RPC. Flink: org.apache.flink.runtime.rest.handler.RestHandlerException.
import { EddyError, describe } from '../core/errors.js'
import { RemoteError } from '../runtime/rpc/rpc-errors.js'

/** The body of every error reply, as Flink's ErrorResponseBody. */
export interface ErrorResponseBody {
  readonly errors: readonly string[]
}

/** A request the handler refuses, with the HTTP status to answer. */
export class RestHandlerException extends EddyError {
  readonly httpResponseStatus: number

  constructor(message: string, httpResponseStatus: number, cause?: unknown) {
    super(message, {
      code: httpResponseStatus >= 500 ? 'rest.internal-error' : 'rest.bad-request',
      domain: httpResponseStatus >= 500 ? 'internal' : 'user',
      context: { httpResponseStatus },
      cause,
    })
    this.httpResponseStatus = httpResponseStatus
  }
}

/** The Dispatcher's code for an unknown job id (`JobNotFoundError`). */
const JOB_NOT_FOUND = 'job.not-found'
/** A checkpoint query for a job that does not checkpoint (Flink answers 404 too). */
const CHECKPOINTING_NOT_ENABLED = 'checkpoint.not-enabled'
/** A savepoint status query with a trigger id the job does not know. */
const UNKNOWN_TRIGGER = 'savepoint.unknown-trigger'

/**
 * The status and message to answer for anything a request failed with. `bodyLimit` is the
 * server's, for the message of a 413.
 */
export function toRestHandlerException(e: unknown, bodyLimit: number): RestHandlerException {
  if (e instanceof RestHandlerException) return e
  const frameworkStatus = fastifyStatus(e)
  if (frameworkStatus !== undefined) {
    const message = frameworkMessage(e as Error, frameworkStatus, bodyLimit)
    return new RestHandlerException(message, frameworkStatus, e)
  }
  const code = errorCode(e)
  if (code === JOB_NOT_FOUND || code === CHECKPOINTING_NOT_ENABLED || code === UNKNOWN_TRIGGER) {
    return new RestHandlerException(describe(e), 404, e)
  }
  if (code?.startsWith('savepoint.') === true) return new RestHandlerException(describe(e), 400, e)
  if (code !== undefined && (code.startsWith('submission.') || code.startsWith('program.'))) {
    return new RestHandlerException(describe(e), 400, e)
  }
  return new RestHandlerException(describe(e), 500, e)
}

/**
 * The code to classify by. A RemoteError's own code only says "the remote call failed", so the
 * code the Dispatcher raised is its `remoteCode`.
 */
function errorCode(e: unknown): string | undefined {
  if (e instanceof RemoteError) return e.remoteCode
  if (e instanceof EddyError) return e.code
  return undefined
}

/**
 * Fastify marks the errors of its request pipeline (content type, body size, JSON syntax, schema,
 * URL) with a 4xx `statusCode`. EddyErrors are left out: the Dispatcher's errors are classified by
 * their code, never by a field that merely looks like fastify's.
 */
function fastifyStatus(e: unknown): number | undefined {
  if (!(e instanceof Error) || e instanceof EddyError) return undefined
  const status = (e as { statusCode?: unknown }).statusCode
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined
}

function frameworkMessage(e: Error, status: number, bodyLimit: number): string {
  switch (status) {
    case 413:
      return `Request body is too large: the limit is ${bodyLimit} bytes`
    case 415:
      return `${e.message}: send the request body as application/json`
    default:
      return e.message
  }
}
