// The live timers of one key group, by identity: (key, timestamp, namespace) through the normalized
// key and namespace, so registering a timer that exists (a window's trigger does so per element)
// costs map lookups and no string building. A key with one live timer (the common case: one
// timer per auction, per session, per tumbling window) keeps it without any map of its own.
// The order of firing is kept by KeyGroupedTimerQueue, across key groups.
// Flink: the de-duplication half of HeapPriorityQueueSet.

export interface InternalTimer<N> {
  readonly timestamp: number
  readonly key: unknown
  readonly namespace: N
}

/** A timer as stored: its identity, its order and its place in its timestamp's list. */
export interface TimerEntry<N> extends InternalTimer<N> {
  /** Orders timers of equal time: registration order, across key groups. */
  readonly seq: number
  readonly keyId: unknown
  readonly namespaceId: unknown
  readonly keyGroup: number
  /** The list it is queued in; undefined once removed or fired. */
  bucket: TimerList<N> | undefined
  prev: TimerEntry<N> | undefined
  next: TimerEntry<N> | undefined
  /** Indexed as its key's only timer (no map of its own): forgotten by one map deletion. */
  alone: boolean
}

/** A list of timers of one timestamp (KeyGroupedTimerQueue's). */
export interface TimerList<N> {
  first: TimerEntry<N> | undefined
  last: TimerEntry<N> | undefined
}

/** No key: `find` has not run since the index last changed. */
const NOT_FOUND = Symbol('no key found')

/** A timestamp's timers of one key: one entry, or entries by normalized namespace. */
type TimersAt<N> = TimerEntry<N> | Map<unknown, TimerEntry<N>>
/** One key's timers: its only entry, or by timestamp. */
type KeyTimers<N> = TimerEntry<N> | Map<number, TimersAt<N>>

export class TimerIndex<N> {
  /** Live timers by normalized key. */
  private readonly live = new Map<unknown, KeyTimers<N>>()
  /**
   * The key and timers of the last `find`, until the index next changes (NOT_FOUND then): `add`
   * follows a `find` that missed, and need not look the key up again.
   */
  private foundKeyId: unknown = NOT_FOUND
  private found: KeyTimers<N> | undefined = undefined

  find(keyId: unknown, timestamp: number, namespaceId: unknown): TimerEntry<N> | undefined {
    const timers = this.live.get(keyId)
    this.foundKeyId = keyId
    this.found = timers
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

  /** Indexes an entry that `find` does not know yet. */
  add(entry: TimerEntry<N>): void {
    const keyId = entry.keyId
    const timers = this.foundKeyId === keyId ? this.found : this.live.get(keyId)
    this.foundKeyId = NOT_FOUND
    if (timers === undefined) {
      this.live.set(entry.keyId, entry)
      entry.alone = true
    } else if (timers instanceof Map) {
      addAt(timers, entry)
    } else {
      timers.alone = false
      const byTimestamp = new Map<number, TimersAt<N>>([[timers.timestamp, timers]])
      addAt(byTimestamp, entry)
      this.live.set(entry.keyId, byTimestamp)
    }
  }

  /** Drops an indexed entry. */
  forget(entry: TimerEntry<N>): void {
    this.foundKeyId = NOT_FOUND
    if (entry.alone) {
      this.live.delete(entry.keyId)
      return
    }
    const byTimestamp = this.live.get(entry.keyId) as Map<number, TimersAt<N>>
    const at = byTimestamp.get(entry.timestamp)!
    if (at === entry) byTimestamp.delete(entry.timestamp)
    else {
      const byNamespace = at as Map<unknown, TimerEntry<N>>
      byNamespace.delete(entry.namespaceId)
      if (byNamespace.size === 0) byTimestamp.delete(entry.timestamp)
    }
    if (byTimestamp.size === 0) this.live.delete(entry.keyId)
  }

  /** The timers in no particular order (for snapshots). */
  values(): InternalTimer<N>[] {
    const out: InternalTimer<N>[] = []
    for (const timers of this.live.values()) {
      if (!(timers instanceof Map)) {
        out.push(timers)
        continue
      }
      for (const at of timers.values()) {
        if (at instanceof Map) for (const entry of at.values()) out.push(entry)
        else out.push(at)
      }
    }
    return out
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
