// Tumbling and sliding event-time windows for the hand-written baselines: one state per window,
// found by the window's start, and fired in order of their ends once the watermark reaches
// end - 1, as Flink's EventTimeTrigger fires them. Flink: TumblingEventTimeWindows,
// SlidingEventTimeWindows (assignment), WindowOperator (firing).
import { TimeWindow } from '../../src/index.js'

/** Called when a window fires; its state is dropped afterwards. */
export type FireWindow<S> = (start: number, end: number, state: S) => void

/** The open windows of one kind (`size`, `slide`; tumbling when equal), each with a state S. */
export class WindowBuffer<S> {
  readonly size: number
  readonly slide: number
  private readonly windows = new Map<number, S>()
  /** The smallest start that may hold an open window; +Infinity when none is open. */
  private lowest = Number.POSITIVE_INFINITY

  constructor(size: number, slide: number = size) {
    this.size = size
    this.slide = slide
  }

  /** The start of the latest window holding `timestamp` (the others start `slide` apart). */
  lastStart(timestamp: number): number {
    return TimeWindow.getWindowStartWithOffset(timestamp, 0, this.slide)
  }

  /** The state of the window starting at `start`, or undefined when it has none yet. */
  get(start: number): S | undefined {
    return this.windows.get(start)
  }

  /** Sets the state of the window starting at `start` (which must not have fired). */
  set(start: number, state: S): void {
    this.windows.set(start, state)
    if (start < this.lowest) this.lowest = start
  }

  /** Fires, in order of their ends, the windows whose end - 1 <= watermark. */
  fireUpTo(watermark: number, fire: FireWindow<S>): void {
    if (this.lowest + this.size - 1 > watermark) return
    if (watermark === Number.POSITIVE_INFINITY) {
      const starts = [...this.windows.keys()].sort((a, b) => a - b)
      for (const start of starts) this.fireOne(start, fire)
      this.lowest = Number.POSITIVE_INFINITY
      return
    }
    while (this.lowest + this.size - 1 <= watermark) {
      const start = this.lowest
      this.fireOne(start, fire)
      if (this.windows.size === 0) {
        this.lowest = Number.POSITIVE_INFINITY
        return
      }
      this.lowest = start + this.slide
    }
  }

  private fireOne(start: number, fire: FireWindow<S>): void {
    const state = this.windows.get(start)
    if (state === undefined) return
    this.windows.delete(start)
    fire(start, start + this.size, state)
  }
}
