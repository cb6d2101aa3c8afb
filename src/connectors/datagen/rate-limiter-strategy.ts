// How a source builds the rate limiter of each of its parallel readers.
// Flink: org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy.
import { NoOpRateLimiter, type RateLimiter } from './rate-limiter.js'
import { checkRate, TokenBucketRateLimiter } from './token-bucket-rate-limiter.js'

/**
 * Builds one reader's rate limiter. Called once per reader, on its task, with the source's
 * parallelism; must be deterministic (every TaskManager builds its readers from the same program).
 *
 * @public
 */
export interface RateLimiterStrategy {
  createRateLimiter(parallelism: number): RateLimiter
}

/**
 * The built-in strategies.
 *
 * `perCheckpoint(n)` (at most n records between two checkpoints) is not offered yet: it needs the
 * reader to hear of completed checkpoints, which arrives with checkpointing (issue #5).
 *
 * @public
 * @example
 * new DataGeneratorSource((i) => `event-${i}`, 1_000_000, RateLimiterStrategy.perSecond(10_000))
 */
export const RateLimiterStrategy = {
  /**
   * At most `recordsPerSecond` records per second in total: each of the `p` parallel readers
   * emits at `recordsPerSecond / p`, as Flink divides it.
   */
  perSecond(recordsPerSecond: number): RateLimiterStrategy {
    // Checked here, where the program is built, rather than on the readers' tasks.
    checkRate(recordsPerSecond)
    return {
      createRateLimiter: (parallelism) =>
        new TokenBucketRateLimiter(recordsPerSecond / parallelism),
    }
  },

  /** No limit. */
  noOp(): RateLimiterStrategy {
    return NO_OP
  },
}

const NO_OP: RateLimiterStrategy = {
  createRateLimiter: () => NoOpRateLimiter.INSTANCE,
}
