import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ListStateDescriptor,
  MapStateDescriptor,
} from '../../../../src/api/state/state-descriptor.js'
import { Types } from '../../../../src/core/types/types.js'
import { DefaultOperatorStateBackend } from '../../../../src/runtime/state/default-operator-state-backend.js'
import {
  redistributeOperatorState,
  restoreOperatorState,
} from '../../../../src/runtime/state/snapshot/operator-state-redistribution.js'
import { snapshotOperatorState } from '../../../../src/runtime/state/snapshot/operator-state-snapshot.js'

const SPLIT = new ListStateDescriptor<string>('offsets', Types.STRING)
const UNION = new ListStateDescriptor<{ id: number }>('watermarks')
const RULES = new MapStateDescriptor<string, { limit: number }>('rules', Types.STRING)

/** An old subtask's snapshot with the given split and union elements and broadcast rules. */
function oldSubtask(
  split: string[],
  union: { id: number }[],
  rules: [string, number][] = [],
): Uint8Array {
  const b = new DefaultOperatorStateBackend()
  b.getListState(SPLIT).addAll(split)
  b.getUnionListState(UNION).addAll(union)
  const broadcast = b.getBroadcastState(RULES)
  for (const [name, limit] of rules) broadcast.put(name, { limit })
  return snapshotOperatorState(b)
}

/** What each of `parallelism` new subtasks sees after restoring from `old`. */
function restoreAll(old: readonly Uint8Array[], parallelism: number): unknown[] {
  return Array.from({ length: parallelism }, (_, subtask) => {
    const b = new DefaultOperatorStateBackend()
    restoreOperatorState(b, redistributeOperatorState(old, parallelism, subtask))
    return {
      split: Array.from(b.getListState(SPLIT).get()),
      union: Array.from(b.getUnionListState(UNION).get()),
      rules: Array.from(b.getBroadcastState(RULES).entries()),
    }
  })
}

const A = ['a0', 'a1', 'a2', 'a3', 'a4']
const B = ['b0', 'b1', 'b2']

