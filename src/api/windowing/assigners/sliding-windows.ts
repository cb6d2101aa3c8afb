// Windows of `size` starting every `slide`: an element belongs to size/slide windows, listed from
// the latest start. Flink: SlidingEventTimeWindows, SlidingProcessingTimeWindows.
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

function check(size: number, slide: number, offset: number, assigner: string): void {
  checkPositive(size, 'size', assigner)
  checkPositive(slide, 'slide', assigner)
  if (Math.abs(offset) >= slide) {
    throw new InvalidProgramError(
      `${assigner}: the offset must be smaller than the slide in absolute value (|${offset}| >= ${slide})`,
    )
  }
}

/**
 * The windows of `time`, latest start first. Records in the same slide share the same windows
 * (the same objects, which callers do not mutate): `cache` keeps the last answer. The next slide's
 * windows reuse the objects of those it shares with the last answer, so a window stays one object
 * (with one state key, compared by identity in the state's maps) over its whole life in order.
 */
function slidingWindows(
  time: number,
  size: number,
  slide: number,
  offset: number,
  cache: { lastStart: number; windows: TimeWindow[] },
): TimeWindow[] {
  const lastStart = TimeWindow.getWindowStartWithOffset(time, offset, slide)
  // Only when the slide's windows all hold `time` (size a multiple of slide, or the same time).
  if (lastStart === cache.lastStart && size % slide === 0) return cache.windows
  const previous = cache.windows
  const windows: TimeWindow[] = []
  for (let start = lastStart; start > time - size; start -= slide) {
    windows.push(windowStartingAt(previous, start) ?? new TimeWindow(start, start + size))
  }
  cache.lastStart = lastStart
  cache.windows = windows
  return windows
}

function windowStartingAt(windows: readonly TimeWindow[], start: number): TimeWindow | undefined {
  for (let i = 0; i < windows.length; i++) if (windows[i]!.start === start) return windows[i]
  return undefined
}

/** @public */
export class SlidingEventTimeWindows extends WindowAssigner<unknown, TimeWindow> {
  readonly size: number
  readonly slide: number
  readonly offset: number
  private readonly cache = { lastStart: Number.NaN, windows: [] as TimeWindow[] }

  private constructor(size: number, slide: number, offset: number) {
    super()
    check(size, slide, offset, 'SlidingEventTimeWindows')
    this.size = size
    this.slide = slide
    this.offset = offset
  }

  /** @example .window(SlidingEventTimeWindows.of(Time.seconds(10), Time.seconds(2))) */
  static of(size: number, slide: number, offset = 0): SlidingEventTimeWindows {
    return new SlidingEventTimeWindows(size, slide, offset)
  }

  assignWindows(_element: unknown, timestamp: number): TimeWindow[] {
    requireTimestamp(timestamp, 'SlidingEventTimeWindows')
    return slidingWindows(timestamp, this.size, this.slide, this.offset, this.cache)
  }

  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return EventTimeTrigger.create()
  }

  isEventTime(): boolean {
    return true
  }

  override toString(): string {
    return `SlidingEventTimeWindows(${this.size}, ${this.slide})`
  }
}

/** @public */
export class SlidingProcessingTimeWindows extends WindowAssigner<unknown, TimeWindow> {
  readonly size: number
  readonly slide: number
  readonly offset: number
  private readonly cache = { lastStart: Number.NaN, windows: [] as TimeWindow[] }

  private constructor(size: number, slide: number, offset: number) {
    super()
    check(size, slide, offset, 'SlidingProcessingTimeWindows')
    this.size = size
    this.slide = slide
    this.offset = offset
  }

  static of(size: number, slide: number, offset = 0): SlidingProcessingTimeWindows {
    return new SlidingProcessingTimeWindows(size, slide, offset)
  }

  assignWindows(_element: unknown, _timestamp: number, ctx: WindowAssignerContext): TimeWindow[] {
    return slidingWindows(
      ctx.getCurrentProcessingTime(),
      this.size,
      this.slide,
      this.offset,
      this.cache,
    )
  }

  getDefaultTrigger(): Trigger<unknown, TimeWindow> {
    return ProcessingTimeTrigger.create()
  }

  isEventTime(): boolean {
    return false
  }

  override toString(): string {
    return `SlidingProcessingTimeWindows(${this.size}, ${this.slide})`
  }
}
