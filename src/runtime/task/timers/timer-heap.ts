// The timers of one key group: a min-heap by (timestamp, registration order) with de-duplication
// and eager removal. Timers are identified by (timestamp, key, namespace) through nested maps of
// the normalized key and namespace, so registering a timer that exists (a window's trigger does so
// per element) costs map lookups and no string building. Flink: HeapPriorityQueueSet.
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

/** Live timers: timestamp → normalized key → normalized namespace → entry. */
type LiveTimers<N> = Map<number, Map<unknown, Map<unknown, TimerEntry<N>>>>

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
    let byKey = this.live.get(timestamp)
    if (byKey === undefined)
      this.live.set(timestamp, (byKey = new Map<unknown, Map<unknown, TimerEntry<N>>>()))
    let byNamespace = byKey.get(keyId)
    if (byNamespace === undefined)
      byKey.set(keyId, (byNamespace = new Map<unknown, TimerEntry<N>>()))
    const existing = byNamespace.get(namespaceId)
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
    byNamespace.set(namespaceId, entry)
    this.heap.push(entry)
    return entry
  }

  /** Removes the timer if it exists; returns whether it did. */
  remove(timestamp: number, keyId: unknown, namespaceId: unknown): boolean {
    const entry = this.live.get(timestamp)?.get(keyId)?.get(namespaceId)
    if (entry === undefined) return false
    this.forget(entry)
    this.heap.removeAt(entry.index)
    return true
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
    const byKey = this.live.get(entry.timestamp)!
    const byNamespace = byKey.get(entry.keyId)!
    byNamespace.delete(entry.namespaceId)
    if (byNamespace.size === 0) {
      byKey.delete(entry.keyId)
      if (byKey.size === 0) this.live.delete(entry.timestamp)
    }
  }
}
