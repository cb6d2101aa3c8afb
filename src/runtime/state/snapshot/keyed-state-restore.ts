// Restores keyed state into a `hashmap` backend from the snapshots of one or more old subtasks:
// the entries of the key groups the backend owns go into state tables by name, which the operator
// adopts when it first registers each state. Key groups outside the backend's range are skipped
// without decoding them, which is what makes rescaling cheap. Flink: HeapRestoreOperation.
import type { HeapKeyedStateBackend } from '../heap/heap-keyed-state-backend.js'
import { StateError } from '../state-error.js'
import { KeyedStateSnapshotReader } from './keyed-state-snapshot-reader.js'

/**
 * Restores `snapshots` (each from `snapshotKeyedState(...).bytes`) into `backend`, before the
 * operator registers its states. On rescaling, pass the snapshots of every old subtask whose key
 * groups overlap the backend's. All headers are checked before any entry is restored.
 *
 * Throws StateError: 'state.snapshot-invalid-magic', 'state.snapshot-unsupported-version' and
 * 'state.snapshot-corrupt' for bad bytes, 'state.max-parallelism-mismatch' when a snapshot was
 * taken with another max parallelism, 'state.inconsistent-snapshots' when the snapshots disagree
 * on a state. Kind and schema mismatches surface when the operator registers the state.
 *
 * @example
 * const backend = new HeapKeyedStateBackend(computeKeyGroupRangeForOperatorIndex(128, 3, 1), 128)
 * restoreKeyedState(backend, [oldSubtask0.bytes, oldSubtask1.bytes])
 * const count = backend.getState(new ValueStateDescriptor<number>('count'))
 */
export function restoreKeyedState(
  backend: HeapKeyedStateBackend,
  snapshots: readonly Uint8Array[],
): void {
  const readers = snapshots.map((bytes) => new KeyedStateSnapshotReader(bytes))
  for (const reader of readers) {
    if (reader.maxParallelism !== backend.maxParallelism) {
      throw new StateError(
        `Cannot restore keyed state taken with max parallelism ${reader.maxParallelism} into a ` +
          `backend with max parallelism ${backend.maxParallelism}: key groups would not match; ` +
          `keep the operator's max parallelism when restoring`,
        {
          code: 'state.max-parallelism-mismatch',
          domain: 'user',
          failureType: 'NonRecoverableError',
          context: { stored: reader.maxParallelism, expected: backend.maxParallelism },
        },
      )
    }
  }
  for (const reader of readers) {
    // Every snapshot's states get a table, even with no key group here: a state an old subtask
    // registered must survive the next snapshot of this one.
    const tables = reader.metaInfos.map((metaInfo) => backend.getRestoreTable(metaInfo))
    for (const keyGroup of reader.keyGroupRange.getIntersection(backend.keyGroupRange)) {
      reader.readKeyGroup(keyGroup, tables)
    }
  }
}
