// Fires each time the window has received `maxCount` more elements. Flink: CountTrigger.
import { ReducingStateDescriptor } from '../../state/state-descriptor.js'
import type { Window } from '../windows.js'
import { Trigger, type OnMergeContext, type TriggerContext, type TriggerResult } from './trigger.js'

const COUNT = new ReducingStateDescriptor<number>('count', (a, b) => a + b)

/** @public */
export class CountTrigger<W extends Window = Window> extends Trigger<unknown, W> {
  private readonly maxCount: number

  private constructor(maxCount: number) {
    super()
    this.maxCount = maxCount
  }

  /** @example countWindow-like firing: .trigger(CountTrigger.of(100)) */
  static of<W extends Window = Window>(maxCount: number): CountTrigger<W> {
    if (!Number.isInteger(maxCount) || maxCount <= 0) {
      throw new RangeError(`CountTrigger: maxCount must be a positive integer, got ${maxCount}`)
    }
    return new CountTrigger<W>(maxCount)
  }

  onElement(_e: unknown, _ts: number, _w: W, ctx: TriggerContext): TriggerResult {
    const count = ctx.getPartitionedState(COUNT)
    count.add(1)
    if (count.get()! >= this.maxCount) {
      count.clear()
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

  override canMerge(): boolean {
    return true
  }

  override onMerge(_window: W, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(COUNT)
  }

  clear(_window: W, ctx: TriggerContext): void {
    ctx.getPartitionedState(COUNT).clear()
  }

  override toString(): string {
    return `CountTrigger(${this.maxCount})`
  }
}
