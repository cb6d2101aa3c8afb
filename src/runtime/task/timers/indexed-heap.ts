// A binary min-heap whose elements know their place in it, so any element can be removed or
// re-positioned in O(log n) without a search. Used for the timer lists of a timer queue, ordered
// by their time. Flink: HeapPriorityQueue.

export class IndexedHeap<T> {
  private readonly items: T[] = []
  private readonly before: (a: T, b: T) => boolean
  private readonly setIndex: (item: T, index: number) => void

  /** `before(a, b)`: a comes out first. `setIndex` records an element's place (-1: removed). */
  constructor(before: (a: T, b: T) => boolean, setIndex: (item: T, index: number) => void) {
    this.before = before
    this.setIndex = setIndex
  }

  size(): number {
    return this.items.length
  }

  peek(): T | undefined {
    return this.items[0]
  }

  /** The elements in heap order (not sorted). */
  values(): readonly T[] {
    return this.items
  }

  push(item: T): void {
    this.items.push(item)
    this.siftUp(this.items.length - 1)
  }

  poll(): T | undefined {
    const top = this.items[0]
    if (top !== undefined) this.removeAt(0)
    return top
  }

  /** Removes the element at `index`. */
  removeAt(index: number): void {
    const items = this.items
    const removed = items[index]!
    const last = items.pop()!
    this.setIndex(removed, -1)
    if (last !== removed) {
      items[index] = last
      this.setIndex(last, index)
      this.update(index)
    }
  }

  /** The element at `index` changed its order: moves it to its place. */
  update(index: number): void {
    this.siftDown(index)
    this.siftUp(index)
  }

  private siftUp(i: number): void {
    const items = this.items
    const item = items[i]!
    while (i > 0) {
      const parent = (i - 1) >> 1
      const p = items[parent]!
      if (!this.before(item, p)) break
      items[i] = p
      this.setIndex(p, i)
      i = parent
    }
    items[i] = item
    this.setIndex(item, i)
  }

  private siftDown(i: number): void {
    const items = this.items
    const n = items.length
    const item = items[i]!
    for (;;) {
      const l = 2 * i + 1
      if (l >= n) break
      const r = l + 1
      const c = r < n && this.before(items[r]!, items[l]!) ? r : l
      const child = items[c]!
      if (!this.before(child, item)) break
      items[i] = child
      this.setIndex(child, i)
      i = c
    }
    items[i] = item
    this.setIndex(item, i)
  }
}
