// One outgoing TCP connection of a TcpRpcService: the socket to one peer address, carrying
// concurrent calls of every gateway to that address. It lives as long as its socket; once closed it
// stays closed and the service opens a new one for the next call.
// Flink: the client half of pekko's remoting (one association per remote system).
import { connect as connectSocket, type Socket } from 'node:net'
import { EddyError, describe } from '../../core/errors.js'
import { decodeMessage, encodeFrame, FrameDecoder } from './rpc-codec.js'
import { RpcConnectionError, type RpcCallTarget } from './rpc-errors.js'
import { PendingCalls } from './pending-calls.js'

export interface TcpRpcConnectionOptions {
  readonly maxFrameBytes: number
  /** Told one line about a peer that breaks the protocol. */
  readonly onError: (message: string) => void
  /** Called once, when the socket has closed and every pending call is rejected. */
  readonly onClosed: (connection: TcpRpcConnection) => void
}

export class TcpRpcConnection {
  readonly address: string
  readonly #options: TcpRpcConnectionOptions
  readonly #socket: Socket
  readonly #decoder: FrameDecoder
  readonly #pending: PendingCalls
  #isConnected = false
  #isClosed = false
  /** Why the connection ended, when it was not a plain close by the peer. */
  #failure: unknown = undefined
  /** Set when this side closes on purpose, to word the error of the calls it cuts off. */
  #closeReason: string | undefined = undefined

  constructor(address: string, options: TcpRpcConnectionOptions) {
    this.address = address
    this.#options = options
    this.#decoder = new FrameDecoder(options.maxFrameBytes)
    // An idle connection must not keep the process alive; a pending call does.
    this.#pending = new PendingCalls((isBusy) =>
      isBusy ? this.#socket.ref() : this.#socket.unref(),
    )
    const { host, port } = parseTcpAddress(address)
    this.#socket = connectSocket({ host, port })
    this.#socket.unref()
    this.#socket.setNoDelay(true)
    this.#socket.on('connect', () => {
      this.#isConnected = true
    })
    this.#socket.on('data', (chunk: Buffer) => this.#onData(chunk))
    this.#socket.on('error', (e: Error) => {
      // Reported through the calls the 'close' that follows rejects.
      this.#failure ??= e
    })
    this.#socket.on('close', () => this.#onClose())
  }

  get isClosed(): boolean {
    return this.#isClosed
  }

  /** Sends one request; rejects as RpcService.connect describes. Never throws. */
  call(
    target: RpcCallTarget,
    args: unknown[],
    token: string | undefined,
    timeoutMs: number,
    callSite: string,
  ): Promise<unknown> {
    if (this.#isClosed) {
      return Promise.reject(new RpcConnectionError(this.#closedMessage(target), target))
    }
    return this.#pending.add(target, timeoutMs, callSite, (id) => {
      const request = {
        t: 0 as const,
        id,
        endpoint: target.endpoint,
        method: target.method,
        args,
        ...(token === undefined ? {} : { token }),
      }
      this.#socket.write(encodeFrame(request, this.#options.maxFrameBytes))
    })
  }

  /** Closes the socket; pending calls reject with RpcConnectionError naming `reason`. */
  close(reason: string): void {
    this.#closeReason ??= reason
    this.#socket.destroy()
    this.#onClose() // now rather than on 'close', so the caller's close() ends with no call pending
  }

  #onData(chunk: Buffer): void {
    try {
      this.#decoder.push(chunk, (payload) => {
        const message = decodeMessage(payload)
        if (message.t !== 1) {
          throw new EddyError('RPC protocol violation: a request arrived on a client connection', {
            code: 'rpc.protocol-violation',
            domain: 'external',
          })
        }
        this.#pending.complete(message)
      })
    } catch (e: unknown) {
      this.#options.onError(`RPC connection to ${this.address} closed: ${describe(e)}`)
      this.#failure = e
      this.#socket.destroy()
    }
  }

  #onClose(): void {
    if (this.#isClosed) return
    this.#isClosed = true
    const failure = this.#failure
    this.#pending.rejectAll(
      (target) => new RpcConnectionError(this.#closedMessage(target), target, failure),
    )
    this.#options.onClosed(this)
  }

  #closedMessage(target: RpcCallTarget): string {
    const call = `${target.endpoint}.${target.method}`
    if (this.#closeReason !== undefined) {
      return `Call ${call} to ${this.address} cancelled: ${this.#closeReason}`
    }
    if (!this.#isConnected) {
      return `Could not connect to RPC service at ${this.address} (call ${call})`
    }
    return `Connection to RPC service at ${this.address} closed while call ${call} was pending`
  }
}

/** 'host:port' or '[ipv6]:port' into its parts; throws an EddyError for anything else. */
export function parseTcpAddress(address: string): { host: string; port: number } {
  const match = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(address)
  const port = Number(match?.[3])
  if (match === null || port < 1 || port > 65535) {
    throw new EddyError(`Invalid RPC address '${address}': expected 'host:port'`, {
      code: 'rpc.invalid-address',
      domain: 'user',
      failureType: 'NonRecoverableError',
      context: { address },
    })
  }
  return { host: match[1] ?? match[2]!, port }
}

/** The address peers reach a server bound to `host` and `port` at. */
export function formatTcpAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`
}
