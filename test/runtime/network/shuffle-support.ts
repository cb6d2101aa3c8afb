// Helpers for the ShuffleEnvironment tests: environments on 127.0.0.1 that are closed after each
// test, and waits with a deadline whose error says what was awaited.
import { connect, createServer } from 'node:net'
import type { Socket } from 'node:net'
import { ShuffleEnvironment } from '../../../src/runtime/network/shuffle-environment.js'
import type { ShuffleEnvironmentOptions } from '../../../src/runtime/network/shuffle-environment.js'

const started: ShuffleEnvironment[] = []

/** Closes every environment started since the last call; for `afterEach`. */
export async function closeEnvironments(): Promise<void> {
  for (const env of started.splice(0)) await env.close()
}

/** A ShuffleEnvironment on 127.0.0.1, a free port; its onError lines go to `errors`. */
export async function startEnvironment(
  errors: string[] = [],
  options: Partial<ShuffleEnvironmentOptions> = {},
): Promise<ShuffleEnvironment> {
  const env = await ShuffleEnvironment.start({
    host: '127.0.0.1',
    port: 0,
    onError: (message) => errors.push(message),
    ...options,
  })
  started.push(env)
  return env
}

/** Resolves once `condition` holds, checking on every turn of the event loop. */
export async function waitFor(
  what: string,
  condition: () => boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs
  while (!condition()) {
    if (performance.now() > deadline)
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise<void>((resolve) => setImmediate(resolve))
  }
}

/** Lets queued I/O and microtasks run for a few turns of the event loop. */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve))
}

/** A buffer of `size` bytes whose first four bytes are `n` (big-endian). */
export function numbered(n: number, size = 1024): Uint8Array {
  const buffer = new Uint8Array(size)
  new DataView(buffer.buffer).setUint32(0, n)
  return buffer
}

export function numberOf(buffer: Uint8Array): number {
  return new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength).getUint32(0)
}

/** A TCP proxy to `target` whose connections the test can cut, as a failing network would. */
export interface Proxy {
  readonly address: string
  /** Destroys every proxied connection (both sides). */
  dropConnections(): void
  close(): Promise<void>
}

export async function startProxy(target: string): Promise<Proxy> {
  const [host, port] = target.split(':') as [string, string]
  const sockets = new Set<Socket>()
  const server = createServer((inbound) => {
    const outbound = connect({ host, port: Number(port) })
    for (const s of [inbound, outbound]) {
      sockets.add(s)
      // The other side is destroyed with it; the error itself is what the test provokes.
      s.on('error', () => s.destroy())
      s.on('close', () => {
        sockets.delete(s)
        inbound.destroy()
        outbound.destroy()
      })
    }
    inbound.pipe(outbound)
    outbound.pipe(inbound)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const proxyPort = typeof address === 'object' && address !== null ? address.port : 0
  return {
    address: `127.0.0.1:${proxyPort}`,
    dropConnections: () => {
      for (const s of sockets) s.destroy()
    },
    close: () => {
      for (const s of sockets) s.destroy()
      return new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** What `fn` throws; fails the test if it returns. */
export function thrownBy(fn: () => unknown): unknown {
  try {
    fn()
  } catch (e: unknown) {
    return e
  }
  throw new Error('expected the call to throw')
}
