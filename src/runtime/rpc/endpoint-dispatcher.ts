// The server side of both transports: the endpoints served under their ids, and the invocation
// of one request on one of them (fencing check, method lookup, error to data). `dispatch` never
// rejects, so a transport only has to send what it returns.
// Flink: org.apache.flink.runtime.rpc.pekko.PekkoRpcActor / FencedPekkoRpcActor.
import { EddyError } from '../../core/errors.js'
import type { RpcRequest, RpcResponse } from './rpc-codec.js'
import { FencingTokenMismatchError, toRemoteErrorData } from './rpc-errors.js'
import type { EndpointOptions } from './rpc-service.js'

interface ServedEndpoint {
  readonly endpoint: object
  readonly fencingToken: (() => string | undefined) | undefined
}

/** Names a caller may never invoke, whatever the endpoint defines: `constructor`, `toString`... */
const OBJECT_PROTOTYPE_NAMES: ReadonlySet<string> = new Set(
  Object.getOwnPropertyNames(Object.prototype),
)

export class EndpointDispatcher {
  /** Named in error messages: the address of the service this dispatcher serves. */
  readonly #address: string
  readonly #endpoints = new Map<string, ServedEndpoint>()

  constructor(address: string) {
    this.#address = address
  }

  register(endpointId: string, endpoint: object, options: EndpointOptions = {}): void {
    this.#endpoints.set(endpointId, { endpoint, fencingToken: options.fencingToken })
  }

  unregister(endpointId: string): void {
    this.#endpoints.delete(endpointId)
  }

  /** Runs the request and resolves with its response; never rejects. */
  async dispatch(request: RpcRequest): Promise<RpcResponse> {
    try {
      const value: unknown = await this.#invoke(request)
      return { t: 1, id: request.id, ok: true, value }
    } catch (e: unknown) {
      return { t: 1, id: request.id, ok: false, error: toRemoteErrorData(e) }
    }
  }

  /** Starts the method synchronously, so requests start in the order they arrived. */
  #invoke(request: RpcRequest): unknown {
    const served = this.#endpoints.get(request.endpoint)
    if (served === undefined) {
      throw new EddyError(`No RPC endpoint '${request.endpoint}' at ${this.#address}`, {
        code: 'rpc.unknown-endpoint',
        context: { address: this.#address, endpoint: request.endpoint },
      })
    }
    const expected = served.fencingToken?.()
    if (expected !== undefined && request.token !== expected) {
      throw new FencingTokenMismatchError(
        `Fencing token mismatch at RPC endpoint '${request.endpoint}' (${this.#address}): ` +
          `the call to ${request.method} carries ${request.token === undefined ? 'no token' : `token '${request.token}'`}, ` +
          `the endpoint expects '${expected}'`,
        { address: this.#address, endpoint: request.endpoint, expected, received: request.token },
      )
    }
    const method = findMethod(served.endpoint, request.method)
    if (method === undefined) {
      throw new EddyError(
        `RPC endpoint '${request.endpoint}' at ${this.#address} has no method '${request.method}'`,
        {
          code: 'rpc.unknown-method',
          context: { address: this.#address, endpoint: request.endpoint, method: request.method },
        },
      )
    }
    return Reflect.apply(method, served.endpoint, request.args)
  }
}

/**
 * The function served as `name`: a data property (never a getter, which would run on lookup) of
 * the endpoint or its prototypes below Object.prototype and Function.prototype.
 */
function findMethod(endpoint: object, name: string): ((...args: unknown[]) => unknown) | undefined {
  if (OBJECT_PROTOTYPE_NAMES.has(name)) return undefined
  for (
    let o: object | null = endpoint;
    o !== null && o !== Object.prototype && o !== Function.prototype;
    o = Object.getPrototypeOf(o) as object | null
  ) {
    const descriptor = Object.getOwnPropertyDescriptor(o, name)
    if (descriptor === undefined) continue
    const value: unknown = descriptor.value
    return typeof value === 'function' ? (value as (...args: unknown[]) => unknown) : undefined
  }
  return undefined
}
