// A WindowAssigner puts each element into zero or more windows, and names the trigger used when
// the user sets none. Merging assigners (sessions) also merge windows that come to overlap.
// Flink: org.apache.flink.streaming.api.windowing.assigners.{WindowAssigner, MergingWindowAssigner}.
import { InvalidProgramError } from '../../../core/errors.js'
import type { Trigger } from '../triggers/trigger.js'
import type { Window } from '../windows.js'

/** @public */
export interface WindowAssignerContext {
  getCurrentProcessingTime(): number
}

/** @public */
export abstract class WindowAssigner<T, W extends Window> {
  /** The windows of an element with event timestamp `timestamp` (NaN: none). */
  abstract assignWindows(element: T, timestamp: number, context: WindowAssignerContext): W[]
  abstract getDefaultTrigger(): Trigger<T, W>
  /** Whether windows are in event time: then lateness and watermarks apply. */
  abstract isEventTime(): boolean

  toString(): string {
    return this.constructor.name
  }
}

/** @public */
export abstract class MergingWindowAssigner<T, W extends Window> extends WindowAssigner<T, W> {
  /** Calls `merge(toBeMerged, mergeResult)` for each group of windows to merge into one. */
  abstract mergeWindows(
    windows: readonly W[],
    merge: (toBeMerged: W[], mergeResult: W) => void,
  ): void
}

/** Event-time assigners need a timestamp on every record; Flink's message when there is none. */
export function requireTimestamp(timestamp: number, assigner: string): void {
  if (timestamp !== timestamp) {
    throw new InvalidProgramError(
      `${assigner}: a record has no timestamp (= no timestamp marker). Is the time ` +
        `characteristic set to processing time, or did you forget to call ` +
        `'DataStream.assignTimestampsAndWatermarks(...)'?`,
    )
  }
}

export function checkPositive(value: number, what: string, assigner: string): void {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new InvalidProgramError(
      `${assigner}: ${what} must be a positive number of ms, got ${value}`,
    )
  }
}
