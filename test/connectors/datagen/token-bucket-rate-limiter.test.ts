import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidProgramError } from '../../../src/core/errors.js'
import { ManualClock } from '../../../src/core/time/clock.js'
import { NoOpRateLimiter } from '../../../src/connectors/datagen/rate-limiter.js'
import { RateLimiterStrategy } from '../../../src/connectors/datagen/rate-limiter-strategy.js'
import { TokenBucketRateLimiter } from '../../../src/connectors/datagen/token-bucket-rate-limiter.js'

/** Takes permits while there are any; returns how many. */
function drain(limiter: TokenBucketRateLimiter): number {
  let n = 0
  while (limiter.hasPermit()) {
    limiter.acquire()
    n++
  }
  return n
}

describe('TokenBucketRateLimiter', () => {
  it('grants the first permit at once and then one per interval', () => {
    const clock = new ManualClock()
    const limiter = new TokenBucketRateLimiter(100, () => clock.nanoTime())
    const trace: [number, number, number][] = []
    for (const step of [0, 4, 6, 10, 35, 0]) {
      clock.advanceTime(step)
      trace.push([clock.nanoTime(), drain(limiter), limiter.getDelayMillis()])
    }
    // [time, permits granted, delay to the next one]
    assert.deepStrictEqual(trace, [
      [0, 1, 10],
      [4, 0, 6],
      [10, 1, 10],
      [20, 1, 10],
      [55, 3, 5],
      [55, 0, 5],
    ])
  })

  it('reads the clock once per batch of permits, not per permit', () => {
    const clock = new ManualClock()
    let reads = 0
    const limiter = new TokenBucketRateLimiter(1_000_000, () => {
      reads++
      return clock.nanoTime()
    })
    const first = drain(limiter)
    clock.advanceTime(1)
    const second = drain(limiter)
    assert.deepStrictEqual({ first, second, reads }, { first: 1, second: 1000, reads: 4 })
  })

  it('stores at most one second of permits while idle', () => {
    const clock = new ManualClock()
    const limiter = new TokenBucketRateLimiter(100, () => clock.nanoTime())
    drain(limiter)
    clock.advanceTime(5_000)
    assert.deepStrictEqual([drain(limiter), limiter.getDelayMillis()], [100, 10])
  })

  it('delays the next permit by the records taken beyond the permits', () => {
    const clock = new ManualClock()
    const limiter = new TokenBucketRateLimiter(100, () => clock.nanoTime())
    assert.equal(limiter.hasPermit(), true)
    limiter.acquire()
    limiter.acquire()
    limiter.acquire()
    clock.advanceTime(20)
    assert.deepStrictEqual([limiter.hasPermit(), limiter.getDelayMillis()], [false, 10])
    clock.advanceTime(10)
    assert.equal(limiter.hasPermit(), true)
  })

  it('rejects a rate that is not a positive finite number', () => {
    for (const rate of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => new TokenBucketRateLimiter(rate), InvalidProgramError)
    }
  })
})

describe('RateLimiterStrategy', () => {
  it('divides a per-second rate among the parallel readers', () => {
    const limiter = RateLimiterStrategy.perSecond(100).createRateLimiter(4)
    assert.ok(limiter instanceof TokenBucketRateLimiter)
    assert.equal(limiter.permitsPerSecond, 25)
  })

  it('checks the rate when the program is built', () => {
    assert.throws(() => RateLimiterStrategy.perSecond(0), InvalidProgramError)
  })

  it('gives a no-op limiter that always has a permit', () => {
    const limiter = RateLimiterStrategy.noOp().createRateLimiter(3)
    assert.equal(limiter, NoOpRateLimiter.INSTANCE)
    assert.deepStrictEqual([limiter.hasPermit(), limiter.getDelayMillis()], [true, 0])
  })
})
