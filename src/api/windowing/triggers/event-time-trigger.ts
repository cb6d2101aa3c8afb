// Fires once the watermark passes the window's end, and again for each element that arrives
// late but within the allowed lateness. Flink: EventTimeTrigger.
import type { TimeWindow } from '../windows.js'
import { Trigger, type OnMergeContext, type TriggerContext, type TriggerResult } from './trigger.js'

/** @public The default trigger of event-time window assigners. */
export class EventTimeTrigger extends Trigger<unknown, TimeWindow> {
  private static readonly INSTANCE = new EventTimeTrigger()

  static create(): EventTimeTrigger {
    return EventTimeTrigger.INSTANCE
  }

  onElement(_e: unknown, _ts: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    // The watermark is already past the window: a late element within lateness fires at once.
    if (window.maxTimestamp() <= ctx.getCurrentWatermark()) return 'FIRE'
    ctx.registerEventTimeTimer(window.maxTimestamp())
    return 'CONTINUE'
  }

  onEventTime(time: number, window: TimeWindow): TriggerResult {
    return time === window.maxTimestamp() ? 'FIRE' : 'CONTINUE'
  }

  onProcessingTime(): TriggerResult {
    return 'CONTINUE'
  }

  override canMerge(): boolean {
    return true
  }

  override onMerge(window: TimeWindow, ctx: OnMergeContext): void {
    // Only when the merged window is not late: a late one's cleanup fires it.
    if (window.maxTimestamp() > ctx.getCurrentWatermark()) {
      ctx.registerEventTimeTimer(window.maxTimestamp())
    }
  }

  clear(window: TimeWindow, ctx: TriggerContext): void {
    ctx.deleteEventTimeTimer(window.maxTimestamp())
  }

  override toString(): string {
    return 'EventTimeTrigger()'
  }
}
