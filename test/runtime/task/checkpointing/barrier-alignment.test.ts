// Barrier handling at a task's input: aligned (records a channel sends after its barrier wait until
// every channel has delivered it), at-least-once (they pass at once), and unaligned (the barrier
// overtakes queued data, which producer and consumer store), switching over on a timeout.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { LocalChannel } from '../../../../src/runtime/network/local-channel.js'
import { InputGate } from '../../../../src/runtime/network/input-gate.js'
import { RecordWriter } from '../../../../src/runtime/network/record-writer.js'
import { createChannelSelector } from '../../../../src/runtime/network/channel-selector.js'
import { StreamTaskNetworkInput } from '../../../../src/runtime/task/input/stream-task-network-input.js'
import { NetworkInputProcessor } from '../../../../src/runtime/task/input/network-input-processor.js'
import type {
  CheckpointBarrier,
  CheckpointingMode,
} from '../../../../src/runtime/common/checkpoint-barrier.js'
import { RECORD, type StreamRecord } from '../../../../src/runtime/common/stream-element.js'
import type { InputChannelState } from '../../../../src/runtime/common/checkpoint-state.js'
import { DataInputDeserializer } from '../../../../src/core/memory/data-input-deserializer.js'
import { Types } from '../../../../src/index.js'

const serializer = Types.STRING.createSerializer()

/** Two producers, each writing to its own channel of one consumer gate. */
function setUp(restored?: InputChannelState) {
  const channels = [new LocalChannel(100), new LocalChannel(100)]
  const writers = channels.map(
    (ch) =>
      new RecordWriter(
        [ch],
        createChannelSelector({ type: 'FORWARD' }, 1, 0, 128),
        serializer,
        32 * 1024,
      ),
  )
  const gate = new InputGate(channels)
  const seen: string[] = []
  const input = new StreamTaskNetworkInput(gate, [serializer, serializer], {
    processElement: (r: StreamRecord) => seen.push(r.value as string),
    processWatermark: () => {},
    processWatermarkStatus: () => {},
  })
  const processor = new NetworkInputProcessor([input])
  // As a task does: recorded input goes in before the barrier handler exists.
  if (restored !== undefined) processor.restoreInputChannelState(restored, 'Map (1/1)')
  const timers: (() => void)[] = []
  const barriers: CheckpointBarrier[] = []
  processor.setBarrierListener({
    onBarriersAligned: (barrier) => {
      barriers.push(barrier)
      seen.push(`snapshot ${barrier.checkpointId}`)
    },
    onUnalignedCheckpoint: (barrier) => {
      barriers.push(barrier)
      seen.push(`unaligned snapshot ${barrier.checkpointId}`)
    },
    onInputChannelStateComplete: (state) =>
      seen.push(
        `channel state ${state.checkpointId}: ` +
          state.gates[0]!.map((buffers) => valuesIn(buffers).join(' ') || '-').join(' | '),
      ),
    onAlignmentAborted: (id) => seen.push(`aborted ${id}`),
    registerAlignmentTimer: (delayMs, callback) => {
      seen.push(`timer ${delayMs}`)
      timers.push(callback)
      return () => seen.push('timer cancelled')
    },
  })
  const drain = (): void => {
    while (processor.processInput() === 'MORE_AVAILABLE');
  }
  const barrier = (w: RecordWriter, checkpointId: number, mode: CheckpointingMode): void =>
    w.broadcastCheckpointBarrier({ checkpointId, timestamp: 0, mode })
  const send = (w: RecordWriter, ...values: string[]): void => {
    for (const v of values) w.emit(v, Number.NaN)
    w.flushAll()
  }
  return {
    writers: writers as [RecordWriter, RecordWriter],
    channels,
    gate,
    processor,
    seen,
    drain,
    barrier,
    send,
    timers,
    barriers,
  }
}

/** The string records in recorded buffers, in order. */
function valuesIn(buffers: readonly Uint8Array[]): string[] {
  const values: string[] = []
  const input = new DataInputDeserializer()
  for (const buffer of buffers) {
    input.setBuffer(buffer)
    while (input.available() > 0) {
      assert.equal(input.readByte(), RECORD)
      values.push(serializer.deserialize(input))
    }
  }
  return values
}

/** `seen` with what follows the snapshot sorted: the order across channels there is free. */
function inOrderAfterSnapshot(seen: readonly string[]): string[] {
  const at = seen.findIndex((s) => s.startsWith('snapshot')) + 1
  return [...seen.slice(0, at), ...seen.slice(at).sort()]
}

