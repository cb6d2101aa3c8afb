// Fires every `interval` of processing time while the window has elements, aligned to the
// interval. Flink: ContinuousProcessingTimeTrigger.
import type { Window } from '../windows.js'
import { ContinuousTrigger } from './continuous-trigger.js'
import type { TriggerContext, TriggerResult } from './trigger.js'

/** @public */
export class ContinuousProcessingTimeTrigger<
  W extends Window = Window,
> extends ContinuousTrigger<W> {
  private constructor(interval: number) {
    super(interval, 'ContinuousProcessingTimeTrigger')
  }

  static of<W extends Window = Window>(interval: number): ContinuousProcessingTimeTrigger<W> {
    return new ContinuousProcessingTimeTrigger<W>(interval)
  }

  onElement(_e: unknown, _ts: number, window: W, ctx: TriggerContext): TriggerResult {
    this.scheduleFirst(ctx.getCurrentProcessingTime(), window, ctx)
    return 'CONTINUE'
  }

  onEventTime(): TriggerResult {
    return 'CONTINUE'
  }

  onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    return this.isFireTime(time, window, ctx) ? 'FIRE' : 'CONTINUE'
  }

  protected registerTimer(ctx: TriggerContext, time: number): void {
    ctx.registerProcessingTimeTimer(time)
  }

  protected deleteTimer(ctx: TriggerContext, time: number): void {
    ctx.deleteProcessingTimeTimer(time)
  }
}
