import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AggregateFunction } from '../../../../src/api/functions/aggregate.js'
import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../../../src/api/state/state-descriptor.js'
import { GlobalWindow, TimeWindow } from '../../../../src/api/windowing/windows.js'
import { computeKeyGroupForKeyHash } from '../../../../src/core/keys/key-group-range-assignment.js'
import { KeyGroupRange } from '../../../../src/core/keys/key-group-range.js'
import { hashKey } from '../../../../src/core/keys/key-hash.js'
import { Types } from '../../../../src/core/types/types.js'
import { HeapKeyedStateBackend } from '../../../../src/runtime/state/heap/heap-keyed-state-backend.js'
import { VOID_NAMESPACE } from '../../../../src/runtime/state/keyed-state-backend.js'
import { snapshotKeyedState } from '../../../../src/runtime/state/snapshot/keyed-state-snapshot.js'
import { restoreKeyedState } from '../../../../src/runtime/state/snapshot/keyed-state-restore.js'

const MAX_PARALLELISM = 128

function backend(): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend(KeyGroupRange.of(0, MAX_PARALLELISM - 1), MAX_PARALLELISM)
}

function restored(from: HeapKeyedStateBackend): HeapKeyedStateBackend {
  const b = backend()
  restoreKeyedState(b, [snapshotKeyedState(from).bytes])
  return b
}

interface Avg {
  sum: number
  count: number
}

const AVERAGE: AggregateFunction<number, Avg, number> = {
  createAccumulator: () => ({ sum: 0, count: 0 }),
  add: (value, acc) => ({ sum: acc.sum + value, count: acc.count + 1 }),
  getResult: (acc) => acc.sum / acc.count,
  merge: (a, b) => ({ sum: a.sum + b.sum, count: a.count + b.count }),
}

const VALUE = new ValueStateDescriptor<{ user: string; tags: Set<string> }>('value')
const DECLARED_VALUE = new ValueStateDescriptor('declared', Types.ROW({ n: Types.INT }))
const LIST = new ListStateDescriptor<string>('list', Types.STRING)
const MAP = new MapStateDescriptor<[string, number], bigint>('map')
const REDUCING = new ReducingStateDescriptor<number>('sum', (a, b) => a + b, Types.DOUBLE)
const AGGREGATING = new AggregatingStateDescriptor('avg', AVERAGE)

const KEYS: readonly unknown[] = ['a', 7, ['c', 1], { id: 'x', n: 2 }]

/** `n` integer keys that share a key group. */
function keysOfOneKeyGroup(n: number): number[] {
  const byGroup = new Map<number, number[]>()
  for (let key = 0; ; key++) {
    const group = computeKeyGroupForKeyHash(hashKey(key), MAX_PARALLELISM)
    const keys = byGroup.get(group) ?? []
    keys.push(key)
    byGroup.set(group, keys)
    if (keys.length === n) return keys
  }
}

/** Writes something different for every key into every state kind under `namespace`. */
function fill(b: HeapKeyedStateBackend, namespace: unknown): void {
  KEYS.forEach((key, i) => {
    b.setCurrentKey(key)
    b.getPartitionedState(namespace, VALUE).update({ user: `u${i}`, tags: new Set(['t', `${i}`]) })
    b.getPartitionedState(namespace, DECLARED_VALUE).update({ n: i })
    b.getPartitionedState(namespace, LIST).addAll([`e${i}`, `f${i}`])
    const map = b.getPartitionedState(namespace, MAP)
    map.put(['m', i], BigInt(i) * 10n ** 20n)
    map.put(['z', -i], -1n)
    const sum = b.getPartitionedState(namespace, REDUCING)
    sum.add(i + 0.5)
    sum.add(1)
    const avg = b.getPartitionedState(namespace, AGGREGATING)
    avg.add(i)
    avg.add(i + 2)
  })
}

