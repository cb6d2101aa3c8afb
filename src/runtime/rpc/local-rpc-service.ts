// The in-process RpcService: gateways call endpoints of the same service without a socket, but
// through the same frames, codec, dispatcher and pending-call bookkeeping as TcpRpcService, so
// arguments are copied, errors come back as RemoteError, and timeouts and fencing behave alike.
// It reaches only its own address: a process that also talks to others uses TcpRpcService alone
// (its gateways reach its own address too, over loopback). Flink: MiniCluster's shared RpcService.
import { RpcOptions } from '../../core/config/rpc-options.js'
import { EddyError } from '../../core/errors.js'
import { EndpointDispatcher } from './endpoint-dispatcher.js'
import { createGatewayProxy } from './gateway-proxy.js'
import {
  decodeMessage,
  DEFAULT_MAX_FRAME_BYTES,
  encodeFrame,
  encodeResponseFrame,
  FRAME_HEADER_BYTES,
  type RpcRequest,
  type RpcResponse,
} from './rpc-codec.js'
import { RpcConnectionError, toRemoteErrorData } from './rpc-errors.js'
import { PendingCalls } from './pending-calls.js'
import type { ConnectOptions, EndpointOptions, RpcService } from './rpc-service.js'

export interface LocalRpcServiceOptions {
  /** Default call timeout of gateways; `pekko.ask.timeout`, 10 s. */
  readonly askTimeoutMs?: number
  /** Longest encoded request or response, as for TcpRpcService. */
  readonly maxFrameBytes?: number
}

/**
 * @public
 * @example
 * const rpc = new LocalRpcService('minicluster')
 * rpc.registerEndpoint('taskmanager_0', taskExecutor)
 * const tm = rpc.connect<TaskExecutorGateway>(rpc.address, 'taskmanager_0')
 */
export class LocalRpcService implements RpcService {
  readonly address: string
  readonly #dispatcher: EndpointDispatcher
  readonly #pending: PendingCalls
  readonly #askTimeoutMs: number
  readonly #maxFrameBytes: number
  /** Keeps the process alive while calls are pending, as a TCP socket with pending calls does. */
  #keepAlive: NodeJS.Timeout | undefined = undefined
  #isClosed = false

  constructor(name: string, options: LocalRpcServiceOptions = {}) {
    this.address = `local://${name}`
    this.#dispatcher = new EndpointDispatcher(this.address)
    this.#askTimeoutMs = options.askTimeoutMs ?? RpcOptions.ASK_TIMEOUT.defaultValue
    this.#maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES
    this.#pending = new PendingCalls((isBusy) => {
      clearInterval(this.#keepAlive)
      this.#keepAlive = isBusy ? setInterval(() => {}, 2 ** 31 - 1) : undefined
    })
  }

  registerEndpoint(endpointId: string, endpoint: object, options?: EndpointOptions): void {
    this.#dispatcher.register(endpointId, endpoint, options)
  }

  unregisterEndpoint(endpointId: string): void {
    this.#dispatcher.unregister(endpointId)
  }

  /** Throws an EddyError (code `rpc.invalid-address`) for any address but this service's own. */
  connect<G extends object>(address: string, endpointId: string, options: ConnectOptions = {}): G {
    if (address !== this.address) {
      throw new EddyError(
        `LocalRpcService ${this.address} reaches only its own endpoints, not '${address}'`,
        { code: 'rpc.invalid-address', domain: 'internal', context: { address } },
      )
    }
    const timeoutMs = options.timeoutMs ?? this.#askTimeoutMs
    const token = options.fencingToken
    return createGatewayProxy<G>(async (method, args, callSite) => {
      const target = { address, endpoint: endpointId, method }
      if (this.#isClosed) {
        throw new RpcConnectionError(
          `Call ${endpointId}.${method} to ${address} rejected: RPC service ${this.address} is closed`,
          target,
        )
      }
      return this.#pending.add(target, timeoutMs, callSite, (id) => {
        const request: RpcRequest = {
          t: 0,
          id,
          endpoint: endpointId,
          method,
          args,
          ...(token === undefined ? {} : { token }),
        }
        const frame = encodeFrame(request, this.#maxFrameBytes)
        // The method starts in a later microtask, never inside the caller's stack, as over TCP.
        queueMicrotask(() => this.#serve(id, frame))
      })
    })
  }

  async close(): Promise<void> {
    if (this.#isClosed) return
    this.#isClosed = true
    this.#pending.rejectAll(
      (target) =>
        new RpcConnectionError(
          `Call ${target.endpoint}.${target.method} to ${this.address} cancelled: RPC service ${this.address} was closed`,
          target,
        ),
    )
  }

  #serve(id: number, frame: Buffer): void {
    let request: RpcRequest
    try {
      request = decodeMessage(frame.subarray(FRAME_HEADER_BYTES)) as RpcRequest
    } catch (e: unknown) {
      this.#pending.complete({ t: 1, id, ok: false, error: toRemoteErrorData(e) })
      return
    }
    void this.#dispatcher.dispatch(request).then((response) => {
      if (this.#isClosed) return // the call was rejected when the service closed
      this.#pending.complete(this.#copied(response))
    })
  }

  /** The response as the caller would receive it over TCP: encoded, size-checked and decoded. */
  #copied(response: RpcResponse): RpcResponse {
    try {
      const frame = encodeResponseFrame(response, this.#maxFrameBytes)
      return decodeMessage(frame.subarray(FRAME_HEADER_BYTES)) as RpcResponse
    } catch (e: unknown) {
      return { t: 1, id: response.id, ok: false, error: toRemoteErrorData(e) }
    }
  }
}
