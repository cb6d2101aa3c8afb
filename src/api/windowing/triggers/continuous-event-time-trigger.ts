// Fires every `interval` of event time while the window is open, and at its end. The first
// firing time is aligned to the interval: the element at 12 with interval 5 schedules 15.
// Flink: ContinuousEventTimeTrigger.
import { ReducingStateDescriptor } from '../../state/state-descriptor.js'
import type { Window } from '../windows.js'
import { Trigger, type OnMergeContext, type TriggerContext, type TriggerResult } from './trigger.js'

const FIRE_TIME = new ReducingStateDescriptor<number>('fire-time', (a, b) => Math.min(a, b))

/** @public */
export class ContinuousEventTimeTrigger<W extends Window = Window> extends Trigger<unknown, W> {
  private readonly interval: number

  private constructor(interval: number) {
    super()
    this.interval = interval
  }

  static of<W extends Window = Window>(interval: number): ContinuousEventTimeTrigger<W> {
    if (!(interval > 0)) {
      throw new RangeError(`ContinuousEventTimeTrigger: interval must be positive, got ${interval}`)
    }
    return new ContinuousEventTimeTrigger<W>(interval)
  }

  onElement(_e: unknown, timestamp: number, window: W, ctx: TriggerContext): TriggerResult {
    if (window.maxTimestamp() <= ctx.getCurrentWatermark()) return 'FIRE'
    ctx.registerEventTimeTimer(window.maxTimestamp())
    if (ctx.getPartitionedState(FIRE_TIME).get() === null) {
      this.registerNextFireTimestamp(timestamp - (timestamp % this.interval), window, ctx)
    }
    return 'CONTINUE'
  }

  onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    if (time === window.maxTimestamp()) return 'FIRE'
    const fireTime = ctx.getPartitionedState(FIRE_TIME)
    if (fireTime.get() === time) {
      fireTime.clear()
      this.registerNextFireTimestamp(time, window, ctx)
      return 'FIRE'
    }
    return 'CONTINUE'
  }

  onProcessingTime(): TriggerResult {
    return 'CONTINUE'
  }

  override canMerge(): boolean {
    return true
  }

  override onMerge(_window: W, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(FIRE_TIME)
    const next = ctx.getPartitionedState(FIRE_TIME).get()
    if (next !== null) ctx.registerEventTimeTimer(next)
  }

  clear(_window: W, ctx: TriggerContext): void {
    const fireTime = ctx.getPartitionedState(FIRE_TIME)
    const next = fireTime.get()
    if (next !== null) {
      ctx.deleteEventTimeTimer(next)
      fireTime.clear()
    }
  }

  private registerNextFireTimestamp(time: number, window: W, ctx: TriggerContext): void {
    const next = Math.min(time + this.interval, window.maxTimestamp())
    ctx.getPartitionedState(FIRE_TIME).add(next)
    ctx.registerEventTimeTimer(next)
  }

  override toString(): string {
    return `ContinuousEventTimeTrigger(${this.interval})`
  }
}
