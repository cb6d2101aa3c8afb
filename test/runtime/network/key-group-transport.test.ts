// On hash-partitioned edges the sender's key group travels with each record, so the receiving
// keyed operator need not hash the key again; other edges carry none.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { assignToKeyGroup } from '../../../src/core/keys/key-group-range-assignment.js'
import { KeyGroupRange } from '../../../src/core/keys/key-group-range.js'
import { Types } from '../../../src/core/types/types.js'
import type { StreamRecord } from '../../../src/runtime/common/stream-element.js'
import { createChannelSelector } from '../../../src/runtime/network/channel-selector.js'
import { InputGate } from '../../../src/runtime/network/input-gate.js'
import { LocalChannel } from '../../../src/runtime/network/local-channel.js'
import { RecordWriter } from '../../../src/runtime/network/record-writer.js'
import { HeapKeyedStateBackend } from '../../../src/runtime/state/heap/heap-keyed-state-backend.js'
import { StreamTaskNetworkInput } from '../../../src/runtime/task/input/stream-task-network-input.js'

const MAX_PARALLELISM = 128

/** Sends `keys` through a writer with the given partitioner; returns (key, keyGroup, ts) seen. */
function transport(
  partitioner: Parameters<typeof createChannelSelector>[0],
  keys: readonly string[],
): [string, number, number][] {
  const channels = [new LocalChannel(100), new LocalChannel(100)]
  const selector = createChannelSelector(partitioner, channels.length, 0, MAX_PARALLELISM)
  const serializer = Types.STRING.createSerializer()
  const writer = new RecordWriter(channels, selector, serializer, 32 * 1024)
  keys.forEach((k, i) => writer.emit(k, i % 2 === 0 ? i : Number.NaN))
  writer.broadcastEndOfPartition()
  const seen: [string, number, number][] = []
  const input = new StreamTaskNetworkInput(new InputGate(channels), [serializer, serializer], {
    processElement: (r: StreamRecord) => seen.push([r.value as string, r.keyGroup, r.timestamp]),
    processWatermark: () => undefined,
    processWatermarkStatus: () => undefined,
  })
  while (input.processInput() !== 'END_OF_INPUT');
  return seen.sort((a, b) => (a[0] < b[0] ? -1 : 1))
}

describe('key groups on the wire', () => {
  const keys = ['a', 'b', 'c', 'd', 'e', 'f']

  it('carries the sender key group on a HASH edge, with and without timestamps', () => {
    const seen = transport({ type: 'HASH', keySelector: (v) => v }, keys)
    assert.deepStrictEqual(
      seen,
      keys.map((k, i) => [k, assignToKeyGroup(k, MAX_PARALLELISM), i % 2 === 0 ? i : Number.NaN]),
    )
  })

  it('carries none on other edges', () => {
    const seen = transport({ type: 'REBALANCE' }, keys)
    assert.deepStrictEqual(
      seen.map(([, kg]) => kg),
      keys.map(() => -1),
    )
  })

  it('sets the current key without hashing, and falls back to the hash for a foreign group', () => {
    const backend = new HeapKeyedStateBackend(KeyGroupRange.of(0, 63), MAX_PARALLELISM)
    const key = keys.find((k) => assignToKeyGroup(k, MAX_PARALLELISM) < 64)!
    backend.setCurrentKeyInKeyGroup(key, assignToKeyGroup(key, MAX_PARALLELISM))
    assert.equal(backend.getCurrentKeyGroupIndex(), assignToKeyGroup(key, MAX_PARALLELISM))
    const foreign = keys.find((k) => assignToKeyGroup(k, MAX_PARALLELISM) >= 64)!
    assert.throws(
      () => backend.setCurrentKeyInKeyGroup(foreign, 100),
      /belongs to key group \d+, which is outside the key groups \[0, 63\]/,
    )
  })
})
