// Timers partitioned by key group, fired in time order and, at equal time, in registration order
// across key groups. Timers of one timestamp share a list, and the heap holds the lists: windows
// put many timers on the same few times (every key's window ends at the same instant), so most
// timers are added and fired without any heap work. A timestamp's list is found through a small
// cache of the latest lists, not a map: a miss only starts a second list for the time, which is
// ordered after the first (lists of one time hold disjoint, increasing registration ranges, since
// only a time's newest list is appended to). Each key group indexes its own timers, so a
// checkpoint writes (and a restore, possibly rescaled, reads) them key group by key group, as it
// does keyed state. Flink: KeyGroupPartitionedPriorityQueue.
import type { KeyGroupRange } from '../../../core/keys/key-group-range.js'
import { InvalidProgramError } from '../../../core/errors.js'
import { IndexedHeap } from './indexed-heap.js'
import { TimerIndex, type InternalTimer, type TimerEntry, type TimerList } from './timer-index.js'

/** Timers of one timestamp, in registration order, as a doubly linked list. */
class TimeBucket<N> implements TimerList<N> {
  readonly timestamp: number
  /** The registration number of its first timer: orders lists of the same time. */
  readonly seq: number
  first: TimerEntry<N> | undefined = undefined
  last: TimerEntry<N> | undefined = undefined
  /** The place in the heap; -1 once empty. */
  index = -1

  constructor(timestamp: number, seq: number) {
    this.timestamp = timestamp
    this.seq = seq
  }
}

const bucketBefore = <N>(a: TimeBucket<N>, b: TimeBucket<N>): boolean =>
  a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.seq < b.seq)
const setBucketIndex = <N>(bucket: TimeBucket<N>, index: number): void => {
  bucket.index = index
}

const RECENT_SIZE = 16

/** A slot of the recent lists: times a window size apart (equal low bits) must not collide. */
function recentSlot(timestamp: number): number {
  return Math.imul(timestamp | 0, 0x9e3779b1) >>> 28
}

export class KeyGroupedTimerQueue<N> {
  private readonly range: KeyGroupRange
  private readonly groups: (TimerIndex<N> | undefined)[]
  private readonly times = new IndexedHeap<TimeBucket<N>>(bucketBefore, setBucketIndex)
  /** The latest list of a few times, by a hash of the time. */
  private readonly recent = new Array<TimeBucket<N> | undefined>(RECENT_SIZE).fill(undefined)
  private count = 0
  /** The timer the last `add` added or found (it may since have fired or been removed). */
  lastAdded: TimerEntry<N> | undefined
  private seq = 0

  constructor(range: KeyGroupRange) {
    this.range = range
    this.groups = new Array<TimerIndex<N> | undefined>(range.getNumberOfKeyGroups())
  }

  size(): number {
    return this.count
  }

  /** Adds the timer of `key` (in `keyGroup`) unless it exists; returns the new or existing one. */
  add(
    key: unknown,
    namespace: N,
    timestamp: number,
    keyId: unknown,
    namespaceId: unknown,
    keyGroup: number,
  ): TimerEntry<N> {
    const group = this.groupFor(keyGroup)
    const existing = group.find(keyId, timestamp, namespaceId)
    if (existing !== undefined) return (this.lastAdded = existing)
    const entry: TimerEntry<N> = {
      timestamp,
      key,
      namespace,
      seq: this.seq++,
      keyId,
      namespaceId,
      keyGroup,
      bucket: undefined,
      prev: undefined,
      next: undefined,
    }
    group.add(entry)
    const slot = recentSlot(timestamp)
    let bucket = this.recent[slot]
    if (bucket === undefined || bucket.timestamp !== timestamp || bucket.index < 0) {
      bucket = new TimeBucket<N>(timestamp, entry.seq)
      this.recent[slot] = bucket
      this.times.push(bucket)
    }
    entry.bucket = bucket
    const last = bucket.last
    if (last === undefined) bucket.first = entry
    else {
      last.next = entry
      entry.prev = last
    }
    bucket.last = entry
    this.count++
    return (this.lastAdded = entry)
  }

  remove(timestamp: number, keyId: unknown, namespaceId: unknown, keyGroup: number): void {
    const entry = this.groups[keyGroup - this.range.startKeyGroup]?.find(
      keyId,
      timestamp,
      namespaceId,
    )
    if (entry !== undefined) this.drop(entry)
  }

  /** The earliest timer, or undefined when there is none. */
  peek(): TimerEntry<N> | undefined {
    return this.times.peek()?.first
  }

  /** Removes and returns the earliest timer. */
  poll(): TimerEntry<N> | undefined {
    const entry = this.peek()
    if (entry !== undefined) this.drop(entry)
    return entry
  }

  /** The timers of one key group, in no particular order. */
  timersOfKeyGroup(keyGroup: number): readonly InternalTimer<N>[] {
    this.checkKeyGroup(keyGroup)
    return this.groups[keyGroup - this.range.startKeyGroup]?.values() ?? []
  }

  /**
   * Takes a queued entry out of its key group's index and its timestamp's list, and an emptied
   * list out of the heap.
   */
  private drop(entry: TimerEntry<N>): void {
    this.groups[entry.keyGroup - this.range.startKeyGroup]!.forget(entry)
    this.count--
    const { prev, next } = entry
    const bucket = entry.bucket!
    entry.bucket = entry.prev = entry.next = undefined
    if (prev === undefined) bucket.first = next
    else prev.next = next
    if (next === undefined) bucket.last = prev
    else next.prev = prev
    if (bucket.first === undefined) this.times.removeAt(bucket.index)
  }

  private groupFor(keyGroup: number): TimerIndex<N> {
    const i = keyGroup - this.range.startKeyGroup
    const group = this.groups[i]
    if (group !== undefined) return group
    this.checkKeyGroup(keyGroup)
    return (this.groups[i] = new TimerIndex<N>())
  }

  private checkKeyGroup(keyGroup: number): void {
    if (!this.range.contains(keyGroup)) {
      throw new InvalidProgramError(
        `Timer for key group ${keyGroup} outside this operator's key groups ${this.range.toString()}`,
        { keyGroup },
      )
    }
  }
}
