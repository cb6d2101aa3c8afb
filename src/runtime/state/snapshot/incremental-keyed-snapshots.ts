// Incremental snapshots of one `hashmap` backend (state.backend.incremental): a checkpoint's keyed
// state is a chain of files in the directory for state shared by checkpoints, a full snapshot
// followed by snapshots of changes, each holding the keys changed since the one before. A new
// snapshot extends the chain of the last checkpoint this task knows completed (one still pending
// may yet be aborted, and its files deleted), so it writes the keys changed since that one's
// barrier. A chain is started anew with a full snapshot when there is none to extend, when it
// grew long, or when its files hold much more than the state (keys written again and again).
// Task thread only. Flink: RocksDB's incremental checkpoints (shared SST files referenced by later
// checkpoints, based on the last confirmed one) and the changelog backend's materialization.
import type { KeyedStateFile } from '../../common/checkpoint-state.js'
import type { HeapKeyedStateBackend } from '../heap/heap-keyed-state-backend.js'
import type { ChangeSegment } from '../heap/state-change-log.js'
import {
  AsyncKeyedStateSnapshot,
  type KeyGroupSectionWriter,
  type KeyedSnapshotParts,
  type KeyedSnapshotTask,
} from './async-keyed-state-snapshot.js'

/** A chain is started anew before it would hold more files than this. */
export const MAX_CHAIN_FILES = 16
/** ... or more entries than this many times the state's (keys rewritten in many files). */
const MAX_CHAIN_ENTRIES_PER_ENTRY = 2

interface Chain {
  readonly files: readonly KeyedStateFile[]
  /** Entries (and removed keys) in all the files: what a restore reads. */
  readonly entries: number
  /** The backend's `migrations` when the chain's full snapshot was taken. */
  readonly migrations: number
}

export class IncrementalKeyedSnapshots {
  private readonly backend: HeapKeyedStateBackend
  /** The chain of the last checkpoint known to have completed, and that checkpoint. */
  private confirmed: Chain | undefined = undefined
  private confirmedId: number | undefined = undefined
  /** The chains of snapshots taken, by checkpoint id, until their checkpoints end. */
  private readonly taken = new Map<number, Chain>()

  constructor(backend: HeapKeyedStateBackend) {
    this.backend = backend
    backend.enableChangeTracking()
  }

  /**
   * Starts the snapshot of checkpoint `checkpointId` at its barrier, into `directory` (shared by
   * checkpoints) as `<fileName>-<checkpointId>.keyed`. Its parts name the whole chain.
   */
  start(
    checkpointId: number,
    directory: string,
    fileName: string,
    timers: KeyGroupSectionWriter | undefined,
  ): KeyedSnapshotTask {
    const states = this.backend.getRegisteredKvStates()
    const changes = states.map((s) => s.table.trackChanges().cut(checkpointId))
    const base = this.baseFor(changes)
    const snapshot = new AsyncKeyedStateSnapshot(
      this.backend,
      timers,
      { directory, file: `${fileName}-${checkpointId}.keyed` },
      base === undefined ? undefined : changes,
    )
    const migrations = this.backend.migrations
    return {
      writeSome: (budgetMs) => snapshot.writeSome(budgetMs),
      stop: () => snapshot.stop(),
      finish: (): KeyedSnapshotParts => {
        const { keyedStateFile, ...parts } = snapshot.finish()
        if (keyedStateFile === undefined) return parts
        const chain: Chain = {
          files: [...(base?.files ?? []), keyedStateFile],
          entries: (base?.entries ?? 0) + snapshot.entriesWritten,
          migrations: base?.migrations ?? migrations,
        }
        this.taken.set(checkpointId, chain)
        return { ...parts, keyedStateChain: chain.files, keyedStateChainBase: this.oldestBase() }
      },
    }
  }

  /** Checkpoint `checkpointId` completed: later snapshots extend its chain (if this task took it). */
  notifyCheckpointComplete(checkpointId: number): void {
    const chain = this.taken.get(checkpointId)
    for (const id of this.taken.keys()) if (id <= checkpointId) this.taken.delete(id)
    if (chain === undefined) return
    this.confirmed = chain
    this.confirmedId = checkpointId
    for (const { table } of this.backend.getRegisteredKvStates()) {
      table.changes?.confirm(checkpointId)
    }
  }

  notifyCheckpointAborted(checkpointId: number): void {
    this.taken.delete(checkpointId)
  }

  /**
   * The oldest checkpoint whose chain a later snapshot may extend: the one known to have
   * completed, or one taken whose completion may yet be learnt.
   */
  private oldestBase(): number {
    return Math.min(this.confirmedId ?? Number.POSITIVE_INFINITY, ...this.taken.keys())
  }

  /** The chain the snapshot of `changes` extends, or undefined: a full snapshot starts one. */
  private baseFor(changes: readonly (readonly ChangeSegment[])[]): Chain | undefined {
    const base = this.confirmed
    if (
      base === undefined ||
      base.files.length >= MAX_CHAIN_FILES ||
      base.migrations !== this.backend.migrations
    ) {
      return undefined
    }
    let changedKeys = 0
    for (const segments of changes) {
      for (const segment of segments) {
        for (const keys of segment.byKeyGroup) changedKeys += keys?.size ?? 0
      }
    }
    const entries = this.backend.numKeyValueStateEntries()
    return base.entries + changedKeys > MAX_CHAIN_ENTRIES_PER_ENTRY * entries ? undefined : base
  }
}
