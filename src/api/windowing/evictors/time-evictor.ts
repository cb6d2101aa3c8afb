// Keeps the elements within `windowSize` of the latest element's timestamp: those at or before
// max - windowSize are evicted. Elements without timestamps are left alone. Flink: TimeEvictor.
import type { Window } from '../windows.js'
import { removeWhere, type Evictor, type TimestampedValue } from './evictor.js'

/** @public */
export class TimeEvictor<W extends Window = Window> implements Evictor<unknown, W> {
  private readonly windowSize: number
  private readonly doEvictAfter: boolean

  private constructor(windowSize: number, doEvictAfter: boolean) {
    this.windowSize = windowSize
    this.doEvictAfter = doEvictAfter
  }

  static of<W extends Window = Window>(windowSize: number, doEvictAfter = false): TimeEvictor<W> {
    return new TimeEvictor<W>(windowSize, doEvictAfter)
  }

  evictBefore(elements: TimestampedValue<unknown>[]): void {
    if (!this.doEvictAfter) this.evict(elements)
  }

  evictAfter(elements: TimestampedValue<unknown>[]): void {
    if (this.doEvictAfter) this.evict(elements)
  }

  private evict(elements: TimestampedValue<unknown>[]): void {
    if (elements.length === 0 || !elements[0]!.hasTimestamp()) return
    let max = Number.NEGATIVE_INFINITY
    for (const e of elements) if (e.timestamp > max) max = e.timestamp
    const cutoff = max - this.windowSize
    removeWhere(elements, (e) => e.timestamp <= cutoff)
  }
}
