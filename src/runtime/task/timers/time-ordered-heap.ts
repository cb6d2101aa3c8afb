// A binary min-heap of values ordered by a (time, sequence) pair. The pairs sit in two arrays of
// doubles beside the values, so sifting compares numbers in place and writes no field of any
// value: with thousands of timer lists queued (Nexmark q4 between watermarks), reading and
// re-indexing scattered list objects on every level was most of a poll's cost. There is no
// removal from the middle: the caller skips values gone stale when they reach the top.
// Flink: HeapPriorityQueue.

export class TimeOrderedHeap<T> {
  private readonly times: number[] = []
  private readonly seqs: number[] = []
  private readonly values: T[] = []

  size(): number {
    return this.values.length
  }

  /** The first value, or undefined when empty. */
  peek(): T | undefined {
    return this.values[0]
  }

  push(time: number, seq: number, value: T): void {
    const times = this.times
    const seqs = this.seqs
    let i = this.values.push(value) - 1
    times.push(time)
    seqs.push(seq)
    while (i > 0) {
      const parent = (i - 1) >> 1
      const parentTime = times[parent]!
      if (parentTime < time || (parentTime === time && seqs[parent]! < seq)) break
      this.move(parent, i)
      i = parent
    }
    this.place(i, time, seq, value)
  }

  /** Removes the first value; call only when not empty. */
  pop(): void {
    const time = this.times.pop()!
    const seq = this.seqs.pop()!
    const value = this.values.pop()!
    if (this.values.length > 0) this.siftDown(0, time, seq, value)
  }

  /** Keeps only the values `keep` accepts, in heap order again. */
  retain(keep: (value: T) => boolean): void {
    const times = this.times
    const seqs = this.seqs
    const values = this.values
    let n = 0
    for (let i = 0; i < values.length; i++) {
      if (!keep(values[i]!)) continue
      this.move(i, n++)
    }
    times.length = seqs.length = values.length = n
    for (let i = (n >> 1) - 1; i >= 0; i--) this.siftDown(i, times[i]!, seqs[i]!, values[i]!)
  }

  /** Puts (time, seq, value) at `i` or below, moving smaller children up. */
  private siftDown(i: number, time: number, seq: number, value: T): void {
    const times = this.times
    const seqs = this.seqs
    const n = times.length
    for (;;) {
      let c = 2 * i + 1
      if (c >= n) break
      const r = c + 1
      if (r < n && (times[r]! < times[c]! || (times[r] === times[c] && seqs[r]! < seqs[c]!))) c = r
      const childTime = times[c]!
      if (time < childTime || (time === childTime && seq < seqs[c]!)) break
      this.move(c, i)
      i = c
    }
    this.place(i, time, seq, value)
  }

  private move(from: number, to: number): void {
    this.times[to] = this.times[from]!
    this.seqs[to] = this.seqs[from]!
    this.values[to] = this.values[from]!
  }

  private place(i: number, time: number, seq: number, value: T): void {
    this.times[i] = time
    this.seqs[i] = seq
    this.values[i] = value
  }
}
