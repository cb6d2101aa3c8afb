// The errors an RPC call rejects with. A failure on the server crosses the wire as data
// (`RemoteErrorData`) and is rethrown on the caller as a RemoteError; transport failures
// (timeout, lost connection) are raised on the caller itself.
// Flink: RecipientUnreachableException, FencingTokenException, pekko's AskTimeoutException.
import { EddyError, describe, type ErrorDomain, type FailureType } from '../../core/errors.js'

/** An error as it crosses the wire: what the caller needs to rethrow and classify it. */
export interface RemoteErrorData {
  readonly name: string
  readonly message: string
  readonly stack?: string
  /** The EddyError's code, or a Node error's (`ENOENT`); absent for other errors. */
  readonly code?: string
  readonly domain?: ErrorDomain
  readonly failureType?: FailureType
}

/** Which call failed: endpoint and method at an address. */
export interface RpcCallTarget {
  readonly address: string
  readonly endpoint: string
  readonly method: string
}

/**
 * A call the remote endpoint failed: the method threw or rejected, or the endpoint or method is
 * unknown there. `message` is the remote message; `stack` is the caller's, `remoteStack` the
 * remote one. Domain and failure type are the remote error's, so failover treats the error as if
 * it had happened locally.
 *
 * @public
 */
export class RemoteError extends EddyError {
  readonly remoteName: string
  readonly remoteCode: string | undefined
  readonly remoteStack: string | undefined

  constructor(data: RemoteErrorData, call: RpcCallTarget) {
    super(data.message, {
      code: 'rpc.remote-error',
      domain: data.domain ?? 'internal',
      failureType: data.failureType ?? 'RecoverableError',
      context: {
        address: call.address,
        endpoint: call.endpoint,
        method: call.method,
        remoteName: data.name,
        remoteCode: data.code,
      },
    })
    this.remoteName = data.name
    this.remoteCode = data.code
    this.remoteStack = data.stack
  }
}

/**
 * No reply within the call's timeout. The call may still have run on the server.
 *
 * @public
 */
export class RpcTimeoutError extends EddyError {
  constructor(call: RpcCallTarget, timeoutMs: number) {
    super(
      `RPC call ${call.endpoint}.${call.method} to ${call.address} timed out after ${timeoutMs} ms`,
      {
        code: 'rpc.timeout',
        domain: 'external',
        failureType: 'RecoverableError',
        context: { ...call, timeoutMs },
      },
    )
  }
}

/**
 * The peer is unreachable, or the connection closed while the call was pending; the call may or
 * may not have run. The message names the address.
 *
 * @public
 */
export class RpcConnectionError extends EddyError {
  constructor(message: string, call: RpcCallTarget, cause?: unknown) {
    super(cause === undefined ? message : `${message}: ${describe(cause)}`, {
      code: 'rpc.connection',
      domain: 'external',
      failureType: 'RecoverableError',
      context: { ...call },
      cause,
    })
  }
}

/**
 * The call carried another fencing token (leader session id) than the endpoint's current one, or
 * none: the caller talks to a former leader or is one. Raised on the server, rethrown on the
 * caller as this class with the RemoteError as `cause`.
 *
 * @public
 */
export class FencingTokenMismatchError extends EddyError {
  constructor(
    message: string,
    context: Readonly<Record<string, string | undefined>>,
    cause?: unknown,
  ) {
    super(message, {
      code: FENCING_TOKEN_MISMATCH,
      domain: 'external',
      failureType: 'RecoverableError',
      context,
      cause,
    })
  }
}

export const FENCING_TOKEN_MISMATCH = 'rpc.fencing-token-mismatch'

/** Anything a remote method threw, as data. */
export function toRemoteErrorData(e: unknown): RemoteErrorData {
  if (!(e instanceof Error)) return { name: 'Error', message: describe(e) }
  const code: unknown = (e as { code?: unknown }).code
  return {
    name: e.name,
    message: e.message,
    ...(e.stack === undefined ? {} : { stack: e.stack }),
    ...(typeof code === 'string' ? { code } : {}),
    ...(e instanceof EddyError ? { domain: e.domain, failureType: e.failureType } : {}),
  }
}

/** The error a caller rejects with for a failed call. */
export function fromRemoteErrorData(data: RemoteErrorData, call: RpcCallTarget): EddyError {
  const remote = new RemoteError(data, call)
  if (data.code !== FENCING_TOKEN_MISMATCH) return remote
  return new FencingTokenMismatchError(data.message, { ...call }, remote)
}
