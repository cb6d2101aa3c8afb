import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../../src/api/state/state-descriptor.js'
import type { ListState, ValueState } from '../../../src/api/state/state.js'
import { computeKeyGroupForKeyHash } from '../../../src/core/keys/key-group-range-assignment.js'
import { KeyGroupRange } from '../../../src/core/keys/key-group-range.js'
import { hashKey } from '../../../src/core/keys/key-hash.js'
import { HeapKeyedStateBackend } from '../../../src/runtime/state/heap/heap-keyed-state-backend.js'
import { VOID_NAMESPACE } from '../../../src/runtime/state/keyed-state-backend.js'
import { StateError } from '../../../src/runtime/state/state-error.js'

const MAX_PARALLELISM = 128

function backend(start = 0, end = MAX_PARALLELISM - 1): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend(KeyGroupRange.of(start, end), MAX_PARALLELISM)
}

function keyGroupOf(key: unknown): number {
  return computeKeyGroupForKeyHash(hashKey(key), MAX_PARALLELISM)
}

/** The first integer key whose key group satisfies `accept`. */
function findKey(accept: (keyGroup: number) => boolean): number {
  for (let key = 0; key < 100_000; key++) if (accept(keyGroupOf(key))) return key
  throw new Error('no key found')
}

const COUNT = new ValueStateDescriptor<number>('count')

