// Incremental snapshots of a `hashmap` backend: a full snapshot, then snapshots of the keys changed
// since the last checkpoint known to have completed. Restoring a chain gives exactly the state at
// its barrier, for every kind of state and every way of changing it (put, in-place add, removal
// of a namespace or a key), at the same and at another parallelism; a chain extends only
// completed checkpoints and starts anew when long or bloated.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../../../src/api/state/state-descriptor.js'
import { TimeWindow } from '../../../../src/api/windowing/windows.js'
import { KeyGroupRange } from '../../../../src/core/keys/key-group-range.js'
import { Types } from '../../../../src/core/types/types.js'
import type { KeyedStateFile } from '../../../../src/runtime/common/checkpoint-state.js'
import { HeapKeyedStateBackend } from '../../../../src/runtime/state/heap/heap-keyed-state-backend.js'
import { VOID_NAMESPACE } from '../../../../src/runtime/state/keyed-state-backend.js'
import type { KeyedSnapshotParts } from '../../../../src/runtime/state/snapshot/async-keyed-state-snapshot.js'
import {
  IncrementalKeyedSnapshots,
  MAX_CHAIN_FILES,
} from '../../../../src/runtime/state/snapshot/incremental-keyed-snapshots.js'
import { restoreKeyedState } from '../../../../src/runtime/state/snapshot/keyed-state-restore.js'

const MAX_PARALLELISM = 128
const COUNT = new ValueStateDescriptor('count', Types.INT)
const WORDS = new ListStateDescriptor('words', Types.STRING)
const SEEN = new MapStateDescriptor('seen', Types.STRING, Types.INT)
const SUM = new ReducingStateDescriptor('sum', (a: number, b: number) => a + b, Types.INT)
const AVERAGE = new AggregatingStateDescriptor(
  'average',
  {
    createAccumulator: () => ({ n: 0, total: 0 }),
    add: (v: number, acc: { n: number; total: number }) => {
      acc.n++
      acc.total += v
      return acc
    },
    getResult: (acc: { n: number; total: number }) => acc.total / acc.n,
    merge: (a: { n: number; total: number }, b: { n: number; total: number }) => ({
      n: a.n + b.n,
      total: a.total + b.total,
    }),
  },
  Types.ROW({ n: Types.INT, total: Types.INT }),
)
const PER_WINDOW = new ValueStateDescriptor('per-window', Types.INT)

function backend(range = KeyGroupRange.of(0, MAX_PARALLELISM - 1)): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend(range, MAX_PARALLELISM)
}

/** Every entry of every state, as sorted lines: what two backends must agree on. */
function contents(b: HeapKeyedStateBackend): string[] {
  const lines: string[] = []
  for (const { metaInfo, table } of b.getRegisteredKvStates()) {
    for (const keyGroup of b.keyGroupRange) {
      for (const e of table.entriesOfKeyGroup(keyGroup)) {
        const value = e.value instanceof Map ? [...e.value.values()] : e.value
        lines.push(
          `${metaInfo.name} ${String(e.key)} ${String(e.namespace)} ${JSON.stringify(value)}`,
        )
      }
    }
  }
  return lines.sort()
}

/** Changes key `k` in every state and every way, as round `round` of a job would. */
function change(b: HeapKeyedStateBackend, k: number, round: number): void {
  b.setCurrentKey(k)
  b.getPartitionedState(VOID_NAMESPACE, COUNT).update(k * 10 + round)
  b.getPartitionedState(VOID_NAMESPACE, WORDS).add(`w${round}`)
  const seen = b.getPartitionedState(VOID_NAMESPACE, SEEN)
  seen.put(`r${round}`, k)
  if (round > 1) seen.remove(`r${round - 2}`)
  b.getPartitionedState(VOID_NAMESPACE, SUM).add(round)
  b.getPartitionedState(VOID_NAMESPACE, AVERAGE).add(k + round)
  const window = b.getPartitionedState(new TimeWindow(round * 10, round * 10 + 10), PER_WINDOW)
  window.update(k + round)
  // The window before the last one closes.
  if (round > 1) {
    b.getPartitionedState(
      new TimeWindow((round - 2) * 10, (round - 2) * 10 + 10),
      PER_WINDOW,
    ).clear()
  }
}

