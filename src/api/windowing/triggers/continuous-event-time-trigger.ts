// Fires every `interval` of event time while the window is open, and at its end. The first
// firing time is aligned to the interval: the element at 12 with interval 5 schedules 15.
// Flink: ContinuousEventTimeTrigger.
import type { Window } from '../windows.js'
import { ContinuousTrigger } from './continuous-trigger.js'
import type { TriggerContext, TriggerResult } from './trigger.js'

/** @public */
export class ContinuousEventTimeTrigger<W extends Window = Window> extends ContinuousTrigger<W> {
  private constructor(interval: number) {
    super(interval, 'ContinuousEventTimeTrigger')
  }

  static of<W extends Window = Window>(interval: number): ContinuousEventTimeTrigger<W> {
    return new ContinuousEventTimeTrigger<W>(interval)
  }

  onElement(_e: unknown, timestamp: number, window: W, ctx: TriggerContext): TriggerResult {
    if (window.maxTimestamp() <= ctx.getCurrentWatermark()) return 'FIRE'
    ctx.registerEventTimeTimer(window.maxTimestamp())
    this.scheduleFirst(timestamp, window, ctx)
    return 'CONTINUE'
  }

  onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    if (time === window.maxTimestamp()) return 'FIRE'
    return this.isFireTime(time, window, ctx) ? 'FIRE' : 'CONTINUE'
  }

  onProcessingTime(): TriggerResult {
    return 'CONTINUE'
  }

  protected registerTimer(ctx: TriggerContext, time: number): void {
    ctx.registerEventTimeTimer(time)
  }

  protected deleteTimer(ctx: TriggerContext, time: number): void {
    ctx.deleteEventTimeTimer(time)
  }
}
