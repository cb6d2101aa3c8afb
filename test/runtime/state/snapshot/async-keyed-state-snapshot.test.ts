// The asynchronous keyed snapshot: records keep changing state while key groups are written in
// slices, and the snapshot still holds exactly the state and timers at the barrier — byte for byte
// what a synchronous snapshot at the barrier would be — including values changed in place and
// timers that fired.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ValueStateDescriptor } from '../../../../src/api/state/state-descriptor.js'
import { KeyGroupRange } from '../../../../src/core/keys/key-group-range.js'
import { Types } from '../../../../src/core/types/types.js'
import { HeapKeyedStateBackend } from '../../../../src/runtime/state/heap/heap-keyed-state-backend.js'
import { VOID_NAMESPACE } from '../../../../src/runtime/state/keyed-state-backend.js'
import { AsyncKeyedStateSnapshot } from '../../../../src/runtime/state/snapshot/async-keyed-state-snapshot.js'
import { snapshotKeyedState } from '../../../../src/runtime/state/snapshot/keyed-state-snapshot.js'
import { StateError } from '../../../../src/runtime/state/state-error.js'
import { ManualProcessingTimeService } from '../../../../src/runtime/task/processing-time-service.js'
import { InternalTimerService } from '../../../../src/runtime/task/timers/internal-timer-service.js'
import {
  TimerSnapshotWriter,
  readTimers,
  snapshotTimers,
} from '../../../../src/runtime/task/timers/timer-snapshot.js'

const MAX_PARALLELISM = 128
const COUNT = new ValueStateDescriptor('count', Types.INT)
const HOLDER = new ValueStateDescriptor<{ n: number }>('holder')

function filled(keys: number): HeapKeyedStateBackend {
  const backend = new HeapKeyedStateBackend(
    KeyGroupRange.of(0, MAX_PARALLELISM - 1),
    MAX_PARALLELISM,
  )
  const count = backend.getPartitionedState(VOID_NAMESPACE, COUNT)
  const holder = backend.getPartitionedState(VOID_NAMESPACE, HOLDER)
  for (let k = 0; k < keys; k++) {
    backend.setCurrentKey(k)
    count.update(k)
    holder.update({ n: k })
  }
  return backend
}

/** What a record of key `k` does: counts up, and changes the holder object in place. */
function process(backend: HeapKeyedStateBackend, k: number): void {
  backend.setCurrentKey(k)
  const count = backend.getPartitionedState(VOID_NAMESPACE, COUNT)
  count.update((count.value() ?? 0) + 1)
  const holder = backend.getPartitionedState(VOID_NAMESPACE, HOLDER)
  const value = holder.value()
  if (value === null) holder.update({ n: 0 })
  else value.n += 1000
}

describe('AsyncKeyedStateSnapshot', () => {
  it('holds the state at the barrier while records change it between slices', () => {
    const backend = filled(5000)
    const atBarrier = snapshotKeyedState(backend).bytes
    const snapshot = new AsyncKeyedStateSnapshot(backend)
    let slices = 0
    for (let k = 0; !snapshot.writeSome(0); k += 7) {
      slices++
      // Keys of groups written already and of groups still to come.
      for (let j = 0; j < 50; j++) process(backend, (k * 31 + j * 101) % 6000)
    }
    assert.ok(slices >= 2, `${slices} slices`)
    assert.deepEqual(snapshot.finish().keyedState, atBarrier)
    // The records' changes are in the live state, and a new snapshot sees them.
    assert.notDeepEqual(snapshotKeyedState(backend).bytes, atBarrier)
  })

  it('gives the same bytes whatever order the key groups are written in', () => {
    const backend = filled(3000)
    const atBarrier = snapshotKeyedState(backend).bytes
    const first = new AsyncKeyedStateSnapshot(backend)
    // Every key group touched before the snapshot gets to it, from the last one down.
    for (let k = 2999; k >= 0; k--) backend.setCurrentKey(k)
    assert.deepEqual(first.finish().keyedState, atBarrier)
    // Sections far larger than those before them (their space is sized by those before).
    const holder = backend.getPartitionedState(VOID_NAMESPACE, HOLDER)
    for (const k of [1500, 2500]) {
      backend.setCurrentKey(k)
      holder.update({ n: k, text: 'x'.repeat(300_000) } as { n: number })
    }
    const grown = snapshotKeyedState(backend).bytes
    assert.ok(grown.length > atBarrier.length + 600_000)
    const second = new AsyncKeyedStateSnapshot(backend)
    for (let k = 0; !second.writeSome(0); k++) backend.setCurrentKey((k * 7919) % 3000)
    assert.deepEqual(second.finish().keyedState, grown)
  })

  it('writes the current key group at the barrier: the key set before it needs no new set', () => {
    const backend = filled(100)
    backend.setCurrentKey(42)
    const atBarrier = snapshotKeyedState(backend).bytes
    const snapshot = new AsyncKeyedStateSnapshot(backend)
    const count = backend.getPartitionedState(VOID_NAMESPACE, COUNT)
    count.update(-1)
    assert.deepEqual(snapshot.finish().keyedState, atBarrier)
  })

  it('stops following accesses once finished', () => {
    const backend = filled(100)
    const snapshot = new AsyncKeyedStateSnapshot(backend)
    const bytes = snapshot.finish().keyedState
    process(backend, 1)
    assert.deepEqual(snapshotKeyedState(filled(100)).bytes, bytes)
  })

  it('fails the snapshot, not the record, when a touched key group cannot be written', () => {
    const backend = filled(10)
    const holder = backend.getPartitionedState(VOID_NAMESPACE, HOLDER)
    backend.setCurrentKey(5)
    // A function is not data: the snapshot cannot write it.
    holder.update({ n: (() => 1) as unknown as number })
    backend.setCurrentKey(6)
    const snapshot = new AsyncKeyedStateSnapshot(backend)
    // The record reaching key 5's group goes on...
    backend.setCurrentKey(5)
    holder.update({ n: 5 })
    // ...and the snapshot reports the state and key it could not write.
    assert.throws(
      () => snapshot.writeSome(Number.POSITIVE_INFINITY),
      (e: unknown) => e instanceof StateError && /state 'holder'.*key 5/.test(e.message),
    )
    process(backend, 7)
  })
})

