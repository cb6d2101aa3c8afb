// A min-heap of timers by (timestamp, registration order) with de-duplication and lazy deletion.
// Flink: HeapPriorityQueueSet (without the per-key-group split, which checkpointing adds).

export interface InternalTimer<N> {
  readonly timestamp: number
  readonly key: unknown
  readonly namespace: N
}

interface Entry<N> extends InternalTimer<N> {
  readonly seq: number
  readonly id: string
}

export class TimerHeap<N> {
  private readonly heap: Entry<N>[] = []
  private readonly live = new Map<string, Entry<N>>()
  private seq = 0

  size(): number {
    return this.live.size
  }

  add(key: unknown, namespace: N, timestamp: number, id: string): void {
    if (this.live.has(id)) return
    const entry: Entry<N> = { timestamp, key, namespace, seq: this.seq++, id }
    this.live.set(id, entry)
    this.heap.push(entry)
    this.siftUp(this.heap.length - 1)
  }

  remove(id: string): void {
    this.live.delete(id)
  }

  peek(): InternalTimer<N> | undefined {
    this.dropDeleted()
    return this.heap[0]
  }

  poll(): InternalTimer<N> | undefined {
    this.dropDeleted()
    const top = this.heap[0]
    if (top === undefined) return undefined
    this.live.delete(top.id)
    this.popTop()
    return top
  }

  private dropDeleted(): void {
    while (this.heap.length > 0 && this.live.get(this.heap[0]!.id) !== this.heap[0]) this.popTop()
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
