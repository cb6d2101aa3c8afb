import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createChannelSelector } from '../../../src/runtime/network/channel-selector.js'
import { pointwiseSources, pointwiseTargets } from '../../../src/runtime/network/pointwise.js'
import { assignKeyToParallelOperator } from '../../../src/core/keys/key-group-range-assignment.js'

function select(selector: { selectChannel(v: unknown): number }, values: unknown[]): number[] {
  return values.map((v) => selector.selectChannel(v))
}

describe('createChannelSelector', () => {
  it('rebalances round-robin, starting at the producer subtask index', () => {
    assert.deepStrictEqual(
      select(createChannelSelector({ type: 'REBALANCE' }, 3, 0, 128), [1, 2, 3, 4, 5, 6, 7]),
      [0, 1, 2, 0, 1, 2, 0],
    )
    assert.deepStrictEqual(
      select(createChannelSelector({ type: 'REBALANCE' }, 3, 1, 128), [1, 2, 3, 4]),
      [1, 2, 0, 1],
    )
  })

  it('rescales round-robin over the local channels from the first', () => {
    assert.deepStrictEqual(
      select(createChannelSelector({ type: 'RESCALE' }, 2, 5, 128), [1, 2, 3]),
      [0, 1, 0],
    )
  })

  it('sends everything to channel 0 for FORWARD and GLOBAL, and flags BROADCAST', () => {
    assert.deepStrictEqual(
      select(createChannelSelector({ type: 'GLOBAL' }, 4, 2, 128), [1, 2, 3]),
      [0, 0, 0],
    )
    assert.deepStrictEqual(
      select(createChannelSelector({ type: 'FORWARD' }, 1, 2, 128), [1, 2]),
      [0, 0],
    )
    assert.equal(createChannelSelector({ type: 'BROADCAST' }, 4, 0, 128).isBroadcast, true)
    assert.equal(createChannelSelector({ type: 'GLOBAL' }, 4, 0, 128).isBroadcast, false)
  })

  it('sends a key to the subtask that owns its key group', () => {
    const keys = ['a', 'b', 'c', 'to', 'be', 1, 2, 3, 42, 'question']
    for (const [parallelism, maxParallelism] of [
      [4, 128],
      [3, 256],
      [7, 7],
    ] as const) {
      const selector = createChannelSelector(
        { type: 'HASH', keySelector: (v) => v },
        parallelism,
        0,
        maxParallelism,
      )
      assert.deepStrictEqual(
        select(selector, keys),
        keys.map((k) => assignKeyToParallelOperator(k, maxParallelism, parallelism)),
      )
    }
  })

  it('shuffles every record to some valid channel', () => {
    const channels = select(
      createChannelSelector({ type: 'SHUFFLE' }, 3, 0, 128),
      Array.from({ length: 300 }, (_, i) => i),
    )
    assert.deepStrictEqual([...new Set(channels)].sort(), [0, 1, 2])
  })

  it('uses a custom partitioner and rejects a channel out of range, naming the range', () => {
    const byParity = createChannelSelector(
      {
        type: 'CUSTOM',
        partitioner: (k: unknown, n: number) => (k as number) % n,
        keySelector: (v) => v,
      },
      2,
      0,
      128,
    )
    assert.deepStrictEqual(select(byParity, [1, 2, 3, 4]), [1, 0, 1, 0])
    const broken = createChannelSelector(
      { type: 'CUSTOM', partitioner: () => 5, keySelector: (v) => v },
      2,
      0,
      128,
    )
    assert.throws(
      () => broken.selectChannel(1),
      /Custom partitioner returned channel 5; it must be an integer in \[0, 2\)/,
    )
  })
})

describe('pointwise connections (Flink EdgeManagerBuildUtil.connectPointwise)', () => {
  it('connects i to i at equal parallelism', () => {
    assert.deepStrictEqual(
      [0, 1, 2].map((s) => pointwiseTargets(s, 3, 3)),
      [[0], [1], [2]],
    )
  })

  it('connects ranges of producers to each consumer when producers are more', () => {
    assert.deepStrictEqual(
      [0, 1, 2, 3].map((s) => pointwiseTargets(s, 4, 2)),
      [[0], [0], [1], [1]],
    )
    assert.deepStrictEqual(
      [0, 1, 2].map((s) => pointwiseTargets(s, 3, 2)),
      [[0], [1], [1]],
    )
    assert.deepStrictEqual(
      [0, 1].map((t) => pointwiseSources(t, 3, 2)),
      [[0], [1, 2]],
    )
  })

  it('connects each producer to a range of consumers when consumers are more', () => {
    assert.deepStrictEqual(
      [0, 1].map((s) => pointwiseTargets(s, 2, 4)),
      [
        [0, 1],
        [2, 3],
      ],
    )
    assert.deepStrictEqual(
      [0, 1].map((s) => pointwiseTargets(s, 2, 3)),
      [[0, 1], [2]],
    )
    assert.deepStrictEqual(
      [0, 1, 2].map((t) => pointwiseSources(t, 2, 3)),
      [[0], [0], [1]],
    )
  })
})
