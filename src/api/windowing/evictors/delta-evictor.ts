// Evicts the elements whose delta to the last element is at least `threshold`.
// Flink: DeltaEvictor.
import { callDelta, type DeltaFunction } from '../triggers/delta-function.js'
import type { Window } from '../windows.js'
import { removeWhere, type Evictor, type TimestampedValue } from './evictor.js'

/** @public */
export class DeltaEvictor<T, W extends Window = Window> implements Evictor<T, W> {
  private readonly threshold: number
  private readonly deltaFunction: DeltaFunction<T>
  private readonly doEvictAfter: boolean

  private constructor(threshold: number, deltaFunction: DeltaFunction<T>, doEvictAfter: boolean) {
    this.threshold = threshold
    this.deltaFunction = deltaFunction
    this.doEvictAfter = doEvictAfter
  }

  static of<T, W extends Window = Window>(
    threshold: number,
    deltaFunction: DeltaFunction<T>,
    doEvictAfter = false,
  ): DeltaEvictor<T, W> {
    return new DeltaEvictor<T, W>(threshold, deltaFunction, doEvictAfter)
  }

  evictBefore(elements: TimestampedValue<T>[]): void {
    if (!this.doEvictAfter) this.evict(elements)
  }

  evictAfter(elements: TimestampedValue<T>[]): void {
    if (this.doEvictAfter) this.evict(elements)
  }

  private evict(elements: TimestampedValue<T>[]): void {
    if (elements.length === 0) return
    const last = elements[elements.length - 1]!.value
    removeWhere(elements, (e) => callDelta(this.deltaFunction, e.value, last) >= this.threshold)
  }
}