describe('checkpoint barrier alignment', () => {
  it('EXACTLY_ONCE holds a channel after its barrier until the other delivers it', () => {
    const { writers, seen, drain, barrier, send } = setUp()
    const [a, b] = writers
    // Record, barrier and the next record in one buffer of channel a.
    a.emit('a1', Number.NaN)
    barrier(a, 1, 'EXACTLY_ONCE')
    send(a, 'a2', 'a3')
    send(b, 'b1')
    drain()
    assert.deepEqual(seen, ['a1', 'b1'])
    send(b, 'b2')
    barrier(b, 1, 'EXACTLY_ONCE')
    send(b, 'b3')
    drain()
    // After the snapshot the channels interleave as the gate hands them out.
    assert.deepEqual(inOrderAfterSnapshot(seen), ['a1', 'b1', 'b2', 'snapshot 1', 'a2', 'a3', 'b3'])
  })

  it('AT_LEAST_ONCE lets records after a barrier pass and snapshots at the last barrier', () => {
    const { writers, seen, drain, barrier, send } = setUp()
    const [a, b] = writers
    a.emit('a1', Number.NaN)
    barrier(a, 1, 'AT_LEAST_ONCE')
    send(a, 'a2')
    drain()
    assert.deepEqual(seen, ['a1', 'a2'])
    barrier(b, 1, 'AT_LEAST_ONCE')
    send(b, 'b1')
    drain()
    assert.deepEqual(seen, ['a1', 'a2', 'snapshot 1', 'b1'])
  })

  it('a newer barrier aborts the unaligned checkpoint; a stale barrier is ignored', () => {
    const { writers, seen, drain, barrier, send } = setUp()
    const [a, b] = writers
    barrier(a, 1, 'EXACTLY_ONCE')
    send(a, 'a1')
    drain()
    assert.deepEqual(seen, [])
    // Channel a is blocked behind barrier 1; channel b skips to checkpoint 2.
    barrier(b, 2, 'EXACTLY_ONCE')
    send(b, 'b1')
    drain()
    assert.deepEqual(seen, ['aborted 1', 'a1'])
    barrier(a, 2, 'EXACTLY_ONCE')
    send(a, 'a2')
    drain()
    assert.deepEqual(inOrderAfterSnapshot(seen), ['aborted 1', 'a1', 'snapshot 2', 'a2', 'b1'])
    barrier(b, 1, 'EXACTLY_ONCE')
    send(b, 'b2')
    drain()
    assert.deepEqual(seen.slice(5), ['b2'])
  })

  it('a channel that ends no longer owes the barrier', () => {
    const { writers, seen, drain, barrier, send } = setUp()
    const [a, b] = writers
    barrier(a, 1, 'EXACTLY_ONCE')
    send(a, 'a1')
    drain()
    b.broadcastEndOfPartition()
    drain()
    assert.deepEqual(seen, ['snapshot 1', 'a1'])
  })

  it('unaligned: snapshots at the first barrier; the producer keeps what its barrier overtook, the consumer what came before a barrier', () => {
    const { writers, seen, drain, send } = setUp()
    const [a, b] = writers
    const barrier = {
      checkpointId: 1,
      timestamp: 0,
      mode: 'EXACTLY_ONCE' as const,
      alignedCheckpointTimeoutMs: 0,
    }
    send(a, 'a1')
    send(a, 'a2')
    send(b, 'b1')
    // The barrier overtakes a1 and a2 in channel a's queue: producer a stores them.
    assert.deepEqual(a.broadcastPriorityBarrier(barrier).map(valuesIn), [['a1', 'a2']])
    drain()
    send(b, 'b2')
    drain()
    assert.deepEqual(seen, ['unaligned snapshot 1', 'b1', 'a1', 'a2', 'b2'])
    send(b, 'b3')
    assert.deepEqual(b.broadcastPriorityBarrier(barrier).map(valuesIn), [['b3']])
    send(b, 'b4')
    drain()
    // The consumer stores b1 and b2: read after its snapshot, before b's barrier.
    assert.deepEqual(seen.slice(5), ['channel state 1: - | b1 b2', 'b3', 'b4'])
  })

  it('an aligned checkpoint switches to unaligned when its alignment times out', () => {
    const { writers, seen, drain, send, timers } = setUp()
    const [a, b] = writers
    const barrier = {
      checkpointId: 1,
      timestamp: Date.now(),
      mode: 'EXACTLY_ONCE' as const,
      alignedCheckpointTimeoutMs: 60_000,
    }
    send(a, 'a1')
    a.broadcastCheckpointBarrier(barrier)
    send(a, 'a2')
    send(b, 'b1')
    drain()
    // Aligning: channel a is blocked after its barrier.
    assert.deepEqual(seen.slice(0, 2), ['a1', 'b1'])
    assert.match(seen[2]!, /^timer (59\d{3}|60000)$/)
    assert.equal(seen.length, 3)
    timers[0]!()
    send(b, 'b2')
    b.emit('b3', Number.NaN)
    b.broadcastCheckpointBarrier(barrier)
    send(b, 'b4')
    drain()
    // The blocked a2 is after the barrier: not recorded. b2 and b3 were before b's barrier.
    assert.deepEqual(seen.slice(3), [
      'unaligned snapshot 1',
      'a2',
      'b2',
      'b3',
      'timer cancelled',
      'channel state 1: - | b2 b3',
      'b4',
    ])
  })

  it('a barrier whose timeout already passed on arrival starts unaligned', () => {
    const { writers, seen, drain, send } = setUp()
    const [a, b] = writers
    const barrier = {
      checkpointId: 1,
      timestamp: Date.now() - 10_000,
      mode: 'EXACTLY_ONCE' as const,
      alignedCheckpointTimeoutMs: 100,
    }
    a.broadcastCheckpointBarrier(barrier)
    send(a, 'a1')
    drain()
    send(b, 'b1')
    b.broadcastCheckpointBarrier(barrier)
    drain()
    assert.deepEqual(seen, [
      'timer 0',
      'unaligned snapshot 1',
      'a1',
      'b1',
      'timer cancelled',
      'channel state 1: - | b1',
    ])
  })

  it('a producer turns its queued aligned barrier into a priority one when it times out', () => {
    const { writers, seen, drain, send } = setUp()
    const [a, b] = writers
    const barrier = {
      checkpointId: 1,
      timestamp: Date.now(),
      mode: 'EXACTLY_ONCE' as const,
      alignedCheckpointTimeoutMs: 60_000,
    }
    send(a, 'a1')
    a.emit('a2', Number.NaN)
    a.broadcastCheckpointBarrier(barrier)
    send(a, 'a3')
    a.convertBarrierToPriority(1)
    b.broadcastPriorityBarrier(barrier)
    drain()
    // The consumer stores a1 and a2, queued behind the barrier, at once. (The timer's delay is
    // counted from the barrier's timestamp: a millisecond may have passed since.)
    assert.match(seen[0]!, /^timer (59\d{3}|60000)$/)
    assert.deepEqual(seen.slice(1), [
      'unaligned snapshot 1',
      'timer cancelled',
      'channel state 1: a1 a2 | -',
      'a1',
      'a2',
      'a3',
    ])
  })

  it('a restored task reads the recorded input first and ignores barriers it replays', () => {
    const recorded = new LocalChannel(10)
    const recorder = new RecordWriter(
      [recorded],
      createChannelSelector({ type: 'FORWARD' }, 1, 0, 128),
      serializer,
      32 * 1024,
    )
    recorder.emit('r1', Number.NaN)
    recorder.broadcastCheckpointBarrier({ checkpointId: 3, timestamp: 0, mode: 'EXACTLY_ONCE' })
    recorder.emit('r2', Number.NaN)
    recorder.flushAll()
    const replayed = [recorded.poll()!, recorded.poll()!]
    const { writers, seen, drain, send } = setUp({ checkpointId: 3, gates: [[replayed, []]] })
    send(writers[0], 'a1')
    drain()
    assert.deepEqual(seen, ['r1', 'r2', 'a1'])
  })

  it('refuses recorded input of another number of channels, naming the task', () => {
    const { processor } = setUp()
    assert.throws(
      () => processor.restoreInputChannelState({ checkpointId: 3, gates: [[[]]] }, 'Map (1/2)'),
      /Cannot restore the in-flight data of unaligned checkpoint 3 into Map \(1\/2\): its inputs had input 1: 1 channels, now input 1: 2 channels/,
    )
  })

  it('a barrier reaches the task with its fields, the target location for state files included', () => {
    const aligned = setUp()
    const barrier: CheckpointBarrier = {
      checkpointId: 4,
      timestamp: 1234,
      mode: 'EXACTLY_ONCE',
      alignedCheckpointTimeoutMs: 50,
      targetLocation: '/checkpoints/job/chk-4 (ü)',
    }
    for (const w of aligned.writers) w.broadcastCheckpointBarrier(barrier)
    aligned.drain()
    assert.deepEqual(aligned.barriers, [barrier])
    const unaligned = setUp()
    const priority: CheckpointBarrier = { ...barrier, alignedCheckpointTimeoutMs: 0 }
    unaligned.send(unaligned.writers[0], 'a1')
    unaligned.writers[0].broadcastPriorityBarrier(priority)
    unaligned.drain()
    // A checkpoint without a directory (the JobManager keeps it) has no target location.
    const inline = setUp()
    for (const w of inline.writers)
      w.broadcastCheckpointBarrier({ ...barrier, targetLocation: undefined })
    inline.drain()
    assert.deepEqual(unaligned.barriers, [priority])
    assert.deepEqual(inline.barriers, [{ ...barrier, targetLocation: undefined }])
  })
})
