// What is particular to the in-process transport; the contract it shares with TCP is tested in
// rpc-service.test.ts.
import assert from 'node:assert/strict'
import { afterEach, describe, it } from 'node:test'
import { LocalRpcService } from '../../../src/runtime/rpc/local-rpc-service.js'
import type { EchoGateway } from './support.js'

describe('LocalRpcService', () => {
  const service = new LocalRpcService('minicluster')
  afterEach(() => service.unregisterEndpoint('echo'))

  it("has the address 'local://<name>' and reaches no other", () => {
    assert.equal(service.address, 'local://minicluster')
    for (const address of ['127.0.0.1:6123', 'local://other']) {
      assert.throws(() => service.connect(address, 'echo'), {
        name: 'EddyError',
        code: 'rpc.invalid-address',
        message: `LocalRpcService local://minicluster reaches only its own endpoints, not '${address}'`,
      })
    }
  })

  it("starts a method after the caller's synchronous code, as a socket would", async () => {
    const events: string[] = []
    service.registerEndpoint('echo', {
      echo: (v: string) => {
        events.push(`served ${v}`)
        return v
      },
    })
    const gateway = service.connect<EchoGateway>(service.address, 'echo')
    const reply = gateway.echo('x')
    events.push('caller continued')
    assert.equal(await reply, 'x')
    assert.deepStrictEqual(events, ['caller continued', 'served x'])
  })

  it('copies arguments and results, so neither side sees the other mutate them', async () => {
    const kept: { list: number[] }[] = []
    service.registerEndpoint('echo', {
      echo: (v: { list: number[] }) => {
        kept.push(v)
        v.list.push(2)
        return v
      },
    })
    const gateway = service.connect<EchoGateway>(service.address, 'echo')
    const argument = { list: [1] }
    const result = await gateway.echo(argument)
    result.list.push(3)
    assert.deepStrictEqual(
      [argument, kept, result],
      [{ list: [1] }, [{ list: [1, 2] }], { list: [1, 2, 3] }],
    )
  })
})
