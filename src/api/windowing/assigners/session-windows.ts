// Session windows: each element opens [t, t + gap); windows that overlap merge, so a session
// ends after a gap without elements. The gap may depend on the element (dynamic gap).
// Flink: EventTimeSessionWindows, ProcessingTimeSessionWindows, Dynamic*SessionWindows.
import { InvalidProgramError } from '../../../core/errors.js'
import { EventTimeTrigger } from '../triggers/event-time-trigger.js'
import { ProcessingTimeTrigger } from '../triggers/processing-time-trigger.js'
import type { Trigger } from '../triggers/trigger.js'
import { TimeWindow, type Window } from '../windows.js'
import {
  MergingWindowAssigner,
  checkPositive,
  requireTimestamp,
  type WindowAssignerContext,
} from './window-assigner.js'

/** @public The gap of a dynamic session window, per element. Flink: SessionWindowTimeGapExtractor. */
export type SessionWindowTimeGapExtractor<T> =
  ((element: T) => number) | { extract(element: T): number }

abstract class SessionWindows<T> extends MergingWindowAssigner<T, TimeWindow> {
  private readonly gapOf: (element: T) => number
  private readonly name: string

  protected constructor(gapOf: (element: T) => number, name: string) {
    super()
    this.gapOf = gapOf
    this.name = name
  }

  protected sessionOf(element: T, time: number): TimeWindow[] {
    const gap = this.gapOf(element)
    if (!(gap > 0) || !Number.isFinite(gap)) {
      throw new InvalidProgramError(
        `${this.name}: the session gap must be a positive number of ms, got ${gap}`,
      )
    }
    return [new TimeWindow(time, time + gap)]
  }

  mergeWindows(
    windows: readonly TimeWindow[],
    merge: (toBeMerged: TimeWindow[], mergeResult: TimeWindow) => void,
  ): void {
    TimeWindow.mergeWindows(windows, merge)
  }
}

/**
 * Whether the assigner merges as Flink's session windows do (TimeWindow.mergeWindows, not
 * overridden), so that a merging window set may take its shortcut for a key's first two windows.
 */
export function mergesAsSessions(assigner: MergingWindowAssigner<unknown, Window>): boolean {
  return (
    assigner instanceof SessionWindows &&
    assigner.mergeWindows === SessionWindows.prototype.mergeWindows
  )
}

function extractorFn<T>(extractor: SessionWindowTimeGapExtractor<T>): (element: T) => number {
  return typeof extractor === 'function' ? extractor : (e) => extractor.extract(e)
}

/** @public */
export class EventTimeSessionWindows<T = unknown> extends SessionWindows<T> {
  private constructor(gapOf: (element: T) => number, name: string) {
    super(gapOf, name)
  }

  /** @example .window(EventTimeSessionWindows.withGap(Time.minutes(10))) */
  static withGap(gap: number): EventTimeSessionWindows {
    checkPositive(gap, 'the session gap', 'EventTimeSessionWindows')
    return new EventTimeSessionWindows(() => gap, 'EventTimeSessionWindows')
  }

  /** @example EventTimeSessionWindows.withDynamicGap((e: Click) => e.premium ? 60_000 : 10_000) */
  static withDynamicGap<T>(
    extractor: SessionWindowTimeGapExtractor<T>,
  ): EventTimeSessionWindows<T> {
    return new EventTimeSessionWindows<T>(extractorFn(extractor), 'DynamicEventTimeSessionWindows')
  }

  assignWindows(element: T, timestamp: number): TimeWindow[] {
    requireTimestamp(timestamp, 'EventTimeSessionWindows')
    return this.sessionOf(element, timestamp)
  }

  getDefaultTrigger(): Trigger<T, TimeWindow> {
    return EventTimeTrigger.create()
  }

  isEventTime(): boolean {
    return true
  }
}

/** @public */
export class ProcessingTimeSessionWindows<T = unknown> extends SessionWindows<T> {
  private constructor(gapOf: (element: T) => number, name: string) {
    super(gapOf, name)
  }

  static withGap(gap: number): ProcessingTimeSessionWindows {
    checkPositive(gap, 'the session gap', 'ProcessingTimeSessionWindows')
    return new ProcessingTimeSessionWindows(() => gap, 'ProcessingTimeSessionWindows')
  }

  static withDynamicGap<T>(
    extractor: SessionWindowTimeGapExtractor<T>,
  ): ProcessingTimeSessionWindows<T> {
    return new ProcessingTimeSessionWindows<T>(
      extractorFn(extractor),
      'DynamicProcessingTimeSessionWindows',
    )
  }

  assignWindows(element: T, _timestamp: number, ctx: WindowAssignerContext): TimeWindow[] {
    return this.sessionOf(element, ctx.getCurrentProcessingTime())
  }

  getDefaultTrigger(): Trigger<T, TimeWindow> {
    return ProcessingTimeTrigger.create()
  }

  isEventTime(): boolean {
    return false
  }
}
