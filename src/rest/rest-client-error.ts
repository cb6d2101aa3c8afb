// What a RestClusterClient call rejects with: the JobManager answered with an HTTP error, sent
// something that is not the expected JSON, could not be reached, or did not answer in time.
// Flink: org.apache.flink.runtime.rest.util.RestClientException.
import { EddyError } from '../core/errors.js'

export type RestClientErrorCode =
  'rest.http-error' | 'rest.invalid-response' | 'rest.unreachable' | 'rest.timeout'

export interface RestClientErrorFields {
  readonly code: RestClientErrorCode
  readonly method: string
  readonly url: string
  /** The HTTP status, when the server answered. */
  readonly status?: number
  /** Flink's `errors` of the reply body. */
  readonly errors?: readonly string[]
  readonly cause?: unknown
}

/** @public */
export class RestClientError extends EddyError {
  readonly status: number | undefined
  readonly errors: readonly string[]

  constructor(message: string, fields: RestClientErrorFields) {
    super(message, {
      code: fields.code,
      // A 4xx is a request the user can fix (unknown job id, bad submission); everything else is
      // the JobManager or the network.
      domain:
        fields.status !== undefined && fields.status >= 400 && fields.status < 500
          ? 'user'
          : 'external',
      failureType: 'NonRecoverableError',
      context: { method: fields.method, url: fields.url, status: fields.status },
      cause: fields.cause,
    })
    this.status = fields.status
    this.errors = fields.errors ?? []
  }
}
