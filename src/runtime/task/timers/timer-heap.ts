// A min-heap of timers by (timestamp, registration order) with de-duplication and lazy deletion.
// Timers are identified by (timestamp, key, namespace) through nested maps of the normalized key
// and namespace, so registering a timer that exists (a window's trigger does so per element)
// costs map lookups and no string building. Flink: HeapPriorityQueueSet (without the per-key-group
// split, which checkpointing adds).

export interface InternalTimer<N> {
  readonly timestamp: number
  readonly key: unknown
  readonly namespace: N
}

interface Entry<N> extends InternalTimer<N> {
  readonly seq: number
  readonly keyId: unknown
  readonly namespaceId: unknown
  live: boolean
}

/** Live timers: timestamp → normalized key → normalized namespace → entry. */
type LiveTimers<N> = Map<number, Map<unknown, Map<unknown, Entry<N>>>>

export class TimerHeap<N> {
  private readonly heap: Entry<N>[] = []
  private readonly live: LiveTimers<N> = new Map()
  private liveCount = 0
  private seq = 0

  size(): number {
    return this.liveCount
  }

  /** `keyId` and `namespaceId` are the key's and namespace's normalized (map) identities. */
  add(key: unknown, namespace: N, timestamp: number, keyId: unknown, namespaceId: unknown): void {
    let byKey = this.live.get(timestamp)
    if (byKey === undefined)
      this.live.set(timestamp, (byKey = new Map<unknown, Map<unknown, Entry<N>>>()))
    let byNamespace = byKey.get(keyId)
    if (byNamespace === undefined) byKey.set(keyId, (byNamespace = new Map<unknown, Entry<N>>()))
    if (byNamespace.has(namespaceId)) return
    const entry: Entry<N> = {
      timestamp,
      key,
      namespace,
      seq: this.seq++,
      keyId,
      namespaceId,
      live: true,
    }
    byNamespace.set(namespaceId, entry)
    this.liveCount++
    this.heap.push(entry)
    this.siftUp(this.heap.length - 1)
  }

  remove(timestamp: number, keyId: unknown, namespaceId: unknown): void {
    const entry = this.live.get(timestamp)?.get(keyId)?.get(namespaceId)
    if (entry !== undefined) this.forget(entry)
  }

  private forget(entry: Entry<N>): void {
    entry.live = false
    this.liveCount--
    const byKey = this.live.get(entry.timestamp)!
    const byNamespace = byKey.get(entry.keyId)!
    byNamespace.delete(entry.namespaceId)
    if (byNamespace.size === 0) {
      byKey.delete(entry.keyId)
      if (byKey.size === 0) this.live.delete(entry.timestamp)
    }
  }

  peek(): InternalTimer<N> | undefined {
    this.dropDeleted()
    return this.heap[0]
  }

  poll(): InternalTimer<N> | undefined {
    this.dropDeleted()
    const top = this.heap[0]
    if (top === undefined) return undefined
    this.forget(top)
    this.popTop()
    return top
  }

  private dropDeleted(): void {
    while (this.heap.length > 0 && !this.heap[0]!.live) this.popTop()
  }

  private popTop(): void {
    const last = this.heap.pop()!
    if (this.heap.length > 0) {
      this.heap[0] = last
      this.siftDown(0)
    }
  }

  private less(a: Entry<N>, b: Entry<N>): boolean {
    return a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.seq < b.seq)
  }

  private siftUp(i: number): void {
    const h = this.heap
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.less(h[i]!, h[parent]!)) break
      ;[h[i], h[parent]] = [h[parent]!, h[i]!]
      i = parent
    }
  }

  private siftDown(i: number): void {
    const h = this.heap
    for (;;) {
      const l = 2 * i + 1
      const r = l + 1
      let m = i
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r
      if (m === i) return
      ;[h[i], h[m]] = [h[m]!, h[i]!]
      i = m
    }
  }
}
