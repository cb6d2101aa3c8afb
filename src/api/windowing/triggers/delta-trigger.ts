// Fires when an element is further than `threshold` from the element of the last firing (the
// first element of the window is the first reference). Flink: DeltaTrigger.
import { ValueStateDescriptor } from '../../state/state-descriptor.js'
import type { Window } from '../windows.js'
import { callDelta, type DeltaFunction } from './delta-function.js'
import { Trigger, type TriggerContext, type TriggerResult } from './trigger.js'

/** @public */
export class DeltaTrigger<T, W extends Window = Window> extends Trigger<T, W> {
  private readonly threshold: number
  private readonly deltaFunction: DeltaFunction<T>
  private readonly lastElement = new ValueStateDescriptor<T>('last-element')

  private constructor(threshold: number, deltaFunction: DeltaFunction<T>) {
    super()
    this.threshold = threshold
    this.deltaFunction = deltaFunction
  }

  /** @example DeltaTrigger.of(50, (a: Car, b: Car) => b.distance - a.distance) */
  static of<T, W extends Window = Window>(
    threshold: number,
    deltaFunction: DeltaFunction<T>,
  ): DeltaTrigger<T, W> {
    return new DeltaTrigger<T, W>(threshold, deltaFunction)
  }

  onElement(element: T, _ts: number, _w: W, ctx: TriggerContext): TriggerResult {
    const last = ctx.getPartitionedState(this.lastElement)
    const previous = last.value()
    if (previous === null) {
      last.update(element)
      return 'CONTINUE'
    }
    if (callDelta(this.deltaFunction, previous, element) > this.threshold) {
      last.update(element)
      return 'FIRE'
    }
    return 'CONTINUE'
  }

  onEventTime(): TriggerResult {
    return 'CONTINUE'
  }

  onProcessingTime(): TriggerResult {
    return 'CONTINUE'
  }

  clear(_window: W, ctx: TriggerContext): void {
    ctx.getPartitionedState(this.lastElement).clear()
  }

  override toString(): string {
    return `DeltaTrigger(${this.threshold})`
  }
}
