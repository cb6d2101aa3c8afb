import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { AggregateFunction } from '../../../src/api/functions/aggregate.js'
import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../../src/api/state/state-descriptor.js'
import { KeyGroupRange } from '../../../src/core/keys/key-group-range.js'
import { HeapKeyedStateBackend } from '../../../src/runtime/state/heap/heap-keyed-state-backend.js'

function keyedBackend(key: unknown = 'k'): HeapKeyedStateBackend {
  const b = new HeapKeyedStateBackend(KeyGroupRange.of(0, 127), 128)
  b.setCurrentKey(key)
  return b
}

describe('HeapValueState', () => {
  it('is null when unset and returns what was updated', () => {
    const s = keyedBackend().getState(new ValueStateDescriptor<number>('v'))
    assert.equal(s.value(), null)
    s.update(0)
    assert.equal(s.value(), 0)
    s.update(5)
    assert.equal(s.value(), 5)
  })

  it('clears on update(null) and clear()', () => {
    const b = keyedBackend()
    const s = b.getState(new ValueStateDescriptor<string>('v'))
    s.update('x')
    s.update(null)
    assert.equal(s.value(), null)
    assert.equal(b.numKeyValueStateEntries(), 0)
    s.update('y')
    s.clear()
    assert.equal(s.value(), null)
    assert.equal(b.numKeyValueStateEntries(), 0)
  })

  it('stores values by reference', () => {
    const s = keyedBackend().getState(new ValueStateDescriptor<{ n: number }>('v'))
    const obj = { n: 1 }
    s.update(obj)
    obj.n = 2
    assert.equal(s.value(), obj)
    assert.deepStrictEqual(s.value(), { n: 2 })
  })
})

describe('HeapListState', () => {
  it('returns an empty iterable when unset', () => {
    const s = keyedBackend().getState(new ListStateDescriptor<number>('l'))
    assert.deepStrictEqual(Array.from(s.get()), [])
  })

  it('appends with add and addAll, and replaces with update', () => {
    const s = keyedBackend().getState(new ListStateDescriptor<number>('l'))
    s.add(1)
    s.addAll([2, 3])
    s.addAll([])
    assert.deepStrictEqual(Array.from(s.get()), [1, 2, 3])
    const replacement = [9, 8]
    s.update(replacement)
    replacement.push(7)
    assert.deepStrictEqual(Array.from(s.get()), [9, 8])
  })

  it('adds its own contents once when given them back', () => {
    const s = keyedBackend().getState(new ListStateDescriptor<number>('l'))
    s.addAll([1, 2])
    s.addAll(s.get() as number[])
    assert.deepStrictEqual(Array.from(s.get()), [1, 2, 1, 2])
  })

  it('clears on update([]) and clear()', () => {
    const b = keyedBackend()
    const s = b.getState(new ListStateDescriptor<number>('l'))
    s.add(1)
    s.update([])
    assert.deepStrictEqual(Array.from(s.get()), [])
    assert.equal(b.numKeyValueStateEntries(), 0)
    s.add(2)
    s.clear()
    assert.deepStrictEqual(Array.from(s.get()), [])
    assert.equal(b.numKeyValueStateEntries(), 0)
  })

  it('rejects null elements as Flink does, leaving the list unchanged', () => {
    const s = keyedBackend().getState(new ListStateDescriptor<number | null>('l'))
    s.add(1)
    assert.throws(() => s.add(null), {
      name: 'StateError',
      code: 'state.null-value',
      message: "You cannot add null to a ListState. (state 'l')",
    })
    assert.throws(() => s.addAll([2, null]), /You cannot add null to a ListState\./)
    assert.throws(() => s.update([3, null]), /You cannot add null to a ListState\./)
    assert.throws(
      () => s.update(null as unknown as number[]),
      /List of values to add to state 'l' cannot be null\./,
    )
    assert.deepStrictEqual(Array.from(s.get()), [1])
  })
})

