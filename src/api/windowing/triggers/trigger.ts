// A Trigger decides when a window's contents are evaluated (FIRE) and when they are dropped
// (PURGE). It is called per element and per timer it registered, in the key and window of the
// call; its state is per key and window. Flink: org.apache.flink.streaming.api.windowing.triggers.Trigger.
import type { StateDescriptorLike, StateOf } from '../../state/keyed-state-store.js'
import type { Window } from '../windows.js'

/** @public What a trigger asks of the window. Flink: TriggerResult. */
export type TriggerResult = 'CONTINUE' | 'FIRE' | 'PURGE' | 'FIRE_AND_PURGE'

export const TriggerResult = {
  CONTINUE: 'CONTINUE',
  FIRE: 'FIRE',
  PURGE: 'PURGE',
  FIRE_AND_PURGE: 'FIRE_AND_PURGE',
  isFire: (r: TriggerResult): boolean => r === 'FIRE' || r === 'FIRE_AND_PURGE',
  isPurge: (r: TriggerResult): boolean => r === 'PURGE' || r === 'FIRE_AND_PURGE',
} as const

/** @public Time, timers and state of the trigger's key and window. */
export interface TriggerContext {
  getCurrentProcessingTime(): number
  getCurrentWatermark(): number
  registerProcessingTimeTimer(time: number): void
  registerEventTimeTimer(time: number): void
  deleteProcessingTimeTimer(time: number): void
  deleteEventTimeTimer(time: number): void
  /** State of this key and window. */
  getPartitionedState<D extends StateDescriptorLike>(descriptor: D): StateOf<D>
}

/** @public The context of `onMerge`: the merged windows' state can be merged into the result. */
export interface OnMergeContext extends TriggerContext {
  /** Merges the state of `descriptor` of the merged windows into the resulting window's. */
  mergePartitionedState(descriptor: StateDescriptorLike): void
}

/** @public */
export abstract class Trigger<T, W extends Window = Window> {
  abstract onElement(element: T, timestamp: number, window: W, ctx: TriggerContext): TriggerResult
  abstract onProcessingTime(time: number, window: W, ctx: TriggerContext): TriggerResult
  abstract onEventTime(time: number, window: W, ctx: TriggerContext): TriggerResult

  /** Whether the trigger supports merging windows (session windows need it). */
  canMerge(): boolean {
    return false
  }

  /** Windows were merged into `window`; re-register timers and merge state as needed. */
  onMerge(window: W, ctx: OnMergeContext): void {
    void window
    void ctx
    throw new Error(`${this.constructor.name} does not support merging windows`)
  }

  /** The window is being removed: delete timers and state the trigger holds for it. */
  abstract clear(window: W, ctx: TriggerContext): void

  toString(): string {
    return `${this.constructor.name}()`
  }
}
