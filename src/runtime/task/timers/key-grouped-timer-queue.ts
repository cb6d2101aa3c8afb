// Timers partitioned by key group: one TimerHeap per key group, and a heap of the non-empty key
// groups ordered by their earliest timer. A checkpoint writes (and a restore, possibly rescaled,
// reads) the timers of each key group on their own, as it does keyed state; the order of firing is
// the one a single heap would give. Flink: KeyGroupPartitionedPriorityQueue.
import type { KeyGroupRange } from '../../../core/keys/key-group-range.js'
import { InvalidProgramError } from '../../../core/errors.js'
import { IndexedHeap } from './indexed-heap.js'
import { TimerHeap, timerBefore, type InternalTimer, type TimerEntry } from './timer-heap.js'

export class KeyGroupedTimerQueue<N> {
  private readonly range: KeyGroupRange
  private readonly groups: (TimerHeap<N> | undefined)[]
  /** The non-empty key groups, as a min-heap by their heads. */
  private readonly outer = new IndexedHeap<TimerHeap<N>>(headBefore, setOuterIndex)
  private count = 0
  /** The timer the last `add` added or found (it may since have fired or been removed). */
  lastAdded: TimerEntry<N> | undefined
  private seq = 0

  constructor(range: KeyGroupRange) {
    this.range = range
    this.groups = new Array<TimerHeap<N> | undefined>(range.getNumberOfKeyGroups())
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
    const oldHead = group.head()
    const seq = this.seq
    const entry = group.add(key, namespace, timestamp, keyId, namespaceId, seq)
    this.lastAdded = entry
    if (entry.seq !== seq) return entry
    this.seq++
    this.count++
    if (oldHead === undefined) this.outer.push(group)
    else if (group.head() !== oldHead) this.outer.update(group.outerIndex)
    return entry
  }

  remove(timestamp: number, keyId: unknown, namespaceId: unknown, keyGroup: number): void {
    const group = this.groups[keyGroup - this.range.startKeyGroup]
    if (group === undefined) return
    const oldHead = group.head()
    if (!group.remove(timestamp, keyId, namespaceId)) return
    this.count--
    this.groupHeadChanged(group, oldHead)
  }

  peek(): InternalTimer<N> | undefined {
    return this.outer.peek()?.head()
  }

  poll(): InternalTimer<N> | undefined {
    const group = this.outer.peek()
    if (group === undefined) return undefined
    const timer = group.poll()!
    this.count--
    this.groupHeadChanged(group, timer)
    return timer
  }

  /** The timers of one key group, in no particular order. */
  timersOfKeyGroup(keyGroup: number): readonly InternalTimer<N>[] {
    this.checkKeyGroup(keyGroup)
    return this.groups[keyGroup - this.range.startKeyGroup]?.values() ?? []
  }

  private groupFor(keyGroup: number): TimerHeap<N> {
    const i = keyGroup - this.range.startKeyGroup
    const group = this.groups[i]
    if (group !== undefined) return group
    this.checkKeyGroup(keyGroup)
    return (this.groups[i] = new TimerHeap<N>())
  }

  private checkKeyGroup(keyGroup: number): void {
    if (!this.range.contains(keyGroup)) {
      throw new InvalidProgramError(
        `Timer for key group ${keyGroup} outside this operator's key groups ${this.range.toString()}`,
        { keyGroup },
      )
    }
  }

  private groupHeadChanged(group: TimerHeap<N>, oldHead: InternalTimer<N> | undefined): void {
    const head = group.head()
    if (head === oldHead) return
    if (head === undefined) this.outer.removeAt(group.outerIndex)
    else this.outer.update(group.outerIndex)
  }
}

/** Key groups come out by their earliest timers; only non-empty ones are in the heap. */
function headBefore<N>(a: TimerHeap<N>, b: TimerHeap<N>): boolean {
  return timerBefore(a.head()!, b.head()!)
}

function setOuterIndex<N>(group: TimerHeap<N>, index: number): void {
  group.outerIndex = index
}
