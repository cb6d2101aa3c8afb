// Which files of a job's shared state directory checkpoints name (incremental checkpoints), so
// that each is deleted once no checkpoint needs it: not while a retained checkpoint names it, nor
// while a task may still extend a chain that names it. A task's next snapshot extends the chain
// of the last checkpoint it knows completed; it reports that checkpoint with each acknowledgement,
// and may only move forward from it. So the files of a completed checkpoint are kept, even once
// subsumed, until every task reported a later base. Files of a checkpoint that never completed
// are deleted, unless a completed checkpoint names them too.
// Coordinator thread only. Flink: SharedStateRegistry (reference counts per shared file, and
// unregisterUnusedState up to the lowest checkpoint still in use).
import type { SubtaskStateHandle } from '../common/checkpoint-state.js'
import { isStateFileHandle } from '../common/checkpoint-state.js'

export class SharedStateRegistry {
  /** The shared files of each completed checkpoint still counted, by checkpoint id. */
  private readonly byCheckpoint = new Map<number, readonly string[]>()
  /** Completed checkpoints retained (not subsumed yet). */
  private readonly retained = new Set<number>()
  /** By file: how many counted checkpoints name it. */
  private readonly references = new Map<string, number>()
  /**
   * By task (execution attempt) and operator: the oldest checkpoint whose chain the operator's
   * next snapshot may extend.
   */
  private readonly bases = new Map<string, { readonly taskId: string; readonly base: number }>()

  /** Task `taskId` acknowledged a checkpoint with these handles (by operator id). */
  acknowledged(taskId: string, handles: Readonly<Record<string, SubtaskStateHandle>>): void {
    for (const [operatorId, handle] of Object.entries(handles)) {
      if (!isStateFileHandle(handle) || handle.sharedStateBase === undefined) continue
      this.bases.set(`${taskId}/${operatorId}`, { taskId, base: handle.sharedStateBase })
    }
  }

  /**
   * Checkpoint `checkpointId` completed naming `files`; returns the files no longer needed. Only
   * the tasks in `running` can snapshot again.
   */
  completed(
    checkpointId: number,
    files: readonly string[],
    running: ReadonlySet<string>,
  ): string[] {
    this.byCheckpoint.set(checkpointId, files)
    this.retained.add(checkpointId)
    for (const file of files) this.references.set(file, (this.references.get(file) ?? 0) + 1)
    return this.release(running)
  }

  /** A completed checkpoint is no longer retained; returns the files no longer needed. */
  subsumed(checkpointId: number, running: ReadonlySet<string>): string[] {
    this.retained.delete(checkpointId)
    return this.release(running)
  }

  /** The files of a checkpoint that did not complete that no completed checkpoint names. */
  unclaimed(files: readonly string[]): string[] {
    return files.filter((file) => !this.references.has(file))
  }

  /** Every file still counted, forgotten: the job ends and keeps no checkpoint. */
  releaseAll(): string[] {
    const files = [...this.references.keys()]
    this.byCheckpoint.clear()
    this.retained.clear()
    this.references.clear()
    this.bases.clear()
    return files
  }

  /** Stops counting subsumed checkpoints older than every task's base; their lone files go. */
  private release(running: ReadonlySet<string>): string[] {
    let oldestBase = Number.POSITIVE_INFINITY
    for (const [key, { taskId, base }] of this.bases) {
      // A finished or failed attempt takes no snapshot again.
      if (!running.has(taskId)) this.bases.delete(key)
      else oldestBase = Math.min(oldestBase, base)
    }
    const unused: string[] = []
    for (const [checkpointId, files] of this.byCheckpoint) {
      if (this.retained.has(checkpointId) || checkpointId >= oldestBase) continue
      this.byCheckpoint.delete(checkpointId)
      for (const file of files) {
        const count = this.references.get(file)! - 1
        if (count > 0) this.references.set(file, count)
        else {
          this.references.delete(file)
          unused.push(file)
        }
      }
    }
    return unused
  }
}

/** The shared files the handles name. */
export function sharedFilesOf(handles: Iterable<SubtaskStateHandle>): string[] {
  const files: string[] = []
  for (const handle of handles) {
    if (isStateFileHandle(handle) && handle.sharedStateFiles !== undefined) {
      files.push(...handle.sharedStateFiles)
    }
  }
  return files
}
