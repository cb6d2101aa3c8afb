// The RpcService between processes: a TCP server for this process's endpoints, and one lazily
// opened client connection per peer address for the gateways it holds. A peer that breaks the
// protocol loses its connection, with one line to `onError`; no input can throw out of a socket
// handler. Flink: org.apache.flink.runtime.rpc.pekko.PekkoRpcService.
import { createServer, type Server, type Socket } from 'node:net'
import { RpcOptions } from '../../core/config/rpc-options.js'
import { EddyError, describe } from '../../core/errors.js'
import { EndpointDispatcher } from './endpoint-dispatcher.js'
import { createGatewayProxy } from './gateway-proxy.js'
import {
  decodeMessage,
  DEFAULT_MAX_FRAME_BYTES,
  encodeResponseFrame,
  FrameDecoder,
  type RpcMessage,
  type RpcResponse,
} from './rpc-codec.js'
import { RpcConnectionError } from './rpc-errors.js'
import type { ConnectOptions, EndpointOptions, RpcService } from './rpc-service.js'
import { formatTcpAddress, parseTcpAddress, TcpRpcConnection } from './tcp-rpc-connection.js'

export interface TcpRpcServiceOptions {
  /** The interface to bind, and the host in `address`. */
  readonly host: string
  /** 0 picks a free port. */
  readonly port: number
  /** Default call timeout of gateways; `pekko.ask.timeout`, 10 s. */
  readonly askTimeoutMs?: number
  /** Longest payload sent or accepted; a peer announcing a longer one is disconnected. */
  readonly maxFrameBytes?: number
  /** Where one line per broken connection goes (protocol violations); console.error by default. */
  readonly onError?: (message: string) => void
}

/**
 * @public
 * @example
 * const rpc = await TcpRpcService.start({ host: '127.0.0.1', port: 6123 })
 * rpc.registerEndpoint('dispatcher', dispatcher)
 * const dispatcherGateway = rpc.connect<DispatcherGateway>('10.0.0.5:6123', 'dispatcher')
 * await rpc.close()
 */
export class TcpRpcService implements RpcService {
  readonly address: string
  readonly #server: Server
  readonly #dispatcher: EndpointDispatcher
  readonly #askTimeoutMs: number
  readonly #maxFrameBytes: number
  readonly #onError: (message: string) => void
  readonly #inbound = new Set<Socket>()
  readonly #outbound = new Map<string, TcpRpcConnection>()
  #isClosed = false

  private constructor(server: Server, address: string, options: TcpRpcServiceOptions) {
    this.#server = server
    this.address = address
    this.#dispatcher = new EndpointDispatcher(address)
    this.#askTimeoutMs = options.askTimeoutMs ?? RpcOptions.ASK_TIMEOUT.defaultValue
    this.#maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES
    this.#onError = options.onError ?? ((message) => console.error(message))
    server.on('connection', (socket) => this.#accept(socket))
    server.on('error', (e) => this.#onError(`RPC server ${address}: ${describe(e)}`))
  }

  /** Binds the server; rejects with an EddyError (code `rpc.bind-failed`) when it cannot. */
  static async start(options: TcpRpcServiceOptions): Promise<TcpRpcService> {
    const server = createServer({ noDelay: true })
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject)
      server.listen(options.port, options.host, () => {
        server.off('error', reject)
        const bound = server.address()
        resolve(typeof bound === 'object' && bound !== null ? bound.port : options.port)
      })
    }).catch((e: unknown) => {
      throw new EddyError(
        `Could not start the RPC server on ${formatTcpAddress(options.host, options.port)}: ${describe(e)}`,
        {
          code: 'rpc.bind-failed',
          domain: 'external',
          failureType: 'EnvironmentError',
          context: { host: options.host, port: options.port },
          cause: e,
        },
      )
    })
    return new TcpRpcService(server, formatTcpAddress(options.host, port), options)
  }

  registerEndpoint(endpointId: string, endpoint: object, options?: EndpointOptions): void {
    this.#dispatcher.register(endpointId, endpoint, options)
  }

  unregisterEndpoint(endpointId: string): void {
    this.#dispatcher.unregister(endpointId)
  }

  connect<G extends object>(address: string, endpointId: string, options: ConnectOptions = {}): G {
    parseTcpAddress(address) // an address that can never work fails here, not on every call
    const timeoutMs = options.timeoutMs ?? this.#askTimeoutMs
    return createGatewayProxy<G>(async (method, args, callSite) => {
      const target = { address, endpoint: endpointId, method }
      if (this.#isClosed) {
        throw new RpcConnectionError(
          `Call ${endpointId}.${method} to ${address} rejected: RPC service ${this.address} is closed`,
          target,
        )
      }
      return this.#connectionTo(address).call(
        target,
        args,
        options.fencingToken,
        timeoutMs,
        callSite,
      )
    })
  }

  async close(): Promise<void> {
    if (this.#isClosed) return
    this.#isClosed = true
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()))
    for (const socket of this.#inbound) socket.destroy()
    for (const connection of this.#outbound.values()) {
      connection.close(`RPC service ${this.address} was closed`)
    }
    this.#outbound.clear()
    await closed
  }

  #connectionTo(address: string): TcpRpcConnection {
    let connection = this.#outbound.get(address)
    if (connection === undefined || connection.isClosed) {
      connection = new TcpRpcConnection(address, {
        maxFrameBytes: this.#maxFrameBytes,
        onError: this.#onError,
        onClosed: (c) => {
          if (this.#outbound.get(address) === c) this.#outbound.delete(address)
        },
      })
      this.#outbound.set(address, connection)
    }
    return connection
  }

  #accept(socket: Socket): void {
    if (this.#isClosed) {
      socket.destroy()
      return
    }
    this.#inbound.add(socket)
    const peer = formatTcpAddress(socket.remoteAddress ?? '?', socket.remotePort ?? 0)
    const decoder = new FrameDecoder(this.#maxFrameBytes)
    let isBroken = false
    socket.on('data', (chunk: Buffer) => {
      try {
        decoder.push(chunk, (payload) => this.#onRequest(socket, decodeMessage(payload)))
      } catch (e: unknown) {
        isBroken = true
        this.#onError(
          `RPC server ${this.address}: closing the connection from ${peer}: ${describe(e)}`,
        )
        socket.destroy()
      }
    })
    socket.on('error', () => {
      // A reset by the peer: the 'close' that follows cleans up, and its calls' replies have
      // nowhere to go. Nothing to report, as nobody on this side waits for the connection.
    })
    socket.on('close', () => {
      this.#inbound.delete(socket)
      if (decoder.bufferedBytes > 0 && !isBroken && !this.#isClosed) {
        this.#onError(
          `RPC server ${this.address}: the connection from ${peer} closed in the middle of a frame ` +
            `(${decoder.bufferedBytes} bytes received)`,
        )
      }
    })
  }

  #onRequest(socket: Socket, message: RpcMessage): void {
    if (message.t !== 0) {
      throw new EddyError('RPC protocol violation: a response arrived on a server connection', {
        code: 'rpc.protocol-violation',
        domain: 'external',
      })
    }
    void this.#dispatcher.dispatch(message).then((response) => this.#reply(socket, response))
  }

  #reply(socket: Socket, response: RpcResponse): void {
    if (socket.destroyed) return // the caller's connection is gone; its call was rejected there
    try {
      socket.write(encodeResponseFrame(response, this.#maxFrameBytes))
    } catch (e: unknown) {
      this.#onError(`RPC server ${this.address}: closing a connection: ${describe(e)}`)
      socket.destroy()
    }
  }
}
