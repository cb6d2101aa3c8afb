// Which keys of one state changed, per key group, for incremental snapshots: a snapshot then
// writes only the keys changed since a checkpoint that completed, and names that checkpoint's
// files for the rest. Changes are cut into one segment per checkpoint barrier; a segment is kept
// until a checkpoint at or after it completes, since until then a snapshot may have to be based
// on an older one. A segment is never changed once cut (merging makes a new one), so a snapshot
// can hold the segments of its barrier while the task goes on.
// Task thread only. Flink: the changelog state backend's per-key change records (FLIP-158), here
// a set of changed keys whose current values the snapshot writes.
import type { NormalizedKey } from '../../../core/keys/key-hash.js'
import type { InternalKeyContext } from '../internal-key-context.js'

/** The changed keys of one key group: normalized key -> the user's key (to write it). */
export type ChangedKeys = ReadonlyMap<NormalizedKey, unknown>

/** The keys changed between two barriers, per key group (by offset in the range). */
export interface ChangeSegment {
  /** The checkpoint whose barrier ended the segment. */
  readonly checkpointId: number
  readonly byKeyGroup: readonly (ChangedKeys | undefined)[]
}

/** Past this many segments waiting for a completed checkpoint, the two oldest are merged. */
const MAX_SEGMENTS = 4

export class StateChangeLog {
  private readonly keyContext: InternalKeyContext
  private current: (Map<NormalizedKey, unknown> | undefined)[]
  private segments: ChangeSegment[] = []
  /** The key context epoch of the last change recorded: a key changed again is not looked up. */
  private markedEpoch = -1

  constructor(keyContext: InternalKeyContext) {
    this.keyContext = keyContext
    this.current = this.emptyGroups()
  }

  /** Records that the current key's entries changed. */
  mark(): void {
    const ctx = this.keyContext
    if (ctx.keyEpoch === this.markedEpoch) return
    const offset = ctx.currentKeyGroupOffset
    this.markedEpoch = ctx.keyEpoch
    let changed = this.current[offset]
    if (changed === undefined) this.current[offset] = changed = new Map()
    changed.set(ctx.currentNormalizedKey, ctx.currentKey)
  }

  /**
   * Ends the changes of the barrier of `checkpointId`. Returns every segment not yet covered by a
   * completed checkpoint, oldest first: what a snapshot at this barrier based on the last
   * completed checkpoint writes.
   */
  cut(checkpointId: number): readonly ChangeSegment[] {
    this.segments.push({ checkpointId, byKeyGroup: this.current })
    this.current = this.emptyGroups()
    // The current key may be changed again after the barrier without being set anew.
    this.markedEpoch = -1
    if (this.segments.length > MAX_SEGMENTS) {
      const [oldest, next, ...rest] = this.segments
      this.segments = [merge(oldest!, next!), ...rest]
    }
    return this.segments.slice()
  }

  /** Checkpoint `checkpointId` completed: the changes up to its barrier are in its files. */
  confirm(checkpointId: number): void {
    this.segments = this.segments.filter((s) => s.checkpointId > checkpointId)
  }

  private emptyGroups(): (Map<NormalizedKey, unknown> | undefined)[] {
    return new Array<Map<NormalizedKey, unknown> | undefined>(
      this.keyContext.keyGroupRange.getNumberOfKeyGroups(),
    ).fill(undefined)
  }
}

/** The keys of key group `offset` changed in any of `segments`; each key once. */
export function changedKeysOf(
  segments: readonly ChangeSegment[],
  offset: number,
): ChangedKeys | undefined {
  let only: ChangedKeys | undefined
  let union: Map<NormalizedKey, unknown> | undefined
  for (const segment of segments) {
    const keys = segment.byKeyGroup[offset]
    if (keys === undefined) continue
    if (only === undefined) {
      only = keys
      continue
    }
    union ??= new Map(only)
    for (const [normalized, key] of keys) union.set(normalized, key)
  }
  return union ?? only
}

/** One segment with the keys of both, ending at the later barrier. */
function merge(older: ChangeSegment, newer: ChangeSegment): ChangeSegment {
  const byKeyGroup = newer.byKeyGroup.map((_, i) => changedKeysOf([older, newer], i))
  return { checkpointId: newer.checkpointId, byKeyGroup }
}
