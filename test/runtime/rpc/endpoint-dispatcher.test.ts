// Which names a request may invoke on an endpoint, and in which order requests start.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { EndpointDispatcher } from '../../../src/runtime/rpc/endpoint-dispatcher.js'
import type { RpcResponse } from '../../../src/runtime/rpc/rpc-codec.js'

class BaseEndpoint {
  inherited(): string {
    return 'from the base class'
  }
}

class TaskEndpoint extends BaseEndpoint {
  readonly started: string[] = []
  readonly field = 42
  readonly arrow = (x: number): number => x * 2
  getterRuns = 0

  get risky(): () => string {
    this.getterRuns++
    return () => 'ran a getter'
  }

  own(): string {
    return 'own method'
  }

  async record(name: string): Promise<string> {
    this.started.push(name)
    await Promise.resolve()
    return name
  }

  override toString(): string {
    return 'an overridden Object.prototype name'
  }
}

/** What a test compares of a response: the value, or the error's code. */
function outcome(response: RpcResponse): unknown {
  return response.ok ? response.value : `error ${response.error.code}`
}

describe('EndpointDispatcher', () => {
  const call = (dispatcher: EndpointDispatcher, method: string, args: unknown[] = []) =>
    dispatcher.dispatch({ t: 0, id: 1, endpoint: 'task', method, args })

  it('serves own and inherited methods and function fields, nothing of Object.prototype', async () => {
    const endpoint = new TaskEndpoint()
    const dispatcher = new EndpointDispatcher('local://test')
    dispatcher.register('task', endpoint)
    const names = [
      'own',
      'inherited',
      'arrow',
      'risky',
      'field',
      'started',
      'toString',
      'constructor',
      '__proto__',
      'hasOwnProperty',
      'valueOf',
      '__defineGetter__',
      'isPrototypeOf',
    ]
    const results = await Promise.all(names.map((n) => call(dispatcher, n, [21])))
    assert.deepStrictEqual(results.map(outcome), [
      'own method',
      'from the base class',
      42,
      'error rpc.unknown-method',
      'error rpc.unknown-method',
      'error rpc.unknown-method',
      'error rpc.unknown-method',
      'error rpc.unknown-method',
      'error rpc.unknown-method',
      'error rpc.unknown-method',
      'error rpc.unknown-method',
      'error rpc.unknown-method',
      'error rpc.unknown-method',
    ])
    assert.equal(endpoint.getterRuns, 0)
  })

  it("never serves a function endpoint's Function.prototype methods", async () => {
    const dispatcher = new EndpointDispatcher('local://test')
    dispatcher.register(
      'task',
      Object.assign(() => 'called', { own: () => 'own' }),
    )
    const results = await Promise.all(
      ['call', 'apply', 'bind', 'own'].map((n) => call(dispatcher, n)),
    )
    assert.deepStrictEqual(results.map(outcome), [
      'error rpc.unknown-method',
      'error rpc.unknown-method',
      'error rpc.unknown-method',
      'own',
    ])
  })

  it('starts each method synchronously, so requests start in the order they arrive', async () => {
    const endpoint = new TaskEndpoint()
    const dispatcher = new EndpointDispatcher('local://test')
    dispatcher.register('task', endpoint)
    const pending = ['a', 'b', 'c'].map((n) => call(dispatcher, 'record', [n]))
    assert.deepStrictEqual(endpoint.started, ['a', 'b', 'c'])
    assert.deepStrictEqual((await Promise.all(pending)).map(outcome), ['a', 'b', 'c'])
  })

  it('resolves, never rejects, for a method that throws', async () => {
    const dispatcher = new EndpointDispatcher('local://test')
    const error = new RangeError('out of range')
    dispatcher.register('task', {
      fail: () => {
        throw error
      },
    })
    assert.deepStrictEqual(await call(dispatcher, 'fail'), {
      t: 1,
      id: 1,
      ok: false,
      error: { name: 'RangeError', message: 'out of range', stack: error.stack },
    })
  })
})