describe('HeapKeyedStateBackend', () => {
  it('scopes state to the current key', () => {
    const b = backend()
    const count = b.getState(COUNT)
    b.setCurrentKey('a')
    count.update(1)
    b.setCurrentKey('b')
    assert.equal(count.value(), null)
    count.update(2)
    b.setCurrentKey('a')
    assert.equal(count.value(), 1)
    b.setCurrentKey('b')
    assert.equal(count.value(), 2)
  })

  it('reports the user key object and its key group', () => {
    const b = backend()
    assert.equal(b.getCurrentKey(), undefined)
    assert.equal(b.getCurrentKeyGroupIndex(), -1)
    const key = { user: 'u1', region: 'eu' }
    b.setCurrentKey(key)
    assert.equal(b.getCurrentKey(), key)
    assert.equal(b.getCurrentKeyGroupIndex(), keyGroupOf(key))
  })

  it('throws when state is accessed before a key is set', () => {
    const count = backend().getState(COUNT)
    assert.throws(() => count.value(), {
      name: 'StateError',
      code: 'state.no-key-set',
    })
    assert.throws(() => count.update(1), /No key set when accessing state 'count'/)
  })

  it('treats keys with equal canonical forms as one key', () => {
    const b = backend()
    const count = b.getState(COUNT)
    b.setCurrentKey({ a: 1, b: 2 })
    count.update(7)
    b.setCurrentKey({ b: 2, a: 1 })
    assert.equal(count.value(), 7)
    b.setCurrentKey([1, 'x'])
    count.update(8)
    b.setCurrentKey([1, 'x'])
    assert.equal(count.value(), 8)
    assert.deepStrictEqual(Array.from(b.getKeys('count', VOID_NAMESPACE)).length, 2)
  })

  it("keeps '1' and 1 apart", () => {
    const b = backend()
    const count = b.getState(COUNT)
    b.setCurrentKey('1')
    count.update(1)
    b.setCurrentKey(1)
    assert.equal(count.value(), null)
    count.update(2)
    b.setCurrentKey('1')
    assert.equal(count.value(), 1)
  })

  it('keeps the state of keys in different key groups separate', () => {
    const b = backend()
    const k1 = findKey(() => true)
    const g1 = keyGroupOf(k1)
    const k2 = findKey((g) => g !== g1)
    const g2 = keyGroupOf(k2)
    const count = b.getState(COUNT)
    b.setCurrentKey(k1)
    count.update(10)
    b.setCurrentKey(k2)
    count.update(20)
    const table = b.getStateTable('count')
    assert.ok(table !== undefined)
    const entries = (kg: number): [unknown, unknown][] =>
      Array.from(table.entriesOfKeyGroup(kg), (e) => [e.key, e.value])
    assert.deepStrictEqual(entries(g1), [[k1, 10]])
    assert.deepStrictEqual(entries(g2), [[k2, 20]])
  })

  it('throws a partitioning error for a key outside its key groups, keeping the current key', () => {
    const b = backend(0, 63)
    const inside = findKey((g) => g <= 63)
    const outside = findKey((g) => g > 63)
    b.setCurrentKey(inside)
    assert.throws(
      () => b.setCurrentKey(outside),
      (e: unknown) => {
        assert.ok(e instanceof StateError)
        assert.equal(e.code, 'state.key-group-out-of-range')
        assert.match(
          e.message,
          new RegExp(
            `^Key ${outside} belongs to key group ${keyGroupOf(outside)}, which is outside the key groups \\[0, 63\\]`,
          ),
        )
        return true
      },
    )
    assert.equal(b.getCurrentKey(), inside)
    assert.equal(b.getCurrentKeyGroupIndex(), keyGroupOf(inside))
  })

  it('owning every key group, keeps namespaced state of many keys in their own key groups', () => {
    // Such a backend finds a key's row by the key and computes the key group only when needed.
    const b = backend()
    const list = b.getPartitionedState('w1', new ListStateDescriptor<string>('list'))
    const keys = Array.from({ length: 50 }, (_, i) => `k${i}`)
    for (const round of ['a', 'b'])
      for (const key of keys) {
        b.setCurrentKey(key)
        list.add(`${key}${round}`)
      }
    for (const key of keys) {
      b.setCurrentKey(key)
      assert.deepStrictEqual(list.get(), [`${key}a`, `${key}b`])
      assert.equal(b.getCurrentKeyGroupIndex(), keyGroupOf(key))
    }
    const table = b.getStateTable('list')!
    for (const key of keys) {
      const inGroup = Array.from(table.entriesOfKeyGroup(keyGroupOf(key)), (e) => e.key)
      assert.ok(inGroup.includes(key), `${key} is not in key group ${keyGroupOf(key)}`)
    }
    assert.equal(table.size(), 50)
    b.setCurrentKey('k7')
    list.clear()
    b.setCurrentKey('k7')
    assert.deepStrictEqual(list.get(), [])
    assert.equal(table.size(), 49)
  })

  it('tells an installed access listener of each key group before it is touched', () => {
    const b = backend()
    const list = b.getPartitionedState('w1', new ListStateDescriptor<string>('list'))
    b.setCurrentKey('before')
    list.add('x')
    const heard: number[] = []
    b.setKeyGroupAccessListener({ beforeKeyGroupAccess: (g) => heard.push(g) })
    // The current key is the installer's business; later keys are reported as they are set.
    assert.equal(b.getCurrentKeyGroupIndex(), keyGroupOf('before'))
    list.add('y')
    b.setCurrentKey('after')
    list.add('z')
    assert.deepStrictEqual(heard, [keyGroupOf('after')])
    b.setKeyGroupAccessListener(undefined)
    b.setCurrentKey('later')
    list.add('w')
    assert.deepStrictEqual(heard, [keyGroupOf('after')])
  })

  it('accepts every key of its own range', () => {
    const b = backend(64, 127)
    const key = findKey((g) => g >= 64)
    const count = b.getState(COUNT)
    b.setCurrentKey(key)
    count.update(3)
    assert.equal(count.value(), 3)
    assert.deepStrictEqual(Array.from(b.getKeys('count', VOID_NAMESPACE)), [key])
  })

  it('returns exactly the keys that have an entry from getKeys', () => {
    const b = backend()
    const count = b.getState(COUNT)
    const keys = ['a', 'b', 'c', { id: 4 }]
    for (const key of keys) {
      b.setCurrentKey(key)
      count.update(1)
    }
    b.setCurrentKey('b')
    count.clear()
    b.setCurrentKey('never-written')
    count.value()
    const got = Array.from(b.getKeys('count', VOID_NAMESPACE))
    assert.deepStrictEqual(
      got.sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
      ['a', 'c', { id: 4 }].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y))),
    )
    assert.equal(
      got.find((k) => typeof k === 'object'),
      keys[3],
    )
    assert.deepStrictEqual(Array.from(b.getKeys('unknown', VOID_NAMESPACE)), [])
  })

  it('returns the same state object for a name and rejects a different kind', () => {
    const b = backend()
    assert.equal(b.getState(COUNT), b.getState(new ValueStateDescriptor<number>('count')))
    assert.throws(() => b.getState(new ListStateDescriptor<number>('count')), {
      name: 'StateError',
      code: 'state.incompatible-kind',
      message:
        "State 'count' is already registered as a value state and cannot be registered again as a list state",
    })
  })

  it('keeps namespaces separate', () => {
    const b = backend()
    const list = b.getPartitionedState('w1', new ListStateDescriptor<string>('buffer'))
    b.setCurrentKey('k')
    list.add('in w1')
    list.setCurrentNamespace('w2')
    assert.deepStrictEqual(Array.from(list.get()), [])
    list.add('in w2')
    list.setCurrentNamespace({ start: 0, end: 10 })
    list.add('in window')
    list.setCurrentNamespace({ end: 10, start: 0 })
    assert.deepStrictEqual(Array.from(list.get()), ['in window'])
    list.setCurrentNamespace(VOID_NAMESPACE)
    assert.deepStrictEqual(Array.from(list.get()), [])
    list.setCurrentNamespace('w1')
    assert.deepStrictEqual(Array.from(list.get()), ['in w1'])
    list.clear()
    list.setCurrentNamespace('w2')
    assert.deepStrictEqual(Array.from(list.get()), ['in w2'])
    assert.deepStrictEqual(Array.from(b.getKeys('buffer', 'w1')), [])
    assert.deepStrictEqual(Array.from(b.getKeys('buffer', 'w2')), ['k'])
    assert.equal(b.numKeyValueStateEntries(), 2)
  })

  it('identifies class-instance namespaces by class name and toString()', () => {
    class TimeWindow {
      readonly start: number
      readonly end: number
      constructor(start: number, end: number) {
        this.start = start
        this.end = end
      }
      toString(): string {
        return `TimeWindow{start=${this.start}, end=${this.end}}`
      }
    }
    class Opaque {}
    const b = backend()
    const sum = b.getPartitionedState(new TimeWindow(0, 10), new ValueStateDescriptor<number>('s'))
    b.setCurrentKey('k')
    sum.update(1)
    sum.setCurrentNamespace(new TimeWindow(10, 20))
    assert.equal(sum.value(), null)
    sum.setCurrentNamespace(new TimeWindow(0, 10))
    assert.equal(sum.value(), 1)
    sum.setCurrentNamespace('TimeWindow{start=0, end=10}')
    assert.equal(sum.value(), null)
    assert.throws(() => sum.setCurrentNamespace(new Opaque()), {
      code: 'state.invalid-namespace',
      message:
        'Namespace of class Opaque has no identity: give the class a stable toString() or use a ' +
        'primitive, array or plain object as the namespace',
    })
  })

  it('rebinds the cached state to the namespace of each getPartitionedState call', () => {
    const b = backend()
    const d = new ValueStateDescriptor<string>('v')
    const s = b.getPartitionedState('n1', d)
    assert.equal(s.getCurrentNamespace(), 'n1')
    assert.equal(b.getState(d), s)
    assert.equal(s.getCurrentNamespace(), VOID_NAMESPACE)
    assert.throws(() => s.setCurrentNamespace(undefined), {
      code: 'state.no-namespace',
    })
  })

  it('applies a function to all keys with the key set, and restores the current key', () => {
    const b = backend()
    const sum = new ReducingStateDescriptor<number>('sum', (x, y) => x + y)
    const state = b.getState(sum)
    for (const key of ['a', 'b', 'c']) {
      b.setCurrentKey(key)
      state.add(1)
      state.add(2)
    }
    b.setCurrentKey('b')
    const seen: [unknown, number | null, unknown][] = []
    b.applyToAllKeys(VOID_NAMESPACE, sum, (key, s) => {
      seen.push([key, s.get(), b.getCurrentKey()])
      s.clear()
    })
    assert.deepStrictEqual(
      seen.sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
      [
        ['a', 3, 'a'],
        ['b', 3, 'b'],
        ['c', 3, 'c'],
      ],
    )
    assert.equal(b.getCurrentKey(), 'b')
    assert.equal(b.numKeyValueStateEntries(), 0)
  })

  it('counts entries over states, keys and namespaces', () => {
    const b = backend()
    const v = b.getState(COUNT)
    const m = b.getState(new MapStateDescriptor<string, number>('m'))
    b.setCurrentKey('a')
    v.update(1)
    m.put('x', 1)
    m.put('y', 2)
    b.setCurrentKey('b')
    v.update(2)
    assert.equal(b.numKeyValueStateEntries(), 3)
  })

  it('drops everything on dispose and refuses further use', () => {
    const b = backend()
    const v = b.getState(COUNT)
    b.setCurrentKey('a')
    v.update(1)
    b.dispose()
    assert.equal(b.numKeyValueStateEntries(), 0)
    assert.throws(() => b.getState(COUNT), { code: 'state.backend-disposed' })
  })

  it('types getState by its descriptor', () => {
    const b = backend()
    const value: ValueState<number> = b.getState(new ValueStateDescriptor<number>('x'))
    const list: ListState<string> = b.getState(new ListStateDescriptor<string>('y'))
    // @ts-expect-error a ValueState<number> is not a ValueState<string>
    const wrong: ValueState<string> = b.getState(new ValueStateDescriptor<number>('z'))
    assert.deepStrictEqual(
      [value.constructor.name, list.constructor.name, wrong.constructor.name],
      ['HeapValueState', 'HeapListState', 'HeapValueState'],
    )
  })
})
