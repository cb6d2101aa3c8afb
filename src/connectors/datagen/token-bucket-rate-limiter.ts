// A token bucket with Guava's SmoothBursty behaviour, which Flink's GuavaRateLimiter uses: the
// first permit is free, then one per 1/rate seconds, and an idle limiter stores at most one
// second of permits. Flink: org.apache.flink.api.connector.source.util.ratelimit.GuavaRateLimiter.
import { InvalidProgramError } from '../../core/errors.js'
import type { RateLimiter } from './rate-limiter.js'

/** How much idle time turns into stored permits (Guava's maxBurstSeconds = 1). */
const MAX_BURST_MS = 1000

const systemNow = (): number => performance.now()

/** Returns `recordsPerSecond` when it is a valid rate; throws otherwise. */
export function checkRate(recordsPerSecond: number): number {
  if (!(recordsPerSecond > 0) || !Number.isFinite(recordsPerSecond)) {
    throw new InvalidProgramError(
      `A rate limit must be a positive, finite number of records per second, got ${recordsPerSecond}`,
      { recordsPerSecond },
    )
  }
  return recordsPerSecond
}

export class TokenBucketRateLimiter implements RateLimiter {
  readonly permitsPerSecond: number
  private readonly intervalMs: number
  private readonly maxPermits: number
  private readonly now: () => number
  /** Permits taken from the clock and not yet used; negative after a multi-record poll. */
  private permits: number
  /** The time up to which elapsed time has been turned into permits. */
  private lastRefill: number
  private isStarted: boolean

  /** `now` is a monotonic clock in milliseconds (default performance.now); tests inject one. */
  constructor(permitsPerSecond: number, now: () => number = systemNow) {
    this.permitsPerSecond = checkRate(permitsPerSecond)
    this.intervalMs = 1000 / permitsPerSecond
    this.maxPermits = Math.max(1, Math.floor((permitsPerSecond * MAX_BURST_MS) / 1000))
    this.now = now
    this.permits = 0
    this.lastRefill = 0
    this.isStarted = false
  }

  // The clock is read only when the permits of the last reading are used up, so at a high rate
  // one reading grants the whole batch that came due since the previous one (a timer's wake-up
  // of >= 1 ms is 1,000 permits at 1M/s).
  hasPermit(): boolean {
    return this.permits > 0 || this.refill()
  }

  acquire(): void {
    this.permits--
  }

  getDelayMillis(): number {
    if (this.permits > 0 || !this.isStarted) return 0
    const due = this.lastRefill + (1 - this.permits) * this.intervalMs
    return Math.max(0, due - this.now())
  }

  private refill(): boolean {
    const now = this.now()
    if (!this.isStarted) {
      this.isStarted = true
      this.lastRefill = now
      this.permits++
      return this.permits > 0
    }
    const due = Math.floor((now - this.lastRefill) / this.intervalMs)
    if (due > 0) {
      this.permits += due
      // Advancing by whole intervals keeps the fraction of the next permit already elapsed.
      this.lastRefill += due * this.intervalMs
      if (this.permits > this.maxPermits) {
        this.permits = this.maxPermits
        this.lastRefill = now
      }
    }
    return this.permits > 0
  }
}
