import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ListStateDescriptor, MapStateDescriptor } from '../../../src/api/state/state-descriptor.js'
import type { BroadcastState } from '../../../src/api/state/state.js'
import { DefaultOperatorStateBackend } from '../../../src/runtime/state/default-operator-state-backend.js'
import { ReadOnlyBroadcastStateView } from '../../../src/runtime/state/read-only-broadcast-state-view.js'

describe('DefaultOperatorStateBackend', () => {
  it('keeps an operator list state per name with Flink list semantics', () => {
    const b = new DefaultOperatorStateBackend()
    const offsets = b.getListState(new ListStateDescriptor<number>('offsets'))
    assert.deepStrictEqual(Array.from(offsets.get()), [])
    offsets.add(1)
    offsets.addAll([2, 3])
    assert.equal(b.getListState(new ListStateDescriptor<number>('offsets')), offsets)
    assert.deepStrictEqual(Array.from(offsets.get()), [1, 2, 3])
    offsets.update(offsets.get() as number[])
    assert.deepStrictEqual(Array.from(offsets.get()), [1, 2, 3])
    offsets.update([7])
    assert.deepStrictEqual(Array.from(offsets.get()), [7])
    assert.throws(
      () => offsets.add(null as unknown as number),
      /You cannot add null to a ListState\./,
    )
    assert.throws(() => offsets.update([8, null as unknown as number]), {
      code: 'state.null-value',
    })
    assert.deepStrictEqual(Array.from(offsets.get()), [7])
    offsets.clear()
    assert.deepStrictEqual(Array.from(offsets.get()), [])
  })

  it('records the redistribution mode and rejects mixing modes for a name', () => {
    const b = new DefaultOperatorStateBackend()
    b.getListState(new ListStateDescriptor<number>('split'))
    b.getUnionListState(new ListStateDescriptor<number>('union'))
    assert.deepStrictEqual(
      [b.getOperatorState('split')?.mode, b.getOperatorState('union')?.mode],
      ['SPLIT_DISTRIBUTE', 'UNION'],
    )
    assert.deepStrictEqual(b.getRegisteredStateNames(), ['split', 'union'])
    assert.throws(() => b.getUnionListState(new ListStateDescriptor<number>('split')), {
      name: 'StateError',
      code: 'state.incompatible-mode',
    })
  })

  it('keeps broadcast state keyed by normalized key, iterating the keys as put', () => {
    const b = new DefaultOperatorStateBackend()
    const rules: BroadcastState<unknown, string> = b.getBroadcastState(
      new MapStateDescriptor<unknown, string>('rules'),
    )
    assert.equal(b.getBroadcastState(new MapStateDescriptor<unknown, string>('rules')), rules)
    const key = { a: 1, b: 2 }
    rules.put(key, 'r1')
    rules.put({ b: 2, a: 1 }, 'r2')
    rules.putAll([
      ['1', 'string'],
      [1, 'number'],
    ])
    assert.equal(rules.get({ b: 2, a: 1 }), 'r2')
    assert.equal(rules.get('missing'), null)
    assert.equal(rules.contains(1), true)
    assert.deepStrictEqual(Array.from(rules.immutableEntries()), [
      [{ a: 1, b: 2 }, 'r2'],
      ['1', 'string'],
      [1, 'number'],
    ])
    assert.equal(Array.from(rules.entries())[0]?.[0], key)
    rules.remove('1')
    assert.deepStrictEqual(Array.from(rules.entries()), [
      [{ a: 1, b: 2 }, 'r2'],
      [1, 'number'],
    ])
    rules.clear()
    assert.deepStrictEqual(Array.from(rules.entries()), [])
    assert.deepStrictEqual(b.getRegisteredBroadcastStateNames(), ['rules'])
  })

  it('drops all state on dispose', () => {
    const b = new DefaultOperatorStateBackend()
    b.getListState(new ListStateDescriptor<number>('l')).add(1)
    b.getBroadcastState(new MapStateDescriptor<string, number>('m')).put('a', 1)
    b.dispose()
    assert.deepStrictEqual(
      [b.getRegisteredStateNames(), b.getRegisteredBroadcastStateNames()],
      [[], []],
    )
  })
})

describe('ReadOnlyBroadcastStateView', () => {
  it('reads through to the broadcast state and refuses writes', () => {
    const state = new DefaultOperatorStateBackend().getBroadcastState(
      new MapStateDescriptor<string, number>('rules'),
    )
    state.put('a', 1)
    const view = new ReadOnlyBroadcastStateView('rules', state)
    assert.equal(view.get('a'), 1)
    assert.equal(view.contains('b'), false)
    state.put('b', 2)
    assert.deepStrictEqual(Array.from(view.immutableEntries()), [
      ['a', 1],
      ['b', 2],
    ])
    const cast = view as unknown as BroadcastState<string, number>
    assert.throws(() => cast.put('c', 3), {
      name: 'StateError',
      code: 'state.read-only',
      message:
        "Broadcast state 'rules' is read-only on the non-broadcast side (put() was called); only " +
        'processBroadcastElement may modify it, so that all subtasks keep the same copy',
    })
    assert.throws(() => cast.remove('a'), { code: 'state.read-only' })
    assert.throws(() => cast.putAll([['c', 3]]), { code: 'state.read-only' })
    assert.throws(() => cast.clear(), { code: 'state.read-only' })
    assert.deepStrictEqual(Array.from(state.entries()), [
      ['a', 1],
      ['b', 2],
    ])
  })
})
