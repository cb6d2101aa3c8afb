// An Evictor removes elements from a window's contents before and/or after the window function
// runs on a firing. Elements come as a mutable array: remove them in place (splice, or build a
// new array and copy it back). Flink: org.apache.flink.streaming.api.windowing.evictors.Evictor.
import type { Window } from '../windows.js'

/** @public An element with its event timestamp (NaN: none). Flink: TimestampedValue. */
export class TimestampedValue<T> {
  readonly value: T
  readonly timestamp: number

  constructor(value: T, timestamp: number) {
    this.value = value
    this.timestamp = timestamp
  }

  getValue(): T {
    return this.value
  }

  getTimestamp(): number {
    return this.timestamp
  }

  hasTimestamp(): boolean {
    return this.timestamp === this.timestamp
  }
}

/** @public */
export interface EvictorContext {
  getCurrentProcessingTime(): number
  getCurrentWatermark(): number
}

/** @public */
export interface Evictor<T, W extends Window = Window> {
  evictBefore(elements: TimestampedValue<T>[], size: number, window: W, ctx: EvictorContext): void
  evictAfter(elements: TimestampedValue<T>[], size: number, window: W, ctx: EvictorContext): void
}

/** Removes the elements `remove` says so, keeping order. */
export function removeWhere<T>(elements: T[], remove: (e: T) => boolean): void {
  let kept = 0
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i]!
    if (!remove(e)) elements[kept++] = e
  }
  elements.length = kept
}
