// Timers partitioned by key group: one TimerHeap per key group, and a heap of the non-empty key
// groups ordered by their earliest timer. A checkpoint writes (and a restore, possibly rescaled,
// reads) the timers of each key group on their own, as it does keyed state; the order of firing is
// the one a single heap would give. Flink: KeyGroupPartitionedPriorityQueue.
import type { KeyGroupRange } from '../../../core/keys/key-group-range.js'
import { InvalidProgramError } from '../../../core/errors.js'
import { TimerHeap, timerBefore, type InternalTimer, type TimerEntry } from './timer-heap.js'

export class KeyGroupedTimerQueue<N> {
  private readonly range: KeyGroupRange
  private readonly groups: (TimerHeap<N> | undefined)[]
  /** The non-empty key groups, as a min-heap by their heads. */
  private readonly outer: TimerHeap<N>[] = []
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
    if (oldHead === undefined) this.pushGroup(group)
    else if (group.head() !== oldHead) this.siftUp(group.outerIndex)
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
    return this.outer[0]?.head()
  }

  poll(): InternalTimer<N> | undefined {
    const group = this.outer[0]
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
    if (head === undefined) this.removeGroup(group)
    else {
      this.siftDown(group.outerIndex)
      this.siftUp(group.outerIndex)
    }
  }

  private pushGroup(group: TimerHeap<N>): void {
    group.outerIndex = this.outer.length
    this.outer.push(group)
    this.siftUp(group.outerIndex)
  }

  private removeGroup(group: TimerHeap<N>): void {
    const last = this.outer.pop()!
    if (last !== group) {
      this.outer[group.outerIndex] = last
      last.outerIndex = group.outerIndex
      this.siftDown(last.outerIndex)
      this.siftUp(last.outerIndex)
    }
    group.outerIndex = -1
  }

  private siftUp(i: number): void {
    const h = this.outer
    const group = h[i]!
    const head = group.head()!
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = h[parent]!
      if (!timerBefore(head, p.head()!)) break
      h[i] = p
      p.outerIndex = i
      i = parent
    }
    h[i] = group
    group.outerIndex = i
  }

  private siftDown(i: number): void {
    const h = this.outer
    const n = h.length
    const group = h[i]!
    const head = group.head()!
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      const c = r < n && timerBefore(h[r]!.head()!, h[l]!.head()!) ? r : l
      const child = h[c]!
      if (!timerBefore(child.head()!, head)) break
      h[i] = child
      child.outerIndex = i
      i = c
    }
    h[i] = group
    group.outerIndex = i
  }
}
