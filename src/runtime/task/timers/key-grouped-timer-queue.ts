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
import { TimeOrderedHeap } from './time-ordered-heap.js'
import { TimerIndex, type InternalTimer, type TimerEntry, type TimerList } from './timer-index.js'

/** Timers of one timestamp, in registration order, as a doubly linked list. */
class TimeBucket<N> implements TimerList<N> {
  readonly timestamp: number
  /** The registration number of its first timer: orders lists of the same time. */
  readonly seq: number
  first: TimerEntry<N> | undefined = undefined
  last: TimerEntry<N> | undefined = undefined

  constructor(timestamp: number, seq: number) {
    this.timestamp = timestamp
    this.seq = seq
  }
}

const RECENT_SIZE = 16
/** Emptied lists left in the heap below the top, tolerated up to this many (and half the heap). */
const STALE_LIMIT = 1024

/** A slot of the recent lists: times a window size apart (equal low bits) must not collide. */
function recentSlot(timestamp: number): number {
  return Math.imul(timestamp | 0, 0x9e3779b1) >>> 28
}

export class KeyGroupedTimerQueue<N> {
  private readonly range: KeyGroupRange
  private readonly groups: (TimerIndex<N> | undefined)[]
  /**
   * The lists by (timestamp, seq). A list emptied by removal stays until it reaches the top: the
   * heap has no removal from the middle (see TimeOrderedHeap), and the queue skips it there.
   */
  private readonly times = new TimeOrderedHeap<TimeBucket<N>>()
  /** Emptied lists still in `times`. */
  private stale = 0
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
      alone: false,
    }
    group.add(entry)
    const slot = recentSlot(timestamp)
    let bucket = this.recent[slot]
    if (bucket === undefined || bucket.timestamp !== timestamp || bucket.first === undefined) {
      bucket = new TimeBucket<N>(timestamp, entry.seq)
      this.recent[slot] = bucket
      this.times.push(timestamp, entry.seq, bucket)
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

  /**
   * The timestamp lists in the heap, emptied ones not yet dropped included: at most the live
   * lists plus the larger of STALE_LIMIT and their number.
   */
  queuedLists(): number {
    return this.times.size()
  }

  /** The earliest timer, or undefined when there is none. */
  peek(): TimerEntry<N> | undefined {
    const times = this.times
    let top = times.peek()
    while (top !== undefined && top.first === undefined) {
      times.pop()
      this.stale--
      top = times.peek()
    }
    return top?.first
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
   * list out of the heap if it is on top (otherwise when it gets there, or when stale lists
   * crowd the heap: a key that moves its timer far ahead on every record leaves one each).
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
    if (bucket.first !== undefined) return
    const times = this.times
    if (times.peek() === bucket) times.pop()
    else if (++this.stale > STALE_LIMIT && this.stale * 2 > times.size()) {
      times.retain((list) => list.first !== undefined)
      this.stale = 0
    }
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
