// Turns every FIRE of the nested trigger into FIRE_AND_PURGE. Flink: PurgingTrigger.
import type { Window } from '../windows.js'
import { Trigger, type OnMergeContext, type TriggerContext, type TriggerResult } from './trigger.js'

/** @public */
export class PurgingTrigger<T, W extends Window = Window> extends Trigger<T, W> {
  readonly nested: Trigger<T, W>

  private constructor(nested: Trigger<T, W>) {
    super()
    this.nested = nested
  }

  /** @example .trigger(PurgingTrigger.of(CountTrigger.of(10))) */
  static of<T, W extends Window>(nested: Trigger<T, W>): PurgingTrigger<T, W> {
    return new PurgingTrigger(nested)
  }

  onElement(element: T, timestamp: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nested.onElement(element, timestamp, window, ctx))
  }

  onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nested.onEventTime(time, window, ctx))
  }

  onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult {
    return purging(this.nested.onProcessingTime(time, window, ctx))
  }

  override canMerge(): boolean {
    return this.nested.canMerge()
  }

  override onMerge(window: W, ctx: OnMergeContext): void {
    this.nested.onMerge(window, ctx)
  }

  clear(window: W, ctx: TriggerContext): void {
    this.nested.clear(window, ctx)
  }

  override toString(): string {
    return `PurgingTrigger(${this.nested.toString()})`
  }
}

function purging(result: TriggerResult): TriggerResult {
  return result === 'FIRE' ? 'FIRE_AND_PURGE' : result
}
