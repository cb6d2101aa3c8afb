// The RpcService contract, run against both transports: what a gateway call returns or rejects
// with must not depend on whether the endpoint is in this process or behind a socket.
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import { EddyError } from '../../../src/core/errors.js'
import {
  FencingTokenMismatchError,
  RemoteError,
  RpcConnectionError,
  RpcTimeoutError,
} from '../../../src/runtime/rpc/rpc-errors.js'
import {
  EchoEndpoint,
  rejection,
  summary,
  TRANSPORTS,
  type EchoGateway,
  type RpcSetup,
} from './support.js'

for (const transport of TRANSPORTS) {
  describe(`${transport.name} (shared RpcService contract)`, () => {
    let rpc: RpcSetup
    let endpoint: EchoEndpoint
    let gateway: EchoGateway
    let address: string

    beforeEach(async () => {
      rpc = await transport.start()
      endpoint = new EchoEndpoint()
      rpc.server.registerEndpoint('echo', endpoint)
      address = rpc.server.address
      gateway = rpc.client.connect<EchoGateway>(address, 'echo')
    })

    afterEach(() => rpc.close())

    it('round-trips every value type through a call', async () => {
      const values: unknown[] = [
        null,
        undefined,
        true,
        false,
        0,
        -1.5,
        Number.MAX_SAFE_INTEGER,
        Number.NaN,
        Number.POSITIVE_INFINITY,
        2n ** 64n,
        '',
        'text ünïcødé ✓',
        [],
        [1, 'a', null, undefined, [2]],
        {},
        { a: 1, b: undefined, nested: { list: [{ deep: 'x' }] } },
        new Uint8Array([0, 1, 255]),
        Buffer.from('buffer'),
        { bytes: new Uint8Array([7]), buffers: [Buffer.from([1, 2])] },
      ]
      const results = await Promise.all(values.map((v) => gateway.echo(v)))
      assert.deepStrictEqual(results, values)
    })

    it('passes every argument, undefined ones in place', async () => {
      assert.deepStrictEqual(await gateway.echoArgs(1, undefined, 'three', null), [
        1,
        undefined,
        'three',
        null,
      ])
      assert.deepStrictEqual(await gateway.echoArgs(), [])
    })

    it('copies arguments and results: class instances arrive as plain objects', async () => {
      class Point {
        readonly x: number
        readonly y: number
        constructor(x: number, y: number) {
          this.x = x
          this.y = y
        }
      }
      const result = await gateway.echo(new Point(1, 2))
      assert.deepStrictEqual(result, { x: 1, y: 2 })
    })

    it('runs concurrent calls and gives each its own reply, whatever order they finish in', async () => {
      const keys = Array.from({ length: 50 }, (_, i) => `k${i}`)
      const calls = keys.map((k) => gateway.hold(k))
      await Promise.all(keys.map((k) => endpoint.started(k).promise))
      for (const k of [...keys].reverse()) endpoint.release(k, `reply to ${k}`)
      assert.deepStrictEqual(
        await Promise.all(calls),
        keys.map((k) => `reply to ${k}`),
      )
      assert.deepStrictEqual(await Promise.all([gateway.add(1, 2), gateway.add(3, 4)]), [3, 7])
    })

    it('rethrows a method error as RemoteError with the remote stack and the caller stack', async () => {
      const thrown = new EddyError('disk full', {
        code: 'blob.disk-full',
        domain: 'external',
        failureType: 'EnvironmentError',
      })
      endpoint.nextError = thrown
      const e = await rejection(gateway.fail())
      assert.deepStrictEqual(summary(e), {
        class: 'RemoteError',
        name: 'RemoteError',
        message: 'disk full',
        code: 'rpc.remote-error',
        domain: 'external',
        failureType: 'EnvironmentError',
        context: {
          address,
          endpoint: 'echo',
          method: 'fail',
          remoteName: 'EddyError',
          remoteCode: 'blob.disk-full',
        },
        remoteName: 'EddyError',
        remoteCode: 'blob.disk-full',
      })
      assert.ok(e instanceof RemoteError)
      assert.equal(e.remoteStack, thrown.stack)
      const localStack = e.stack?.split('\n') ?? []
      assert.equal(localStack[0], 'RemoteError: disk full')
      assert.match(localStack[1] ?? '', /rpc-service\.test\.ts/)
    })

    it('rethrows sync throws, async rejections, Node errors and non-Errors alike', async () => {
      const remote = async (call: () => Promise<unknown>, error: unknown) => {
        endpoint.nextError = error
        const e = await rejection(call())
        assert.ok(e instanceof RemoteError)
        return [e.remoteName, e.message, e.remoteCode, e.domain, e.failureType]
      }
      const nodeError = Object.assign(new Error('no such file'), { code: 'ENOENT' })
      assert.deepStrictEqual(
        [
          await remote(() => gateway.fail(), new TypeError('bad argument')),
          await remote(() => gateway.failAsync(), new RangeError('too far')),
          await remote(() => gateway.fail(), nodeError),
          await remote(() => gateway.failAsync(), 'a string'),
        ],
        [
          ['TypeError', 'bad argument', undefined, 'internal', 'RecoverableError'],
          ['RangeError', 'too far', undefined, 'internal', 'RecoverableError'],
          ['Error', 'no such file', 'ENOENT', 'internal', 'RecoverableError'],
          ['Error', 'non-Error value thrown: a string', undefined, 'internal', 'RecoverableError'],
        ],
      )
    })

    it('rejects calls to an unknown endpoint or method with RemoteError and its code', async () => {
      const nowhere = rpc.client.connect<EchoGateway>(address, 'nowhere')
      const unknownEndpoint = await rejection(nowhere.echo(1))
      const unknownMethod = await rejection(gateway.missing())
      assert.deepStrictEqual(
        [unknownEndpoint, unknownMethod].map((e) => {
          assert.ok(e instanceof RemoteError)
          return [e.remoteName, e.remoteCode, e.message]
        }),
        [
          ['EddyError', 'rpc.unknown-endpoint', `No RPC endpoint 'nowhere' at ${address}`],
          [
            'EddyError',
            'rpc.unknown-method',
            `RPC endpoint 'echo' at ${address} has no method 'missing'`,
          ],
        ],
      )
    })

    it('stops serving an unregistered endpoint', async () => {
      assert.equal(await gateway.echo('before'), 'before')
      rpc.server.unregisterEndpoint('echo')
      const e = await rejection(gateway.echo('after'))
      assert.ok(e instanceof RemoteError)
      assert.equal(e.remoteCode, 'rpc.unknown-endpoint')
    })

    it('accepts calls with the fencing token and rejects others with FencingTokenMismatchError', async () => {
      let leaderToken: string | undefined = 'leader-1'
      rpc.server.registerEndpoint('fenced', new EchoEndpoint(), { fencingToken: () => leaderToken })
      const current = rpc.client.connect<EchoGateway>(address, 'fenced', {
        fencingToken: 'leader-1',
      })
      const former = rpc.client.connect<EchoGateway>(address, 'fenced', {
        fencingToken: 'leader-0',
      })
      const unfenced = rpc.client.connect<EchoGateway>(address, 'fenced')

      assert.equal(await current.echo('ok'), 'ok')
      const mismatch = (received: string) => ({
        class: 'FencingTokenMismatchError',
        name: 'FencingTokenMismatchError',
        message:
          `Fencing token mismatch at RPC endpoint 'fenced' (${address}): the call to echo ` +
          `carries ${received}, the endpoint expects 'leader-1'`,
        code: 'rpc.fencing-token-mismatch',
        domain: 'external',
        failureType: 'RecoverableError',
        context: { address, endpoint: 'fenced', method: 'echo' },
        cause: {
          class: 'RemoteError',
          name: 'RemoteError',
          message:
            `Fencing token mismatch at RPC endpoint 'fenced' (${address}): the call to echo ` +
            `carries ${received}, the endpoint expects 'leader-1'`,
          code: 'rpc.remote-error',
          domain: 'external',
          failureType: 'RecoverableError',
          context: {
            address,
            endpoint: 'fenced',
            method: 'echo',
            remoteName: 'FencingTokenMismatchError',
            remoteCode: 'rpc.fencing-token-mismatch',
          },
          remoteName: 'FencingTokenMismatchError',
          remoteCode: 'rpc.fencing-token-mismatch',
        },
      })
      const [formerError, unfencedError] = [
        await rejection(former.echo('stale')),
        await rejection(unfenced.echo('none')),
      ]
      assert.ok(formerError instanceof FencingTokenMismatchError)
      assert.deepStrictEqual(
        [summary(formerError), summary(unfencedError)],
        [mismatch("token 'leader-0'"), mismatch('no token')],
      )

      leaderToken = undefined // no leader session: the endpoint is not fenced
      assert.deepStrictEqual(
        await Promise.all([current.echo(1), former.echo(2), unfenced.echo(3)]),
        [1, 2, 3],
      )
    })

    it('rejects a call with RpcTimeoutError after its timeout and ignores the late reply', async () => {
      const impatient = rpc.client.connect<EchoGateway>(address, 'echo', { timeoutMs: 30 })
      const e = await rejection(impatient.hold('slow'))
      assert.ok(e instanceof RpcTimeoutError)
      assert.deepStrictEqual(summary(e), {
        class: 'RpcTimeoutError',
        name: 'RpcTimeoutError',
        message: `RPC call echo.hold to ${address} timed out after 30 ms`,
        code: 'rpc.timeout',
        domain: 'external',
        failureType: 'RecoverableError',
        context: { address, endpoint: 'echo', method: 'hold', timeoutMs: 30 },
      })
      endpoint.release('slow')
      assert.equal(await impatient.echo('next'), 'next')
    })

    it("takes the service's ask timeout when the gateway sets none", async () => {
      const patient = await transport.start({ askTimeoutMs: 20 })
      try {
        const slow = new EchoEndpoint()
        patient.server.registerEndpoint('echo', slow)
        const g = patient.client.connect<EchoGateway>(patient.server.address, 'echo')
        const e = await rejection(g.hold('slow'))
        assert.equal(
          (e as Error).message,
          `RPC call echo.hold to ${patient.server.address} timed out after 20 ms`,
        )
        slow.release('slow')
      } finally {
        await patient.close()
      }
    })

    it('rejects pending calls with RpcConnectionError when the calling service closes', async () => {
      const pending = gateway.hold('forever')
      await endpoint.started('forever').promise
      await rpc.client.close()
      const e = await rejection(pending)
      assert.ok(e instanceof RpcConnectionError)
      assert.equal(
        e.message,
        `Call echo.hold to ${address} cancelled: RPC service ${rpc.client.address} was closed`,
      )
      const afterClose = await rejection(gateway.echo(1))
      assert.equal(
        (afterClose as Error).message,
        `Call echo.echo to ${address} rejected: RPC service ${rpc.client.address} is closed`,
      )
    })

    it('hands out a proxy that is not a thenable and has no call-sending Object methods', async () => {
      const viaAsync = async () => gateway
      assert.equal(await viaAsync(), gateway)
      assert.deepStrictEqual(
        [
          (gateway as { then?: unknown }).then,
          gateway.toString,
          gateway.constructor,
          Object.keys(gateway),
        ],
        [undefined, Object.prototype.toString, Object, []],
      )
    })
  })
}
