// Event-time timers for the hand-written baselines: a binary min-heap of (time, value) in two
// parallel arrays, so pushing a timer allocates nothing once the arrays have grown. Timers with
// the same time come out in no particular order, as Flink's do for different keys.
// Flink: org.apache.flink.streaming.api.operators.InternalTimerServiceImpl (its queue).

/** A min-heap of timers. Not de-duplicated: a baseline ignores a timer that no longer applies. */
export class TimerQueue<T> {
  private readonly times: number[] = []
  private readonly values: T[] = []

  get size(): number {
    return this.times.length
  }

  /** The earliest timer's time; +Infinity when there is none. */
  peekTime(): number {
    return this.times.length === 0 ? Number.POSITIVE_INFINITY : this.times[0]!
  }

  push(time: number, value: T): void {
    const times = this.times
    const values = this.values
    let i = times.length
    times.push(time)
    values.push(value)
    while (i > 0) {
      const parent = (i - 1) >> 1
      const parentTime = times[parent]!
      if (parentTime <= time) break
      times[i] = parentTime
      values[i] = values[parent]!
      i = parent
    }
    times[i] = time
    values[i] = value
  }

  /** Removes the earliest timer and returns its value; call only when `size > 0`. */
  pop(): T {
    const times = this.times
    const values = this.values
    const top = values[0]!
    const lastTime = times.pop()!
    const lastValue = values.pop()!
    const n = times.length
    if (n > 0) {
      let i = 0
      for (;;) {
        const left = 2 * i + 1
        if (left >= n) break
        const right = left + 1
        const child = right < n && times[right]! < times[left]! ? right : left
        if (times[child]! >= lastTime) break
        times[i] = times[child]!
        values[i] = values[child]!
        i = child
      }
      times[i] = lastTime
      values[i] = lastValue
    }
    return top
  }
}
