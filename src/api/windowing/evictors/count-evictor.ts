// Keeps at most `maxCount` elements: the latest ones. Flink: CountEvictor.
import type { Window } from '../windows.js'
import type { Evictor, TimestampedValue } from './evictor.js'

/** @public */
export class CountEvictor<W extends Window = Window> implements Evictor<unknown, W> {
  private readonly maxCount: number
  private readonly doEvictAfter: boolean

  private constructor(maxCount: number, doEvictAfter: boolean) {
    this.maxCount = maxCount
    this.doEvictAfter = doEvictAfter
  }

  /** `doEvictAfter`: evict after the window function instead of before it. */
  static of<W extends Window = Window>(maxCount: number, doEvictAfter = false): CountEvictor<W> {
    if (!Number.isInteger(maxCount) || maxCount < 0) {
      throw new RangeError(`CountEvictor: maxCount must be a non-negative integer, got ${maxCount}`)
    }
    return new CountEvictor<W>(maxCount, doEvictAfter)
  }

  evictBefore(elements: TimestampedValue<unknown>[], size: number): void {
    if (!this.doEvictAfter) this.evict(elements, size)
  }

  evictAfter(elements: TimestampedValue<unknown>[], size: number): void {
    if (this.doEvictAfter) this.evict(elements, size)
  }

  private evict(elements: TimestampedValue<unknown>[], size: number): void {
    if (size <= this.maxCount) return
    elements.splice(0, size - this.maxCount)
  }
}
