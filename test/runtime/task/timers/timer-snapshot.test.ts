import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readTimers, snapshotTimers } from '../../../../src/runtime/task/timers/timer-snapshot.js'
import { KeyGroupRange } from '../../../../src/core/keys/key-group-range.js'
import { TimeWindow } from '../../../../src/api/windowing/windows.js'
import { VOID_NAMESPACE } from '../../../../src/runtime/state/keyed-state-backend.js'
import type { InternalTimer } from '../../../../src/runtime/task/timers/timer-index.js'

const event = new Map<number, InternalTimer<unknown>[]>([
  [3, [{ timestamp: 999, key: 'a', namespace: new TimeWindow(0, 1000) }]],
  [6, [{ timestamp: 5, key: { id: 7 }, namespace: VOID_NAMESPACE }]],
])
const processing = new Map<number, InternalTimer<unknown>[]>([
  [6, [{ timestamp: 1_700_000_000_000, key: 'b', namespace: VOID_NAMESPACE }]],
])
const timers = {
  eventTimeTimersOfKeyGroup: (kg: number) => event.get(kg) ?? [],
  processingTimeTimersOfKeyGroup: (kg: number) => processing.get(kg) ?? [],
}

test('timers round-trip by key group, and a restore takes only the key groups it owns', () => {
  const bytes = snapshotTimers(timers, KeyGroupRange.of(0, 7))!
  assert.deepEqual(readTimers(bytes, KeyGroupRange.of(0, 7)), [
    {
      keyGroup: 3,
      domain: 'EVENT_TIME',
      timestamp: 999,
      key: 'a',
      namespace: new TimeWindow(0, 1000),
    },
    { keyGroup: 6, domain: 'EVENT_TIME', timestamp: 5, key: { id: 7 }, namespace: VOID_NAMESPACE },
    {
      keyGroup: 6,
      domain: 'PROCESSING_TIME',
      timestamp: 1_700_000_000_000,
      key: 'b',
      namespace: VOID_NAMESPACE,
    },
  ])
  assert.deepEqual(
    readTimers(bytes, KeyGroupRange.of(0, 4)).map((t) => t.key),
    ['a'],
  )
  assert.equal(snapshotTimers(timers, KeyGroupRange.of(0, 2)), undefined)
})

test('a truncated or damaged timer snapshot is a clear error', () => {
  const bytes = snapshotTimers(timers, KeyGroupRange.of(0, 7))!
  assert.throws(() => readTimers(bytes.subarray(0, bytes.length - 3), KeyGroupRange.of(0, 7)), {
    code: 'state.snapshot-corrupt',
    message: 'Corrupt timer snapshot: checksum mismatch (truncated or damaged)',
  })
  const damaged = bytes.slice()
  damaged[12] = damaged[12]! ^ 0xff
  assert.throws(() => readTimers(damaged, KeyGroupRange.of(0, 7)), {
    code: 'state.snapshot-corrupt',
  })
})
