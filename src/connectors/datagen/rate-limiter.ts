// The per-reader throttle of a rate-limited source. Unlike Flink's, whose `acquire()` returns a
// future per record, it is asked synchronously and never blocks: the reader emits while
// `hasPermit()` is true and otherwise waits `getDelayMillis()` on a timer.
// Flink: org.apache.flink.api.connector.source.util.ratelimit.{RateLimiter, NoOpRateLimiter}.

/**
 * Permits to emit records, one per record. Called only from the owning reader's task, so it needs
 * no synchronisation; one instance belongs to one reader.
 */
export interface RateLimiter {
  /** Whether a record may be emitted now. Never blocks. */
  hasPermit(): boolean
  /**
   * Takes the permit of one emitted record. May be called without a permit (a reader that emits
   * several records in one poll); the debt delays the next permits.
   */
  acquire(): void
  /** Milliseconds until `hasPermit()` can be true again; 0 when it may be true now. */
  getDelayMillis(): number
}

/** Lets everything through. A source may skip its rate-limiting wrapper when it gets this one. */
export class NoOpRateLimiter implements RateLimiter {
  static readonly INSTANCE: NoOpRateLimiter = new NoOpRateLimiter()

  hasPermit(): boolean {
    return true
  }

  acquire(): void {}

  getDelayMillis(): number {
    return 0
  }
}
