// Barrier alignment at a task's input: records a channel sends after its barrier wait until every
// channel has delivered the barrier (EXACTLY_ONCE), or pass at once (AT_LEAST_ONCE); the snapshot
// is taken exactly when the last barrier arrives, and a newer barrier aborts an unaligned one.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { LocalChannel } from '../../../../src/runtime/network/local-channel.js'
import { InputGate } from '../../../../src/runtime/network/input-gate.js'
import { RecordWriter } from '../../../../src/runtime/network/record-writer.js'
import { createChannelSelector } from '../../../../src/runtime/network/channel-selector.js'
import { StreamTaskNetworkInput } from '../../../../src/runtime/task/input/stream-task-network-input.js'
import { NetworkInputProcessor } from '../../../../src/runtime/task/input/network-input-processor.js'
import type { CheckpointingMode } from '../../../../src/runtime/common/checkpoint-barrier.js'
import type { StreamRecord } from '../../../../src/runtime/common/stream-element.js'
import { Types } from '../../../../src/index.js'

const serializer = Types.STRING.createSerializer()

/** Two producers, each writing to its own channel of one consumer gate. */
function setUp() {
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
  processor.setBarrierListener({
    onBarriersAligned: (barrier) => seen.push(`snapshot ${barrier.checkpointId}`),
    onAlignmentAborted: (id) => seen.push(`aborted ${id}`),
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
  return { writers: writers as [RecordWriter, RecordWriter], seen, drain, barrier, send }
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
})
