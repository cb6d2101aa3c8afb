// All elements of a key in one window that never ends: only a custom trigger fires it (the
// default one never does). Flink: GlobalWindows.
import type { Window } from '../windows.js'
import { GlobalWindow } from '../windows.js'
import { Trigger, type TriggerResult } from '../triggers/trigger.js'
import { WindowAssigner } from './window-assigner.js'

/** @public The default trigger of GlobalWindows: never fires. Flink: GlobalWindows.NeverTrigger. */
export class NeverTrigger extends Trigger<unknown, Window> {
  onElement(): TriggerResult {
    return 'CONTINUE'
  }
  onEventTime(): TriggerResult {
    return 'CONTINUE'
  }
  onProcessingTime(): TriggerResult {
    return 'CONTINUE'
  }
  clear(): void {}
  override canMerge(): boolean {
    return true
  }
  override onMerge(): void {}
}

/** @public */
export class GlobalWindows extends WindowAssigner<unknown, GlobalWindow> {
  private static readonly INSTANCE = new GlobalWindows()
  private static readonly WINDOWS: readonly GlobalWindow[] = [GlobalWindow.get()]

  /** @example .window(GlobalWindows.create()).trigger(CountTrigger.of(100)) */
  static create(): GlobalWindows {
    return GlobalWindows.INSTANCE
  }

  assignWindows(): GlobalWindow[] {
    return GlobalWindows.WINDOWS as GlobalWindow[]
  }

  getDefaultTrigger(): Trigger<unknown, GlobalWindow> {
    return new NeverTrigger()
  }

  isEventTime(): boolean {
    return false
  }

  override toString(): string {
    return 'GlobalWindows()'
  }
}
