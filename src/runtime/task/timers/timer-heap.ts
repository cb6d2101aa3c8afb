// The timers of one key group: a min-heap by (timestamp, registration order) with de-duplication
// and eager removal. Timers are identified by (key, timestamp, namespace) through the normalized
// key and namespace, so registering a timer that exists (a window's trigger does so per element)
// costs map lookups and no string building. A key with one live timer (the common case: one
// timer per auction, per session, per tumbling window) keeps it without any map of its own.
// Flink: HeapPriorityQueueSet.
import { IndexedHeap } from './indexed-heap.js'

export interface InternalTimer<N> {
  readonly timestamp: number
  readonly key: unknown
  readonly namespace: N
}

/** A timer as stored: its identity, its order and its place in the heap. */
export interface TimerEntry<N> extends InternalTimer<N> {
  readonly seq: number
  readonly keyId: unknown
  readonly namespaceId: unknown
  /** The place in the heap; -1 once removed or fired. */
  index: number
}

/** A timestamp's timers of one key: one entry, or entries by normalized namespace. */
type TimersAt<N> = TimerEntry<N> | Map<unknown, TimerEntry<N>>
/** One key's timers: its only entry, or by timestamp. */
type KeyTimers<N> = TimerEntry<N> | Map<number, TimersAt<N>>
/** Live timers by normalized key. */
type LiveTimers<N> = Map<unknown, KeyTimers<N>>

export function timerBefore<N>(a: TimerEntry<N>, b: TimerEntry<N>): boolean {
  return a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.seq < b.seq)
}

const setEntryIndex = (entry: TimerEntry<unknown>, index: number): void => {
  entry.index = index
}

export class TimerHeap<N> {
  private readonly heap = new IndexedHeap<TimerEntry<N>>(timerBefore, setEntryIndex)
  private readonly live: LiveTimers<N> = new Map()
  /** This heap's place in the heap of key groups (-1 while empty), kept by KeyGroupedTimerQueue. */
  outerIndex = -1

  size(): number {
    return this.heap.size()
  }

  /** The earliest timer, or undefined when empty. */
  head(): TimerEntry<N> | undefined {
    return this.heap.peek()
  }

  /**
   * Adds the timer unless one with the same time, key and namespace exists; returns the new or
   * existing entry (a new one has sequence number `seq`). `keyId` and `namespaceId` are the normalized (map) identities; `seq` orders timers
   * of equal time across all key groups.
   */
  add(
    key: unknown,
    namespace: N,
    timestamp: number,
    keyId: unknown,
    namespaceId: unknown,
    seq: number,
  ): TimerEntry<N> {
    const existing = this.find(keyId, timestamp, namespaceId)
    if (existing !== undefined) return existing
    const entry: TimerEntry<N> = {
      timestamp,
      key,
      namespace,
      seq,
      keyId,
      namespaceId,
      index: -1,
    }
    const timers = this.live.get(keyId)
    if (timers === undefined) {
      this.live.set(keyId, entry)
    } else if (timers instanceof Map) {
      addAt(timers, entry)
    } else {
      const byTimestamp = new Map<number, TimersAt<N>>([[timers.timestamp, timers]])
      addAt(byTimestamp, entry)
      this.live.set(keyId, byTimestamp)
    }
    this.heap.push(entry)
    return entry
  }

  /** Removes the timer if it exists; returns whether it did. */
  remove(timestamp: number, keyId: unknown, namespaceId: unknown): boolean {
    const entry = this.find(keyId, timestamp, namespaceId)
    if (entry === undefined) return false
    this.forget(entry)
    this.heap.removeAt(entry.index)
    return true
  }

  private find(keyId: unknown, timestamp: number, namespaceId: unknown): TimerEntry<N> | undefined {
    const timers = this.live.get(keyId)
    if (timers === undefined) return undefined
    if (!(timers instanceof Map)) {
      return timers.timestamp === timestamp && timers.namespaceId === namespaceId
        ? timers
        : undefined
    }
    const at = timers.get(timestamp)
    if (at === undefined || at instanceof Map) return at?.get(namespaceId)
    return at.namespaceId === namespaceId ? at : undefined
  }

  /** Removes and returns the earliest timer. */
  poll(): TimerEntry<N> | undefined {
    const top = this.heap.poll()
    if (top !== undefined) this.forget(top)
    return top
  }

  /** The timers in no particular order (for snapshots). */
  values(): readonly InternalTimer<N>[] {
    return this.heap.values()
  }

  private forget(entry: TimerEntry<N>): void {
    const timers = this.live.get(entry.keyId)!
    if (timers === entry) {
      this.live.delete(entry.keyId)
      return
    }
    const byTimestamp = timers as Map<number, TimersAt<N>>
    const at = byTimestamp.get(entry.timestamp)!
    if (at === entry) byTimestamp.delete(entry.timestamp)
    else {
      const byNamespace = at as Map<unknown, TimerEntry<N>>
      byNamespace.delete(entry.namespaceId)
      if (byNamespace.size === 0) byTimestamp.delete(entry.timestamp)
    }
    if (byTimestamp.size === 0) this.live.delete(entry.keyId)
  }
}

function addAt<N>(byTimestamp: Map<number, TimersAt<N>>, entry: TimerEntry<N>): void {
  const at = byTimestamp.get(entry.timestamp)
  if (at === undefined) byTimestamp.set(entry.timestamp, entry)
  else if (at instanceof Map) at.set(entry.namespaceId, entry)
  else {
    byTimestamp.set(
      entry.timestamp,
      new Map<unknown, TimerEntry<N>>([
        [at.namespaceId, at],
        [entry.namespaceId, entry],
      ]),
    )
  }
}
