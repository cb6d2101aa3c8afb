// Time as a dependency: components read a Clock instead of Date.now(), so tests drive time with a
// ManualClock and never sleep. Flink: org.apache.flink.util.clock.Clock, SystemClock, ManualClock.
import { InvalidProgramError } from '../errors.js'

/**
 * A source of time. Implementations are safe to call from any code on the owning thread.
 * `now()` may jump (wall-clock adjustments); `nanoTime()` never goes backwards, so measure
 * durations with it.
 */
export interface Clock {
  /** Wall-clock time in epoch milliseconds. */
  now(): number
  /**
   * Monotonic high-resolution time in milliseconds (fractional), from an arbitrary origin.
   * Only differences between two readings are meaningful.
   */
  nanoTime(): number
}

/** The process's real clock: Date.now() and performance.now(). */
export class SystemClock implements Clock {
  static readonly INSTANCE: SystemClock = new SystemClock()

  now(): number {
    return Date.now()
  }

  nanoTime(): number {
    return performance.now()
  }
}

/**
 * A clock that moves only when told to, for tests.
 *
 * @public
 * @example
 * const clock = new ManualClock(1_000)
 * clock.advanceTime(500)
 * clock.now() // 1500
 */
export class ManualClock implements Clock {
  private currentTime: number
  private monotonicTime = 0

  /** Starts at `startTime` epoch ms (default 0); nanoTime() starts at 0. */
  constructor(startTime = 0) {
    this.currentTime = startTime
  }

  now(): number {
    return this.currentTime
  }

  nanoTime(): number {
    return this.monotonicTime
  }

  /** Moves both clocks forward by `ms` (>= 0). */
  advanceTime(ms: number): void {
    if (!(ms >= 0)) {
      throw new InvalidProgramError(
        `ManualClock cannot advance by ${ms} ms: time only moves forward`,
      )
    }
    this.currentTime += ms
    this.monotonicTime += ms
  }

  /**
   * Sets the wall-clock time. Moving it forward advances nanoTime() by the same amount; moving it
   * back leaves nanoTime() where it is, as a real clock adjustment would.
   */
  setTime(ms: number): void {
    if (ms > this.currentTime) this.monotonicTime += ms - this.currentTime
    this.currentTime = ms
  }
}