describe('HeapMapState', () => {
  it('reads, writes, removes and tests user keys', () => {
    const s = keyedBackend().getState(new MapStateDescriptor<string, number>('m'))
    assert.equal(s.isEmpty(), true)
    assert.equal(s.get('a'), null)
    assert.equal(s.contains('a'), false)
    s.put('a', 1)
    s.putAll(
      new Map([
        ['b', 2],
        ['c', 3],
      ]),
    )
    s.putAll([['a', 10]])
    assert.equal(s.get('a'), 10)
    assert.equal(s.contains('b'), true)
    s.remove('b')
    s.remove('missing')
    assert.deepStrictEqual(Array.from(s.entries()), [
      ['a', 10],
      ['c', 3],
    ])
    assert.deepStrictEqual(Array.from(s.keys()), ['a', 'c'])
    assert.deepStrictEqual(Array.from(s.values()), [10, 3])
    assert.equal(s.isEmpty(), false)
  })

  it('normalizes user keys so composite keys work, and iterates the keys as put', () => {
    const s = keyedBackend().getState(new MapStateDescriptor<unknown, string>('m'))
    const first = { a: 1, b: 2 }
    s.put(first, 'x')
    s.put({ b: 2, a: 1 }, 'y')
    s.put('1', 'string one')
    s.put(1, 'number one')
    assert.equal(s.get({ b: 2, a: 1 }), 'y')
    assert.deepStrictEqual(Array.from(s.entries()), [
      [{ a: 1, b: 2 }, 'y'],
      ['1', 'string one'],
      [1, 'number one'],
    ])
    assert.equal(Array.from(s.keys())[0], first)
  })

  it('drops the entry when the last user key is removed, and on clear', () => {
    const b = keyedBackend()
    const s = b.getState(new MapStateDescriptor<string, number>('m'))
    s.put('a', 1)
    s.remove('a')
    assert.equal(b.numKeyValueStateEntries(), 0)
    assert.equal(s.isEmpty(), true)
    s.put('a', 1)
    s.clear()
    assert.equal(b.numKeyValueStateEntries(), 0)
    assert.deepStrictEqual(Array.from(s.entries()), [])
  })

  it('iterates the map of the key that was current when iteration was requested', () => {
    const b = keyedBackend('k1')
    const s = b.getState(new MapStateDescriptor<string, number>('m'))
    s.put('a', 1)
    const it = s.entries()
    b.setCurrentKey('k2')
    s.put('b', 2)
    assert.deepStrictEqual(Array.from(it), [['a', 1]])
  })
})

describe('HeapReducingState', () => {
  it('stores the first value and folds later ones with the reduce function', () => {
    const b = keyedBackend()
    const calls: [number, number][] = []
    const s = b.getState(
      new ReducingStateDescriptor<number>('r', {
        reduce(x: number, y: number) {
          calls.push([x, y])
          return x + y
        },
      }),
    )
    assert.equal(s.get(), null)
    s.add(1)
    assert.deepStrictEqual(calls, [])
    s.add(2)
    s.add(3)
    assert.equal(s.get(), 6)
    assert.deepStrictEqual(calls, [
      [1, 2],
      [3, 3],
    ])
  })

  it('clears on add(null) and clear()', () => {
    const s = keyedBackend().getState(
      new ReducingStateDescriptor<number | null>('r', (x, y) => (x ?? 0) + (y ?? 0)),
    )
    s.add(4)
    s.add(null)
    assert.equal(s.get(), null)
    s.add(4)
    s.clear()
    assert.equal(s.get(), null)
  })
})

describe('HeapAggregatingState', () => {
  const average: AggregateFunction<number, { sum: number; count: number }, number> = {
    createAccumulator: () => ({ sum: 0, count: 0 }),
    add: (v, acc) => {
      acc.sum += v
      acc.count++
      return acc
    },
    getResult: (acc) => acc.sum / acc.count,
    merge: (a, b) => ({ sum: a.sum + b.sum, count: a.count + b.count }),
  }

  it('is null when empty and returns getResult of the accumulator', () => {
    const s = keyedBackend().getState(new AggregatingStateDescriptor('avg', average))
    assert.equal(s.get(), null)
    s.add(1)
    s.add(2)
    s.add(6)
    assert.equal(s.get(), 3)
  })

  it('creates a fresh accumulator after clear', () => {
    const b = keyedBackend()
    const s = b.getState(new AggregatingStateDescriptor('avg', average))
    s.add(10)
    s.clear()
    assert.equal(s.get(), null)
    s.add(2)
    assert.equal(s.get(), 2)
    s.add(null as unknown as number)
    assert.equal(s.get(), null)
    assert.equal(b.numKeyValueStateEntries(), 0)
  })
})
