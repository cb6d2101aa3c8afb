import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ListStateDescriptor,
  ValueStateDescriptor,
} from '../../../../src/api/state/state-descriptor.js'
import { TimeWindow } from '../../../../src/api/windowing/windows.js'
import {
  assignKeyToParallelOperator,
  computeKeyGroupRangeForOperatorIndex,
} from '../../../../src/core/keys/key-group-range-assignment.js'
import { Types } from '../../../../src/core/types/types.js'
import { HeapKeyedStateBackend } from '../../../../src/runtime/state/heap/heap-keyed-state-backend.js'
import { VOID_NAMESPACE } from '../../../../src/runtime/state/keyed-state-backend.js'
import { restoreKeyedState } from '../../../../src/runtime/state/snapshot/keyed-state-restore.js'
import {
  type KeyedStateSnapshot,
  snapshotKeyedState,
} from '../../../../src/runtime/state/snapshot/keyed-state-snapshot.js'

const MAX_PARALLELISM = 128
const COUNT = new ValueStateDescriptor('count', Types.INT)
const EVENTS = new ListStateDescriptor<string>('events')
const WINDOW = new TimeWindow(0, 60_000)
const KEYS = Array.from({ length: 200 }, (_, i) => `user-${i}`)

function subtaskBackend(parallelism: number, index: number): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend(
    computeKeyGroupRangeForOperatorIndex(MAX_PARALLELISM, parallelism, index),
    MAX_PARALLELISM,
  )
}

/** Snapshots of `parallelism` subtasks, each holding the keys routed to it. */
function oldSnapshots(parallelism: number): KeyedStateSnapshot[] {
  const backends = Array.from({ length: parallelism }, (_, i) => subtaskBackend(parallelism, i))
  KEYS.forEach((key, i) => {
    const b = backends[assignKeyToParallelOperator(key, MAX_PARALLELISM, parallelism)]!
    b.setCurrentKey(key)
    b.getState(COUNT).update(i)
    b.getPartitionedState(WINDOW, EVENTS).addAll([`${key}:a`, `${key}:b`])
  })
  return backends.map(snapshotKeyedState)
}

/** What every new subtask holds after restoring the snapshots that overlap its key groups. */
function rescale(
  snapshots: readonly KeyedStateSnapshot[],
  parallelism: number,
): [subtask: number, key: unknown, count: number | null, events: string[]][] {
  const held: [number, unknown, number | null, string[]][] = []
  for (let subtask = 0; subtask < parallelism; subtask++) {
    const b = subtaskBackend(parallelism, subtask)
    const overlapping = snapshots.filter(
      (s) => s.keyGroupRange.getIntersection(b.keyGroupRange).getNumberOfKeyGroups() > 0,
    )
    restoreKeyedState(
      b,
      overlapping.map((s) => s.bytes),
    )
    const count = b.getState(COUNT)
    const events = b.getPartitionedState(WINDOW, EVENTS)
    for (const key of Array.from(b.getKeys('count', VOID_NAMESPACE))) {
      b.setCurrentKey(key)
      held.push([subtask, key, count.value(), Array.from(events.get())])
    }
    assert.deepStrictEqual(
      Array.from(b.getKeys('events', WINDOW)).sort(),
      held
        .filter(([s]) => s === subtask)
        .map(([, key]) => key)
        .sort(),
    )
  }
  return held.sort((a, b) => String(a[1]).localeCompare(String(b[1])))
}

function expected(parallelism: number): [number, unknown, number, string[]][] {
  return KEYS.map((key, i): [number, unknown, number, string[]] => [
    assignKeyToParallelOperator(key, MAX_PARALLELISM, parallelism),
    key,
    i,
    [`${key}:a`, `${key}:b`],
  ]).sort((a, b) => String(a[1]).localeCompare(String(b[1])))
}

describe('restoreKeyedState at another parallelism', () => {
  it('scales 2 subtasks out to 3: every key lands in exactly one, the one it routes to', () => {
    assert.deepStrictEqual(rescale(oldSnapshots(2), 3), expected(3))
  })

  it('scales 2 subtasks in to 1: the one subtask holds every key', () => {
    assert.deepStrictEqual(rescale(oldSnapshots(2), 1), expected(1))
  })

  it('scales 3 subtasks in to 2, reading only the key groups each new subtask owns', () => {
    const snapshots = oldSnapshots(3)
    assert.deepStrictEqual(
      snapshots.map((s) => [s.keyGroupRange.startKeyGroup, s.keyGroupRange.endKeyGroup]),
      [
        [0, 42],
        [43, 85],
        [86, 127],
      ],
    )
    assert.deepStrictEqual(rescale(snapshots, 2), expected(2))
  })

  it('rejects snapshots taken with another max parallelism', () => {
    const b = new HeapKeyedStateBackend(computeKeyGroupRangeForOperatorIndex(256, 1, 0), 256)
    assert.throws(() => restoreKeyedState(b, [oldSnapshots(1)[0]!.bytes]), {
      name: 'StateError',
      code: 'state.max-parallelism-mismatch',
      message:
        'Cannot restore keyed state taken with max parallelism 128 into a backend with max ' +
        "parallelism 256: key groups would not match; keep the operator's max parallelism " +
        'when restoring',
    })
  })
})
