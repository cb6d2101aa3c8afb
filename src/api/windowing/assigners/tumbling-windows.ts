// Fixed-size, non-overlapping windows aligned to the epoch (plus an optional offset, e.g. to align
// day windows to a time zone). Flink: TumblingEventTimeWindows, TumblingProcessingTimeWindows.
import { InvalidProgramError } from '../../../core/errors.js'
import { EventTimeTrigger } from '../triggers/event-time-trigger.js'
import { ProcessingTimeTrigger } from '../triggers/processing-time-trigger.js'
import type { Trigger } from '../triggers/trigger.js'
import { TimeWindow } from '../windows.js'
import {
  WindowAssigner,
  checkPositive,
  requireTimestamp,
  type WindowAssignerContext,
} from './window-assigner.js'

function checkOffset(size: number, offset: number, assigner: string): void {
  checkPositive(size, 'size', assigner)
  if (Math.abs(offset) >= size) {
    throw new InvalidProgramError(
      `${assigner}: the offset must be smaller than the size in absolute value (|${offset}| >= ${size})`,
    )
  }
}

interface TumblingCache {
  windows: TimeWindow[]
}

/**
 * The window of `time`. Consecutive records mostly fall into the same window: the last answer is
 * kept in `cache` and reused (callers do not mutate it).
 */
function tumblingWindow(
  time: number,
  size: number,
  offset: number,
  cache: TumblingCache,
): TimeWindow[] {
  const start = TimeWindow.getWindowStartWithOffset(time, offset, size)
  if (cache.windows[0]?.start !== start) cache.windows = [new TimeWindow(start, start + size)]
  return cache.windows
}

/** @public */
export class TumblingEventTimeWindows extends WindowAssigner<unknown, TimeWindow> {
  readonly size: number
  readonly offset: number

  private constructor(size: number, offset: number) {
    super()
    checkOffset(size, offset, 'TumblingEventTimeWindows')
    this.size = size
    this.offset = offset
  }

  /** @example .window(TumblingEventTimeWindows.of(Time.seconds(5))) */
  static of(size: number, offset = 0): TumblingEventTimeWindows {
    return new TumblingEventTimeWindows(size, offset)
  }

  private readonly cache: TumblingCache = { windows: [] }

  assignWindows(_element: unknown, timestamp: number): TimeWindow[] {
    requireTimestamp(timestamp, 'TumblingEventTimeWindows')
    return tumblingWindow(timestamp, this.size, this.offset, this.cache)
  }

  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return EventTimeTrigger.create()
  }

  isEventTime(): boolean {
    return true
  }

  override toString(): string {
    return `TumblingEventTimeWindows(${this.size})`
  }
}

/** @public */
export class TumblingProcessingTimeWindows extends WindowAssigner<unknown, TimeWindow> {
  readonly size: number
  readonly offset: number

  private constructor(size: number, offset: number) {
    super()
    checkOffset(size, offset, 'TumblingProcessingTimeWindows')
    this.size = size
    this.offset = offset
  }

  static of(size: number, offset = 0): TumblingProcessingTimeWindows {
    return new TumblingProcessingTimeWindows(size, offset)
  }

  private readonly cache: TumblingCache = { windows: [] }

  assignWindows(_element: unknown, _timestamp: number, ctx: WindowAssignerContext): TimeWindow[] {
    return tumblingWindow(ctx.getCurrentProcessingTime(), this.size, this.offset, this.cache)
  }

  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return ProcessingTimeTrigger.create()
  }

  isEventTime(): boolean {
    return false
  }

  override toString(): string {
    return `TumblingProcessingTimeWindows(${this.size})`
  }
}
