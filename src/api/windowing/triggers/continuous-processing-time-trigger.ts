// Fires every `interval` of processing time while the window has elements, aligned to the
// interval. Flink: ContinuousProcessingTimeTrigger.
import { ReducingStateDescriptor } from '../../state/state-descriptor.js'
import type { Window } from '../windows.js'
import { Trigger, type OnMergeContext, type TriggerContext, type TriggerResult } from './trigger.js'

const FIRE_TIME = new ReducingStateDescriptor<number>('fire-time', (a, b) => Math.min(a, b))

/** @public */
export class ContinuousProcessingTimeTrigger<W extends Window = Window> extends Trigger<
  unknown,
  W
> {
  private readonly interval: number

  private constructor(interval: number) {
    super()
    this.interval = interval
  }

  static of<W extends Window = Window>(interval: number): ContinuousProcessingTimeTrigger<W> {
    if (!(interval > 0)) {
      throw new RangeError(
        `ContinuousProcessingTimeTrigger: interval must be positive, got ${interval}`,
      )
    }
    return new ContinuousProcessingTimeTrigger<W>(interval)
  }

  onElement(_e: unknown, _ts: number, window: W, ctx: TriggerContext): TriggerResult {
    if (ctx.getPartitionedState(FIRE_TIME).get() === null) {
      const now = ctx.getCurrentProcessingTime()
      this.registerNextFireTimestamp(now - (now % this.interval), window, ctx)
    }
    return 'CONTINUE'
  }

  onEventTime(): TriggerResult {
    return 'CONTINUE'
  }

  onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    const fireTime = ctx.getPartitionedState(FIRE_TIME)
    if (fireTime.get() === time) {
      fireTime.clear()
      this.registerNextFireTimestamp(time, window, ctx)
      return 'FIRE'
    }
    return 'CONTINUE'
  }

  override canMerge(): boolean {
    return true
  }

  override onMerge(_window: W, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(FIRE_TIME)
    const next = ctx.getPartitionedState(FIRE_TIME).get()
    if (next !== null) ctx.registerProcessingTimeTimer(next)
  }

  clear(_window: W, ctx: TriggerContext): void {
    const fireTime = ctx.getPartitionedState(FIRE_TIME)
    const next = fireTime.get()
    if (next !== null) {
      ctx.deleteProcessingTimeTimer(next)
      fireTime.clear()
    }
  }

  private registerNextFireTimestamp(time: number, window: W, ctx: TriggerContext): void {
    const next = Math.min(time + this.interval, window.maxTimestamp())
    ctx.getPartitionedState(FIRE_TIME).add(next)
    ctx.registerProcessingTimeTimer(next)
  }

  override toString(): string {
    return `ContinuousProcessingTimeTrigger(${this.interval})`
  }
}
