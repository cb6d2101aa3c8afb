// The asynchronous snapshot of a `hashmap` keyed state backend. Taking it costs the task almost
// nothing at the barrier: the snapshot's header is written, and every key group is then written
// in slices between records (`writeSome`), each as it stands when written. A key group is frozen
// at the barrier as long as no record touched it since; so before a record reaches a key group
// not yet written, that key group is written first (the backend's key context reports the
// access). Copy-on-write at key-group granularity: the pause a record may see is one key group,
// whatever the state size. Task thread only.
// Flink: HeapSnapshotStrategy's asynchronous part over CopyOnWriteStateMap snapshots.
import { asError } from '../../../core/errors.js'
import type { HeapKeyedStateBackend } from '../heap/heap-keyed-state-backend.js'
import type { KeyGroupAccessListener } from '../internal-key-context.js'
import { KeyedStateSnapshotWriter, type KeyedStateSnapshot } from './keyed-state-snapshot.js'

export class AsyncKeyedStateSnapshot implements KeyGroupAccessListener {
  private readonly backend: HeapKeyedStateBackend
  private readonly writer: KeyedStateSnapshotWriter
  /** The next key group `writeSome` looks at. */
  private next: number
  private done = false
  /** Why a key group could not be written when a record touched it; thrown by `writeSome`. */
  private failure: Error | undefined = undefined

  /**
   * Starts the snapshot at the barrier. Throws StateError (naming the state, key and key group)
   * if the current key's group cannot be written; later key groups throw from `writeSome`.
   */
  constructor(backend: HeapKeyedStateBackend) {
    this.backend = backend
    this.writer = new KeyedStateSnapshotWriter(
      backend.maxParallelism,
      backend.keyGroupRange,
      backend.getRegisteredKvStates(),
    )
    this.next = backend.keyGroupRange.startKeyGroup
    // The key set before the barrier may be used again without being set anew.
    const current = backend.getCurrentKeyGroupIndex()
    if (current >= 0) this.writer.writeKeyGroup(current)
    backend.setKeyGroupAccessListener(this)
  }

  beforeKeyGroupAccess(keyGroup: number): void {
    if (this.writer.isWritten(keyGroup)) return
    try {
      this.writer.writeKeyGroup(keyGroup)
    } catch (e: unknown) {
      // A value that cannot be written fails the snapshot (the checkpoint is declined), not the
      // record that happened to touch its key group.
      this.failure = asError(e)
      this.stop()
    }
  }

  /**
   * Writes key groups in order until `budgetMs` have passed (at least one); whether every key
   * group is written now.
   */
  writeSome(budgetMs: number): boolean {
    if (this.failure !== undefined) throw this.failure
    const deadline = performance.now() + budgetMs
    const end = this.backend.keyGroupRange.endKeyGroup
    while (this.next <= end) {
      const keyGroup = this.next++
      if (this.writer.isWritten(keyGroup)) continue
      this.writeKeyGroup(keyGroup)
      if (performance.now() >= deadline) break
    }
    return this.writer.isComplete()
  }

  /** Writes what is left and returns the snapshot. */
  finish(): KeyedStateSnapshot {
    while (!this.writeSome(Number.POSITIVE_INFINITY));
    this.stop()
    return this.writer.finish()
  }

  /** Stops following the task's accesses (the snapshot is finished or abandoned). */
  stop(): void {
    if (this.done) return
    this.done = true
    this.backend.setKeyGroupAccessListener(undefined)
  }

  private writeKeyGroup(keyGroup: number): void {
    try {
      this.writer.writeKeyGroup(keyGroup)
    } catch (e: unknown) {
      this.stop()
      throw e
    }
  }
}
