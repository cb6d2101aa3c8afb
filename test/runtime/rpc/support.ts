// Shared pieces of the RPC tests: endpoints whose timing the test controls, the two transports
// behind one setup, a raw client that writes whatever bytes a test wants, and error summaries
// that tests compare whole.
import assert from 'node:assert/strict'
import { connect, type Socket } from 'node:net'
import { EddyError } from '../../../src/core/errors.js'
import { LocalRpcService } from '../../../src/runtime/rpc/local-rpc-service.js'
import { RemoteError } from '../../../src/runtime/rpc/rpc-errors.js'
import type { RpcService } from '../../../src/runtime/rpc/rpc-service.js'
import { TcpRpcService } from '../../../src/runtime/rpc/tcp-rpc-service.js'

/** A promise the test settles. */
export class Deferred<T> {
  readonly promise: Promise<T>
  resolve!: (value: T) => void
  reject!: (error: Error) => void

  constructor() {
    this.promise = new Promise<T>((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
    })
  }
}

export interface EchoGateway {
  echo<T>(value: T): Promise<T>
  echoArgs(...args: unknown[]): Promise<unknown[]>
  add(a: number, b: number): Promise<number>
  repeat(text: string, times: number): Promise<string>
  /** Resolves when the test calls `release(key)`; tells the test it started via `started(key)`. */
  hold(key: string): Promise<string>
  fail(): Promise<void>
  failAsync(): Promise<void>
  missing(): Promise<void>
}

/** Serves EchoGateway; `fail*` throw what the test put into `nextError`. */
export class EchoEndpoint {
  nextError: unknown = undefined
  readonly #held = new Map<string, Deferred<string>>()
  readonly #started = new Map<string, Deferred<void>>()

  echo(value: unknown): unknown {
    return value
  }

  echoArgs(...args: unknown[]): unknown[] {
    return args
  }

  async add(a: number, b: number): Promise<number> {
    return a + b
  }

  repeat(text: string, times: number): string {
    return text.repeat(times)
  }

  hold(key: string): Promise<string> {
    this.started(key).resolve()
    return this.#deferred(key).promise
  }

  fail(): void {
    throw this.nextError
  }

  async failAsync(): Promise<void> {
    await Promise.resolve()
    throw this.nextError
  }

  /** The signal that `hold(key)` started on the server. */
  started(key: string): Deferred<void> {
    let d = this.#started.get(key)
    if (d === undefined) this.#started.set(key, (d = new Deferred<void>()))
    return d
  }

  release(key: string, value: string = key): void {
    this.#deferred(key).resolve(value)
  }

  #deferred(key: string): Deferred<string> {
    let d = this.#held.get(key)
    if (d === undefined) this.#held.set(key, (d = new Deferred<string>()))
    return d
  }
}

/** A server's service, and the service of the process that calls it (the same one when local). */
export interface RpcSetup {
  readonly server: RpcService
  readonly client: RpcService
  close(): Promise<void>
}

export interface Transport {
  readonly name: string
  start(options?: { askTimeoutMs?: number }): Promise<RpcSetup>
}

export const TRANSPORTS: readonly Transport[] = [
  {
    name: 'TcpRpcService',
    async start(options = {}) {
      const server = await TcpRpcService.start({ host: '127.0.0.1', port: 0 })
      const client = await TcpRpcService.start({ host: '127.0.0.1', port: 0, ...options })
      return {
        server,
        client,
        close: async () => {
          await client.close()
          await server.close()
        },
      }
    },
  },
  {
    name: 'LocalRpcService',
    async start(options = {}) {
      const service = new LocalRpcService('test', options)
      return { server: service, client: service, close: () => service.close() }
    },
  },
]

/** The error `promise` rejects with; fails the test if it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise
  } catch (e: unknown) {
    return e
  }
  return assert.fail('expected the call to reject')
}

/** What a test compares of an error: everything but its stacks. */
export function summary(e: unknown): Record<string, unknown> {
  if (!(e instanceof EddyError)) return { notAnEddyError: e }
  return {
    class: e.constructor.name,
    name: e.name,
    message: e.message,
    code: e.code,
    domain: e.domain,
    failureType: e.failureType,
    context: e.context,
    ...(e instanceof RemoteError ? { remoteName: e.remoteName, remoteCode: e.remoteCode } : {}),
    ...(e.cause === undefined ? {} : { cause: summary(e.cause) }),
  }
}

/** Polls `condition` until it holds; fails naming `what` after `timeoutMs`. */
export async function until(
  condition: () => boolean,
  what: string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** A raw TCP client for writing arbitrary bytes; resolves once connected. */
export async function rawSocket(address: string): Promise<Socket> {
  const colon = address.lastIndexOf(':')
  const socket = connect({ host: address.slice(0, colon), port: Number(address.slice(colon + 1)) })
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  return socket
}

/** Resolves when the socket has closed, with the bytes it received. */
export function closed(socket: Socket): Promise<Buffer> {
  const received: Buffer[] = []
  socket.on('data', (chunk: Buffer) => received.push(chunk))
  socket.on('error', () => {
    // A reset by the server is one way of closing; the test checks what the server logged.
  })
  return new Promise((resolve) => socket.once('close', () => resolve(Buffer.concat(received))))
}

/** `[u32 big-endian length][payload]`. */
export function frame(payload: Uint8Array): Buffer {
  const header = Buffer.alloc(4)
  header.writeUInt32BE(payload.length, 0)
  return Buffer.concat([header, payload])
}