describe('AsyncKeyedStateSnapshot with timers', () => {
  /** A backend whose operator has an event-time and a processing-time timer per key. */
  function withTimers(keys: number) {
    const backend = filled(keys)
    const processingTime = new ManualProcessingTimeService(0)
    const fired: string[] = []
    const service = new InternalTimerService<unknown>(backend, processingTime, {
      onEventTime: (t) => {
        fired.push(`event ${String(t.key)}@${t.timestamp}`)
        // A timer that registers the next one, as a keyed process function may.
        service.registerEventTimeTimer(VOID_NAMESPACE, t.timestamp + 10_000)
      },
      onProcessingTime: (t) => fired.push(`processing ${String(t.key)}@${t.timestamp}`),
    })
    for (let k = 0; k < keys; k++) {
      backend.setCurrentKey(k)
      service.registerEventTimeTimer(VOID_NAMESPACE, k)
      service.registerProcessingTimeTimer(VOID_NAMESPACE, 1000 + k)
    }
    return { backend, service, processingTime, fired }
  }

  it('holds the timers at the barrier while timers fire, and records add and delete timers', () => {
    const { backend, service, processingTime, fired } = withTimers(3000)
    const range = backend.keyGroupRange
    const atBarrier = snapshotTimers(service, range)!
    const keyedAtBarrier = snapshotKeyedState(backend).bytes
    const snapshot = new AsyncKeyedStateSnapshot(backend, new TimerSnapshotWriter(service, range))
    let slices = 0
    for (let step = 0; !snapshot.writeSome(0); step++) {
      slices++
      service.advanceWatermark(step * 20)
      processingTime.setCurrentTime(1000 + step * 20)
      for (let j = 0; j < 20; j++) {
        const k = (step * 37 + j * 101) % 4000
        process(backend, k)
        service.registerEventTimeTimer(VOID_NAMESPACE, 50_000 + k)
        service.deleteProcessingTimeTimer(VOID_NAMESPACE, 1000 + k)
      }
    }
    assert.ok(slices >= 2, `${slices} slices`)
    assert.ok(fired.length > 100, `${fired.length} timers fired`)
    const parts = snapshot.finish()
    assert.deepEqual(parts.timers, atBarrier)
    assert.deepEqual(parts.keyedState, keyedAtBarrier)
    assert.notDeepEqual(snapshotTimers(service, range), atBarrier)
  })

  it('writes timers alone when the operator has no keyed state', () => {
    const backend = new HeapKeyedStateBackend(
      KeyGroupRange.of(0, MAX_PARALLELISM - 1),
      MAX_PARALLELISM,
    )
    const service = new InternalTimerService<unknown>(backend, new ManualProcessingTimeService(0), {
      onEventTime: () => {},
      onProcessingTime: () => {},
    })
    backend.setCurrentKey('a')
    service.registerEventTimeTimer(VOID_NAMESPACE, 7)
    const range = backend.keyGroupRange
    const atBarrier = snapshotTimers(service, range)!
    const snapshot = new AsyncKeyedStateSnapshot(backend, new TimerSnapshotWriter(service, range))
    service.advanceWatermark(10)
    assert.deepEqual(snapshot.finish(), { timers: atBarrier })
    assert.deepEqual(readTimers(atBarrier, range), [
      {
        keyGroup: backend.getCurrentKeyGroupIndex(),
        domain: 'EVENT_TIME',
        timestamp: 7,
        key: 'a',
        namespace: VOID_NAMESPACE,
      },
    ])
  })
})