describe('operator state snapshots and redistribution', () => {
  it('splits SPLIT_DISTRIBUTE elements evenly from 2 subtasks to 3, in old-subtask order', () => {
    const old = [oldSubtask(A, [{ id: 0 }]), oldSubtask(B, [{ id: 1 }])]
    assert.deepStrictEqual(
      restoreAll(old, 3).map((s) => (s as { split: string[] }).split),
      [
        ['a0', 'a1', 'a2'],
        ['a3', 'a4', 'b0'],
        ['b1', 'b2'],
      ],
    )
  })

  it('gives every subtask all UNION elements from 2 subtasks to 3', () => {
    const old = [oldSubtask(A, [{ id: 0 }, { id: 2 }]), oldSubtask(B, [{ id: 1 }])]
    const union = [{ id: 0 }, { id: 2 }, { id: 1 }]
    assert.deepStrictEqual(
      restoreAll(old, 3).map((s) => (s as { union: unknown[] }).union),
      [union, union, union],
    )
  })

  it('merges everything into one subtask from 3 subtasks to 1', () => {
    const old = [
      oldSubtask(['x0'], [{ id: 0 }], [['r', 1]]),
      oldSubtask([], [{ id: 1 }], [['r', 1]]),
      oldSubtask(['z0', 'z1'], [], [['r', 1]]),
    ]
    assert.deepStrictEqual(restoreAll(old, 1), [
      {
        split: ['x0', 'z0', 'z1'],
        union: [{ id: 0 }, { id: 1 }],
        rules: [['r', { limit: 1 }]],
      },
    ])
  })

  it('keeps each subtask its own SPLIT_DISTRIBUTE elements when the parallelism is unchanged', () => {
    const old = [oldSubtask(['a0'], []), oldSubtask(['b0', 'b1', 'b2'], [])]
    assert.deepStrictEqual(
      restoreAll(old, 2).map((s) => (s as { split: string[] }).split),
      [['a0'], ['b0', 'b1', 'b2']],
    )
  })

  it('gives new subtask i the broadcast state of old subtask i modulo the old parallelism', () => {
    // The copies are equal in a correct job; they differ here to show which one is taken.
    const old = [oldSubtask([], [], [['r', 0]]), oldSubtask([], [], [['r', 1]])]
    assert.deepStrictEqual(
      restoreAll(old, 3).map((s) => (s as { rules: unknown[] }).rules),
      [[['r', { limit: 0 }]], [['r', { limit: 1 }]], [['r', { limit: 0 }]]],
    )
  })

  it('restores into a subtask that gets no elements with empty states of the old types', () => {
    const restored = redistributeOperatorState([oldSubtask(['only'], [])], 2, 1)
    assert.deepStrictEqual(
      restored.map((s) => [s.name, s.mode, s.mode === 'BROADCAST' ? s.entries : s.elements]),
      [
        ['offsets', 'SPLIT_DISTRIBUTE', []],
        ['watermarks', 'UNION', []],
        ['rules', 'BROADCAST', []],
      ],
    )
  })

  it('does not alias live state: elements mutated after the snapshot restore as they were', () => {
    const b = new DefaultOperatorStateBackend()
    const union = b.getUnionListState(UNION)
    union.add({ id: 1 })
    const rules = b.getBroadcastState(RULES)
    rules.put('r', { limit: 1 })
    const bytes = snapshotOperatorState(b)
    Array.from(union.get())[0]!.id = 99
    union.add({ id: 2 })
    rules.get('r')!.limit = 99
    assert.deepStrictEqual(restoreAll([bytes], 1), [
      { split: [], union: [{ id: 1 }], rules: [['r', { limit: 1 }]] },
    ])
  })

  it('keeps restored states the operator has not asked for in the next snapshot', () => {
    const middle = new DefaultOperatorStateBackend()
    restoreOperatorState(middle, redistributeOperatorState([oldSubtask(A, [], [['r', 5]])], 1, 0))
    assert.deepStrictEqual(
      [middle.getRegisteredStateNames(), middle.getRegisteredBroadcastStateNames()],
      [[], []],
    )
    assert.deepStrictEqual(restoreAll([snapshotOperatorState(middle)], 1), [
      { split: A, union: [], rules: [['r', { limit: 5 }]] },
    ])
  })

  it('maps restored ROW elements to an element type that gained a NULLABLE field', () => {
    const oldType = Types.ROW({ partition: Types.INT })
    const b = new DefaultOperatorStateBackend()
    b.getListState(new ListStateDescriptor('splits', oldType)).add({ partition: 3 })
    const r = new DefaultOperatorStateBackend()
    restoreOperatorState(r, redistributeOperatorState([snapshotOperatorState(b)], 1, 0))
    const newType = Types.ROW({ partition: Types.INT, topic: Types.NULLABLE(Types.STRING) })
    assert.deepStrictEqual(
      Array.from(r.getListState(new ListStateDescriptor('splits', newType)).get()),
      [{ partition: 3, topic: null }],
    )
  })

  it('rejects asking for a restored list state with the other redistribution mode', () => {
    const r = new DefaultOperatorStateBackend()
    restoreOperatorState(r, redistributeOperatorState([oldSubtask([], [{ id: 1 }])], 1, 0))
    assert.throws(() => r.getListState(new ListStateDescriptor<{ id: number }>('watermarks')), {
      name: 'StateError',
      code: 'state.incompatible-mode',
      message:
        "Operator list state 'watermarks' was restored with redistribution mode UNION and " +
        'cannot be used with SPLIT_DISTRIBUTE (getListState is SPLIT_DISTRIBUTE, ' +
        'getUnionListState is UNION)',
    })
  })

  it('names the state and element it cannot write', () => {
    const b = new DefaultOperatorStateBackend()
    b.getListState(new ListStateDescriptor<unknown>('handles')).addAll([1, () => 2])
    assert.throws(() => snapshotOperatorState(b), {
      name: 'StateError',
      code: 'state.unserializable-value',
      message:
        "Cannot snapshot operator state 'handles': element 1 cannot be written: Cannot " +
        'serialize value as GENERIC: value is a function; records crossing a task boundary ' +
        'must be plain data or have a declared type',
    })
  })

  it('rejects a subtask index outside the new parallelism', () => {
    assert.throws(() => redistributeOperatorState([], 2, 2), {
      name: 'StateError',
      code: 'state.invalid-subtask',
      message:
        'Cannot redistribute operator state to subtask 2 of parallelism 2: expected integers ' +
        'with 0 <= subtask < parallelism',
    })
  })
})
