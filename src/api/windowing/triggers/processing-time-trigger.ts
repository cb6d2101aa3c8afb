// Fires when processing time passes the window's end. Flink: ProcessingTimeTrigger.
import type { TimeWindow } from '../windows.js'
import { Trigger, type OnMergeContext, type TriggerContext, type TriggerResult } from './trigger.js'

/** @public The default trigger of processing-time window assigners. */
export class ProcessingTimeTrigger extends Trigger<unknown, TimeWindow> {
  private static readonly INSTANCE = new ProcessingTimeTrigger()

  static create(): ProcessingTimeTrigger {
    return ProcessingTimeTrigger.INSTANCE
  }

  onElement(_e: unknown, _ts: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    ctx.registerProcessingTimeTimer(window.maxTimestamp())
    return 'CONTINUE'
  }

  onEventTime(): TriggerResult {
    return 'CONTINUE'
  }

  onProcessingTime(): TriggerResult {
    return 'FIRE'
  }

  override canMerge(): boolean {
    return true
  }

  override onMerge(window: TimeWindow, ctx: OnMergeContext): void {
    if (window.maxTimestamp() > ctx.getCurrentProcessingTime()) {
      ctx.registerProcessingTimeTimer(window.maxTimestamp())
    }
  }

  clear(window: TimeWindow, ctx: TriggerContext): void {
    ctx.deleteProcessingTimeTimer(window.maxTimestamp())
  }

  override toString(): string {
    return 'ProcessingTimeTrigger()'
  }
}
