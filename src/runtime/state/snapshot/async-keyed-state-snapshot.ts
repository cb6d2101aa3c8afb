// The asynchronous snapshot of a `hashmap` keyed state backend and of its operator's timers.
// Taking it costs the task almost nothing at the barrier: the snapshot's header is written, and
// every key group is then written in slices between records (`writeSome`), each as it stands when
// written, and the sections are then copied into the snapshot's bytes, also in slices. A key
// group is frozen at the barrier as long as no record or timer touched it since; so before the
// task reaches a key group not yet written (by setting a key of it), that key group's state and
// timers are written first (the backend's key context reports the access). Copy-on-write at
// key-group granularity: the pause a record may see is one key group, whatever the state size.
// Task thread only.
// Flink: HeapSnapshotStrategy's asynchronous part over CopyOnWriteStateMap snapshots; Flink
// copies the timer heap at the barrier and serializes the copy asynchronously.
import { join } from 'node:path'
import { asError } from '../../../core/errors.js'
import type { KeyedStateFile } from '../../common/checkpoint-state.js'
import type { HeapKeyedStateBackend } from '../heap/heap-keyed-state-backend.js'
import type { ChangeSegment } from '../heap/state-change-log.js'
import type { KeyGroupAccessListener } from '../internal-key-context.js'
import { KeyedStateSnapshotWriter } from './keyed-state-snapshot.js'
import type { SnapshotAssembly } from './snapshot-assembly.js'

/**
 * Writes something kept per key group besides keyed state (an operator's timers) in the same
 * copy-on-write order: each key group once, when the snapshot reaches it or the task is about to.
 */
export interface KeyGroupSectionWriter {
  writeKeyGroup(keyGroup: number): void
  /**
   * Once every key group is written: the copy into the snapshot's bytes, which the caller does;
   * undefined when the snapshot holds nothing.
   */
  assemble(): SnapshotAssembly | undefined
}

/** Where a snapshot streams its keyed state: `file` in `directory`. */
export interface KeyedStateFileTarget {
  readonly directory: string
  readonly file: string
}

/**
 * What the snapshot holds once finished; a part with nothing in it is left out. Keyed state is in
 * `keyedStateFile` when the snapshot was given a file, else in `keyedState`.
 */
export interface KeyedSnapshotParts {
  readonly keyedState?: Uint8Array
  readonly keyedStateFile?: KeyedStateFile
  /**
   * Incremental: the files the keyed state is restored from, in order (a full snapshot, then
   * changes), in the directory for state shared by checkpoints; instead of `keyedStateFile`.
   */
  readonly keyedStateChain?: readonly KeyedStateFile[]
  /** With `keyedStateChain`: the oldest checkpoint whose chain later snapshots may extend. */
  readonly keyedStateChainBase?: number
  readonly timers?: Uint8Array
}

/** A keyed snapshot begun at a barrier: written in slices between records, then finished. */
export interface KeyedSnapshotTask {
  /** Writes for about `budgetMs` (at least one step); whether all is written. */
  writeSome(budgetMs: number): boolean
  /** Writes what is left and returns the snapshot. */
  finish(): KeyedSnapshotParts
  /** Abandons the snapshot. */
  stop(): void
}

export class AsyncKeyedStateSnapshot implements KeyGroupAccessListener, KeyedSnapshotTask {
  private readonly backend: HeapKeyedStateBackend
  /** Undefined when the backend has no state registered. */
  private readonly stateWriter: KeyedStateSnapshotWriter | undefined
  private readonly timerWriter: KeyGroupSectionWriter | undefined
  /** Per key group of the range (by offset): 1 once written. */
  private readonly written: Uint8Array
  private numWritten = 0
  private readonly target: KeyedStateFileTarget | undefined
  /** The keyed state file, once finished. */
  private file: KeyedStateFile | undefined = undefined
  /** Set once every key group is written: the copies into the snapshots' bytes. */
  private assembly:
    | {
        readonly state: SnapshotAssembly | undefined
        readonly timers: SnapshotAssembly | undefined
      }
    | undefined = undefined
  /** The next key group `writeSome` looks at. */
  private next: number
  private done = false
  /** Why a key group could not be written when the task touched it; thrown by `writeSome`. */
  private failure: Error | undefined = undefined