/** Everything the states hold under `namespace`, per key, read through the states' own API. */
function dump(b: HeapKeyedStateBackend, namespace: unknown): unknown[] {
  return KEYS.map((key) => {
    b.setCurrentKey(key)
    return {
      key,
      value: b.getPartitionedState(namespace, VALUE).value(),
      declared: b.getPartitionedState(namespace, DECLARED_VALUE).value(),
      list: Array.from(b.getPartitionedState(namespace, LIST).get()),
      map: Array.from(b.getPartitionedState(namespace, MAP).entries()),
      sum: b.getPartitionedState(namespace, REDUCING).get(),
      avg: b.getPartitionedState(namespace, AGGREGATING).get(),
    }
  })
}

function expected(): unknown[] {
  return KEYS.map((key, i) => ({
    key,
    value: { user: `u${i}`, tags: new Set(['t', `${i}`]) },
    declared: { n: i },
    list: [`e${i}`, `f${i}`],
    map: [
      [['m', i], BigInt(i) * 10n ** 20n],
      [['z', -i], -1n],
    ],
    sum: i + 1.5,
    avg: i + 1,
  }))
}

describe('snapshotKeyedState / restoreKeyedState', () => {
  it('round-trips every state kind in the void namespace', () => {
    const b = backend()
    fill(b, VOID_NAMESPACE)
    const r = restored(b)
    assert.deepStrictEqual(dump(r, VOID_NAMESPACE), expected())
    assert.equal(r.numKeyValueStateEntries(), 24)
  })

  it('round-trips every state kind in TimeWindow namespaces, keeping windows apart', () => {
    const b = backend()
    fill(b, new TimeWindow(0, 10))
    b.setCurrentKey('a')
    b.getPartitionedState(new TimeWindow(10, 20), LIST).add('later')
    const r = restored(b)
    assert.deepStrictEqual(dump(r, new TimeWindow(0, 10)), expected())
    r.setCurrentKey('a')
    assert.deepStrictEqual(
      [
        Array.from(r.getPartitionedState(new TimeWindow(10, 20), LIST).get()),
        Array.from(r.getPartitionedState(VOID_NAMESPACE, LIST).get()),
      ],
      [['later'], []],
    )
    assert.deepStrictEqual(Array.from(r.getKeys('list', new TimeWindow(10, 20))), ['a'])
  })

  it('restores the namespace objects: TimeWindows, the GlobalWindow and plain data', () => {
    const b = backend()
    b.setCurrentKey('k')
    b.getPartitionedState(new TimeWindow(-5, 5.5), LIST).add('time')
    b.getPartitionedState(GlobalWindow.get(), LIST).add('global')
    b.getPartitionedState({ pane: [1, 2] }, LIST).add('data')
    b.getPartitionedState('ns', LIST).add('string')
    const r = restored(b)
    const table = r.getStateTable('list')!
    r.setCurrentKey('k')
    const namespaces = Array.from(table.entriesOfKeyGroup(r.getCurrentKeyGroupIndex()), (e) => [
      e.namespace,
      e.value,
    ])
    assert.deepStrictEqual(namespaces, [
      [new TimeWindow(-5, 5.5), ['time']],
      [GlobalWindow.get(), ['global']],
      [{ pane: [1, 2] }, ['data']],
      ['ns', ['string']],
    ])
    assert.equal(namespaces[1]![0], GlobalWindow.get())
  })

  it('gives the entries of one window in one key group one restored window object', () => {
    const keys = keysOfOneKeyGroup(3)
    const b = backend()
    for (const key of keys) {
      b.setCurrentKey(key)
      b.getPartitionedState(new TimeWindow(0, 10), LIST).add(`${key}`)
    }
    const r = restored(b)
    r.setCurrentKey(keys[0])
    const namespaces = Array.from(
      r.getStateTable('list')!.entriesOfKeyGroup(r.getCurrentKeyGroupIndex()),
      (e) => e.namespace,
    )
    assert.deepStrictEqual(namespaces, [
      new TimeWindow(0, 10),
      new TimeWindow(0, 10),
      new TimeWindow(0, 10),
    ])
    assert.equal(new Set(namespaces).size, 1)
  })

  it('does not alias live state: values mutated after the snapshot restore as they were', () => {
    const b = backend()
    b.setCurrentKey('a')
    const list = b.getState(new ListStateDescriptor<{ n: number }>('objects'))
    const map = b.getState(new MapStateDescriptor<string, number[]>('arrays'))
    const value = b.getState(new ValueStateDescriptor<{ n: number }>('value'))
    list.add({ n: 1 })
    map.put('x', [1])
    value.update({ n: 1 })
    const snapshot = snapshotKeyedState(b)
    ;(Array.from(list.get())[0] as { n: number }).n = 99
    list.add({ n: 2 })
    map.get('x')!.push(2)
    map.put('y', [3])
    value.value()!.n = 99
    const r = backend()
    restoreKeyedState(r, [snapshot.bytes])
    r.setCurrentKey('a')
    assert.deepStrictEqual(
      [
        Array.from(r.getState(new ListStateDescriptor<{ n: number }>('objects')).get()),
        Array.from(r.getState(new MapStateDescriptor<string, number[]>('arrays')).entries()),
        r.getState(new ValueStateDescriptor<{ n: number }>('value')).value(),
      ],
      [[{ n: 1 }], [['x', [1]]], { n: 1 }],
    )
  })

  it('keeps restored states the operator has not asked for in the next snapshot', () => {
    const b = backend()
    b.setCurrentKey('a')
    b.getState(new ValueStateDescriptor<number>('kept')).update(5)
    const middle = restored(b)
    assert.deepStrictEqual(middle.getRegisteredStateNames(), [])
    assert.equal(middle.numKeyValueStateEntries(), 1)
    const last = restored(middle)
    last.setCurrentKey('a')
    assert.equal(last.getState(new ValueStateDescriptor<number>('kept')).value(), 5)
  })

  it('reports the offset of every key group section of the range', () => {
    const b = new HeapKeyedStateBackend(KeyGroupRange.of(10, 13), MAX_PARALLELISM)
    const snapshot = snapshotKeyedState(b)
    assert.deepStrictEqual(
      [snapshot.maxParallelism, snapshot.keyGroupRange, snapshot.keyGroupOffsets.length],
      [MAX_PARALLELISM, KeyGroupRange.of(10, 13), 4],
    )
    // An empty group is its key group (1 byte) and one zero count per state (none here).
    const [first, second, third, fourth] = snapshot.keyGroupOffsets
    assert.deepStrictEqual([second! - first!, third! - second!, fourth! - third!], [1, 1, 1])
  })

  it('names the state, key and class of a value it cannot write', () => {
    class Session {
      id = 1
    }
    const b = backend()
    b.setCurrentKey('u1')
    b.getState(new ValueStateDescriptor<Session>('session')).update(new Session())
    assert.throws(() => snapshotKeyedState(b), {
      name: 'StateError',
      code: 'state.unserializable-value',
      message:
        `Cannot snapshot state 'session': the value state of key "u1" (key group ` +
        `${b.getCurrentKeyGroupIndex()}) cannot be written as GENERIC: Cannot serialize value ` +
        `as GENERIC: value is an instance of class Session; records crossing a task boundary ` +
        `must be plain data or have a declared type`,
    })
  })

  it('names the state and class of a namespace it cannot write', () => {
    class Pane {
      toString(): string {
        return 'pane'
      }
    }
    const b = backend()
    b.setCurrentKey('u1')
    b.getPartitionedState(new Pane(), LIST).add('x')
    assert.throws(() => snapshotKeyedState(b), {
      name: 'StateError',
      code: 'state.unserializable-namespace',
      message:
        `Cannot snapshot state 'list': a namespace is an instance of class Pane, which ` +
        `snapshots cannot write; use VOID_NAMESPACE, a TimeWindow, a GlobalWindow, or plain ` +
        `data (a primitive, array, Date or plain object) as the namespace`,
    })
  })
})