/** Removes key `k` from every state. */
function drop(b: HeapKeyedStateBackend, k: number): void {
  b.setCurrentKey(k)
  for (const d of [COUNT, WORDS, SEEN, SUM, AVERAGE])
    b.getPartitionedState(VOID_NAMESPACE, d).clear()
  for (let r = 0; r < 20; r++) {
    b.getPartitionedState(new TimeWindow(r * 10, r * 10 + 10), PER_WINDOW).clear()
  }
}

describe('IncrementalKeyedSnapshots', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-incremental-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  /** Takes the snapshot of checkpoint `id` (writing it in slices while `during` runs). */
  function take(
    snapshots: IncrementalKeyedSnapshots,
    id: number,
    during: () => void = () => undefined,
  ): KeyedSnapshotParts {
    const task = snapshots.start(id, dir, 'op-x-0', undefined)
    task.writeSome(0)
    during()
    return task.finish()
  }

  function restored(
    chain: readonly KeyedStateFile[],
    range = KeyGroupRange.of(0, MAX_PARALLELISM - 1),
  ): HeapKeyedStateBackend {
    const b = backend(range)
    restoreKeyedState(
      b,
      chain.map((f) => readFileSync(join(dir, f.file))),
    )
    return b
  }

  it('restores from a full snapshot and its changes exactly the state at each barrier', () => {
    const live = backend()
    const snapshots = new IncrementalKeyedSnapshots(live)
    for (let k = 0; k < 400; k++) change(live, k, 0)
    const chains: (readonly KeyedStateFile[])[] = []
    for (let round = 1; round <= 6; round++) {
      // Each round changes a tenth of the keys and drops one; the write during the snapshot
      // belongs to the next one.
      const atBarrier = contents(live)
      const parts = take(snapshots, round, () => change(live, 399, 100 + round))
      chains.push(parts.keyedStateChain!)
      snapshots.notifyCheckpointComplete(round)
      assert.deepEqual(contents(restored(parts.keyedStateChain!)), atBarrier)
      for (let k = round * 50; k < round * 50 + 40; k++) change(live, k, round)
      drop(live, round * 7)
    }
    // A chain of one full snapshot and five of changes.
    assert.deepEqual(
      chains.map((c) => c.map((f) => f.file)),
      [1, 2, 3, 4, 5, 6].map((n) => Array.from({ length: n }, (_, i) => `op-x-0-${i + 1}.keyed`)),
    )
    // Changes are small beside the full snapshot.
    const [full, ...changes] = chains[5]!
    for (const c of changes) assert.ok(c.size * 4 < full!.size, `${c.size} of ${full!.size}`)
    // Dropped keys are gone from the last chain's restore, as from the live state.
    const last = take(snapshots, 7)
    assert.equal(last.keyedStateChain!.length, 7)
    const restoredLast = contents(restored(last.keyedStateChain!))
    assert.deepEqual(restoredLast, contents(live))
    assert.ok(!restoredLast.some((line) => / 7 |^count 14 /.test(line)))
    assert.ok(restoredLast.some((line) => line.startsWith('count 8 ')))
  })

  it('restores a chain at another parallelism: each backend reads its key groups of every file', () => {
    const live = backend()
    const snapshots = new IncrementalKeyedSnapshots(live)
    for (let k = 0; k < 300; k++) change(live, k, 0)
    take(snapshots, 1)
    snapshots.notifyCheckpointComplete(1)
    for (let k = 0; k < 300; k += 3) change(live, k, 1)
    drop(live, 10)
    const parts = take(snapshots, 2)
    assert.equal(parts.keyedStateChain!.length, 2)
    const low = restored(parts.keyedStateChain!, KeyGroupRange.of(0, 63))
    const high = restored(parts.keyedStateChain!, KeyGroupRange.of(64, 127))
    assert.deepEqual([...contents(low), ...contents(high)].sort(), contents(live))
    assert.ok(contents(low).length > 0 && contents(high).length > 0)
  })

  it('extends only a checkpoint known to have completed, and reports the oldest it may extend', () => {
    const live = backend()
    const snapshots = new IncrementalKeyedSnapshots(live)
    for (let k = 0; k < 100; k++) change(live, k, 0)
    // Nothing completed yet: full snapshots, each its own chain.
    assert.deepEqual(take(snapshots, 1).keyedStateChain!.length, 1)
    const second = take(snapshots, 2)
    assert.deepEqual(second.keyedStateChain!.length, 1)
    // Either may still complete: the next snapshot may extend the older one.
    assert.equal(second.keyedStateChainBase, 1)
    snapshots.notifyCheckpointAborted(2)
    snapshots.notifyCheckpointComplete(1)
    change(live, 5, 1)
    // Checkpoint 2 was aborted: the changes since 1 (the key changed before and after 2's
    // barrier) go on top of 1's chain.
    const third = take(snapshots, 3)
    assert.deepEqual(
      third.keyedStateChain!.map((f) => f.file),
      ['op-x-0-1.keyed', 'op-x-0-3.keyed'],
    )
    assert.equal(third.keyedStateChainBase, 1)
    assert.deepEqual(contents(restored(third.keyedStateChain!)), contents(live))
  })

  it(`starts a new chain after ${MAX_CHAIN_FILES} files, and when rewritten keys bloat it`, () => {
    const live = backend()
    const snapshots = new IncrementalKeyedSnapshots(live)
    for (let k = 0; k < 50; k++) change(live, k, 0)
    const lengths: number[] = []
    for (let id = 1; id <= MAX_CHAIN_FILES + 2; id++) {
      change(live, id, id)
      lengths.push(take(snapshots, id).keyedStateChain!.length)
      snapshots.notifyCheckpointComplete(id)
    }
    assert.deepEqual(lengths, [...Array.from({ length: MAX_CHAIN_FILES }, (_, i) => i + 1), 1, 2])
    // Every key changed between checkpoints: each file of changes is as large as the state, so
    // once a chain holds the state about twice over, it is started anew: the chain of two small
    // files takes one such file, then every other checkpoint is full.
    const bloated: number[] = []
    for (let id = 100; id < 106; id++) {
      for (let k = 0; k < 50; k++) change(live, k, id)
      bloated.push(take(snapshots, id).keyedStateChain!.length)
      snapshots.notifyCheckpointComplete(id)
    }
    assert.deepEqual(bloated, [3, 1, 2, 1, 2, 1])
    const last = take(snapshots, 200)
    assert.deepEqual(contents(restored(last.keyedStateChain!)), contents(live))
  })

  it('counts a value mutated in place only once written back (as a serializing backend does)', () => {
    const live = backend()
    const snapshots = new IncrementalKeyedSnapshots(live)
    const holder = new ValueStateDescriptor('holder', Types.ROW({ n: Types.INT }))
    live.setCurrentKey('a')
    live.getState(holder).update({ n: 1 })
    take(snapshots, 1)
    snapshots.notifyCheckpointComplete(1)
    live.setCurrentKey('a')
    live.getState(holder).value()!.n = 2
    const unwritten = take(snapshots, 2)
    snapshots.notifyCheckpointComplete(2)
    assert.deepEqual(contents(restored(unwritten.keyedStateChain!)), [
      'holder a VoidNamespace {"n":1}',
    ])
    live.setCurrentKey('a')
    const value = live.getState(holder).value()!
    value.n = 3
    live.getState(holder).update(value)
    const written = take(snapshots, 3)
    assert.deepEqual(contents(restored(written.keyedStateChain!)), [
      'holder a VoidNamespace {"n":3}',
    ])
  })
})
