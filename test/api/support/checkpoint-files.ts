// Reading what a counting job's checkpoint holds, for exactly-once checks: which checkpoints of a
// job directory completed, how many records the sources had read at the barrier, and the sum of
// the counts in a `sum(1)` operator's keyed state.
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { ValueStateDescriptor } from '../../../src/index.js'
import { IndexRangeSplitSerializer } from '../../../src/api/connector/source/lib/index-range-split.js'
import { KeyGroupRange } from '../../../src/core/keys/key-group-range.js'
import type { OperatorStateEntry } from '../../../src/runtime/checkpoint/checkpoint-metadata.js'
import { readSubtaskState } from '../../../src/runtime/checkpoint/fs-checkpoint-storage.js'
import { HeapKeyedStateBackend } from '../../../src/runtime/state/heap/heap-keyed-state-backend.js'
import { VOID_NAMESPACE } from '../../../src/runtime/state/keyed-state-backend.js'
import { restoreKeyedState } from '../../../src/runtime/state/snapshot/keyed-state-restore.js'

/** The ids of the job's checkpoints that have their `_metadata`, in order. */
export async function completedCheckpoints(jobDir: string): Promise<number[]> {
  const ids: number[] = []
  for (const e of await readdir(jobDir).catch((): string[] => [])) {
    if (!e.startsWith('chk-')) continue
    const files = await readdir(join(jobDir, e)).catch((): string[] => [])
    if (files.includes('_metadata')) ids.push(Number(e.slice(4)))
  }
  return ids.sort((a, b) => a - b)
}

/** The records an index-range source's readers had read at the checkpoint in `directory`. */
export async function recordsRead(directory: string, source: OperatorStateEntry): Promise<number> {
  let read = 0
  for (const s of source.subtasks) {
    const state = await readSubtaskState(directory, s.file)
    for (const bytes of state.sourceSplits!.splits) {
      const split = IndexRangeSplitSerializer.INSTANCE.deserialize(
        state.sourceSplits!.version,
        bytes,
      )
      read += split.next - split.from
    }
  }
  return read
}

/**
 * The sum over keys of the counts a `sum(1)` operator holds at the checkpoint in `directory`,
 * and how many snapshots of changes (incremental) its subtasks' keyed state had.
 */
export async function countedInState(
  directory: string,
  summing: OperatorStateEntry,
): Promise<{ counted: number; changes: number }> {
  const backend = new HeapKeyedStateBackend(
    KeyGroupRange.of(0, summing.maxParallelism - 1),
    summing.maxParallelism,
  )
  let changes = 0
  for (const s of summing.subtasks) {
    const state = await readSubtaskState(directory, s.file)
    changes += state.keyedStateChanges?.length ?? 0
    restoreKeyedState(backend, [state.keyedState!, ...(state.keyedStateChanges ?? [])])
  }
  const values = backend.getState(new ValueStateDescriptor<[number, number]>('_op_state'))
  let counted = 0
  for (const key of backend.getKeys('_op_state', VOID_NAMESPACE)) {
    backend.setCurrentKey(key)
    counted += values.value()![1]
  }
  return { counted, changes }
}