  /**
   * Starts the snapshot at the barrier. Throws StateError (naming the state, key and key group)
   * if the current key's group cannot be written, or the file cannot be created; later key
   * groups throw from `writeSome`. With a `target`, keyed state goes into that file as it is
   * written (see KeyedStateSnapshotWriter). With `changes` (per registered state, in order), the
   * snapshot holds only the keys named there (a changes snapshot).
   */
  constructor(
    backend: HeapKeyedStateBackend,
    timerWriter?: KeyGroupSectionWriter,
    target?: KeyedStateFileTarget,
    changes?: readonly (readonly ChangeSegment[])[],
  ) {
    this.backend = backend
    const range = backend.keyGroupRange
    const states = backend.getRegisteredKvStates()
    this.target = target
    this.stateWriter =
      states.length > 0
        ? new KeyedStateSnapshotWriter(
            backend.maxParallelism,
            range,
            states,
            target === undefined ? undefined : join(target.directory, target.file),
            changes,
          )
        : undefined
    this.timerWriter = timerWriter
    this.written = new Uint8Array(range.getNumberOfKeyGroups())
    this.next = range.startKeyGroup
    // The key set before the barrier may be used again without being set anew.
    const current = backend.getCurrentKeyGroupIndex()
    if (current >= 0) this.writeKeyGroup(current)
    backend.setKeyGroupAccessListener(this)
  }

  beforeKeyGroupAccess(keyGroup: number): void {
    if (this.isWritten(keyGroup)) return
    try {
      this.writeKeyGroup(keyGroup)
    } catch (e: unknown) {
      // A value that cannot be written fails the snapshot (the checkpoint is declined), not the
      // record that happened to touch its key group.
      this.failure = asError(e)
    }
  }

  /**
   * Writes key groups in order, then copies them into the snapshot's bytes, until `budgetMs` have
   * passed (at least one step); whether all is done.
   */
  writeSome(budgetMs: number): boolean {
    if (this.failure !== undefined) throw this.failure
    const deadline = performance.now() + budgetMs
    const end = this.backend.keyGroupRange.endKeyGroup
    while (this.next <= end) {
      const keyGroup = this.next++
      if (this.isWritten(keyGroup)) continue
      this.writeKeyGroup(keyGroup)
      if (performance.now() >= deadline) return false
    }
    if (this.numWritten < this.written.length) return false
    if (this.assembly === undefined) {
      // Every key group is frozen now: the task may change them all.
      this.stopFollowing()
      const writer = this.stateWriter
      const target = this.target
      let state: SnapshotAssembly | undefined
      if (writer !== undefined && target !== undefined) {
        this.file = { file: target.file, size: writer.finishFile() }
      } else state = writer?.assemble()
      this.assembly = { state, timers: this.timerWriter?.assemble() }
    }
    const { state, timers } = this.assembly
    return (state?.copySome(deadline) ?? true) && (timers?.copySome(deadline) ?? true)
  }

  /** The entries (and removed keys) of keyed state written so far. */
  get entriesWritten(): number {
    return this.stateWriter?.entriesWritten ?? 0
  }

  /** Writes and copies what is left and returns the snapshot. */
  finish(): KeyedSnapshotParts {
    while (!this.writeSome(Number.POSITIVE_INFINITY));
    const { state, timers } = this.assembly!
    const file = this.file
    return {
      ...(state === undefined ? {} : { keyedState: this.stateWriter!.snapshotOf(state).bytes }),
      ...(file === undefined ? {} : { keyedStateFile: file }),
      ...(timers === undefined ? {} : { timers: timers.bytes }),
    }
  }

  /**
   * Stops following the task's accesses and closes the snapshot's file (the snapshot is finished
   * or abandoned; an abandoned file stays in the checkpoint's directory, discarded with it).
   */
  stop(): void {
    this.stopFollowing()
    this.stateWriter?.abort()
  }

  private stopFollowing(): void {
    if (this.done) return
    this.done = true
    this.backend.setKeyGroupAccessListener(undefined)
  }

  private isWritten(keyGroup: number): boolean {
    return this.written[keyGroup - this.backend.keyGroupRange.startKeyGroup] === 1
  }

  private writeKeyGroup(keyGroup: number): void {
    try {
      this.stateWriter?.writeKeyGroup(keyGroup)
      this.timerWriter?.writeKeyGroup(keyGroup)
    } catch (e: unknown) {
      this.stop()
      throw e
    }
    this.written[keyGroup - this.backend.keyGroupRange.startKeyGroup] = 1
    this.numWritten++
  }
}
