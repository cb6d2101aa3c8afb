// Timers partitioned by key group, fired in time order and, at equal time, in registration order
// across key groups. Timers of one timestamp share a list, and only the distinct timestamps are in
// a heap: windows put many timers on the same few times (every key's window ends at the same
// instant), so most timers are added and fired without any heap work. Each key group indexes its
// own timers, so a checkpoint writes (and a restore, possibly rescaled, reads) them key group by
// key group, as it does keyed state. Flink: KeyGroupPartitionedPriorityQueue.
import type { KeyGroupRange } from '../../../core/keys/key-group-range.js'
import { InvalidProgramError } from '../../../core/errors.js'
import { IndexedHeap } from './indexed-heap.js'
import { TimerIndex, type InternalTimer, type TimerEntry } from './timer-index.js'

/** The timers of one timestamp, in registration order, as a doubly linked list. */
class TimeBucket<N> {
  readonly timestamp: number
  first: TimerEntry<N> | undefined = undefined
  last: TimerEntry<N> | undefined = undefined
  /** The place in the heap of timestamps. */
  index = -1

  constructor(timestamp: number) {
    this.timestamp = timestamp
  }
}

const bucketBefore = <N>(a: TimeBucket<N>, b: TimeBucket<N>): boolean => a.timestamp < b.timestamp
const setBucketIndex = <N>(bucket: TimeBucket<N>, index: number): void => {
  bucket.index = index
}

export class KeyGroupedTimerQueue<N> {
  private readonly range: KeyGroupRange
  private readonly groups: (TimerIndex<N> | undefined)[]
  private readonly buckets = new Map<number, TimeBucket<N>>()
  private readonly times = new IndexedHeap<TimeBucket<N>>(bucketBefore, setBucketIndex)
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
      queued: true,
      prev: undefined,
      next: undefined,
    }
    group.add(entry)
    let bucket = this.buckets.get(timestamp)
    if (bucket === undefined) {
      bucket = new TimeBucket<N>(timestamp)
      this.buckets.set(timestamp, bucket)
      this.times.push(bucket)
    }
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
    const group = this.groups[keyGroup - this.range.startKeyGroup]
    const entry = group?.find(keyId, timestamp, namespaceId)
    if (entry === undefined) return
    group!.forget(entry)
    this.unlink(entry, undefined)
  }

  /** The earliest timer, or undefined when there is none. */
  peek(): TimerEntry<N> | undefined {
    return this.times.peek()?.first
  }

  /** Removes and returns the earliest timer. */
  poll(): TimerEntry<N> | undefined {
    const bucket = this.times.peek()
    if (bucket === undefined) return undefined
    const entry = bucket.first!
    this.groups[entry.keyGroup - this.range.startKeyGroup]!.forget(entry)
    this.unlink(entry, bucket)
    return entry
  }

  /** The timers of one key group, in no particular order. */
  timersOfKeyGroup(keyGroup: number): readonly InternalTimer<N>[] {
    this.checkKeyGroup(keyGroup)
    return this.groups[keyGroup - this.range.startKeyGroup]?.values() ?? []
  }

  /** Takes the entry out of its timestamp's list (`bucket`, if the caller has it at hand). */
  private unlink(entry: TimerEntry<N>, bucket: TimeBucket<N> | undefined): void {
    entry.queued = false
    this.count--
    const { prev, next } = entry
    if (prev !== undefined) prev.next = next
    if (next !== undefined) next.prev = prev
    entry.prev = entry.next = undefined
    if (prev !== undefined && next !== undefined) return
    const list = bucket ?? this.buckets.get(entry.timestamp)!
    if (prev === undefined) list.first = next
    if (next === undefined) list.last = prev
    if (list.first === undefined) {
      this.buckets.delete(entry.timestamp)
      this.times.removeAt(list.index)
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
