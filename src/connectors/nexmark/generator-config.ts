// The values derived from a NexmarkConfiguration that every event needs: the mix, the number of
// events, and the arithmetic from an event number to its (out-of-order adjusted) number and its
// timestamp. Java's long arithmetic is reproduced on safe integers (truncating division).
// Flink (nexmark): com.github.nexmark.flink.generator.GeneratorConfig.
import type { NexmarkConfiguration } from './nexmark-configuration.js'

export const FIRST_PERSON_ID = 1000
export const FIRST_AUCTION_ID = 1000
export const FIRST_CATEGORY_ID = 10

/** Java's `a / b` on longs: the quotient truncated toward zero, exact for safe integers. */
export function longDiv(a: number, b: number): number {
  return (a - (a % b)) / b
}

/** Java's Long.MAX_VALUE. */
const LONG_MAX = (1n << 63n) - 1n

export class GeneratorConfig {
  readonly configuration: Readonly<NexmarkConfiguration>
  readonly personProportion: number
  readonly auctionProportion: number
  readonly bidProportion: number
  readonly totalProportion: number
  /** Microseconds of event time between consecutive events (a double, as in Java). */
  readonly interEventDelayUs: number
  /** Events the generator makes; for an unbounded configuration, the reference's cap. */
  readonly maxEvents: number
  readonly baseTime: number
  readonly firstEventId: number
  readonly firstEventNumber: number
  private readonly outOfOrderGroupSize: number

  constructor(configuration: Readonly<NexmarkConfiguration>) {
    this.configuration = configuration
    this.personProportion = configuration.personProportion
    this.auctionProportion = configuration.auctionProportion
    this.bidProportion = configuration.bidProportion
    this.totalProportion = this.personProportion + this.auctionProportion + this.bidProportion
    // One generator's delay; Eddy's splits share one timeline (see NexmarkSource), so the
    // reference's `* numEventGenerators` is `* 1`.
    this.interEventDelayUs = 1000000.0 / configuration.firstEventRate
    this.maxEvents =
      configuration.numEvents > 0 ? configuration.numEvents : unboundedMaxEvents(configuration)
    this.baseTime = configuration.baseTime
    this.firstEventId = configuration.firstEventId
    this.firstEventNumber = configuration.firstEventNumber
    this.outOfOrderGroupSize = configuration.outOfOrderGroupSize
  }

  /**
   * The event number whose id and timestamp the event with number `eventNumber` takes: events
   * are permuted within each group of `outOfOrderGroupSize` (Java's nextAdjustedEventNumber).
   */
  adjustedEventNumber(eventNumber: number): number {
    const n = this.outOfOrderGroupSize
    if (n === 1) return eventNumber
    const offset = eventNumber % n
    // (eventNumber * 953) % n, without the product leaving the safe integers.
    return eventNumber - offset + ((offset * 953) % n)
  }

  /** The event number whose timestamp bounds every later event's (nextEventNumberForWatermark). */
  eventNumberForWatermark(eventNumber: number): number {
    return eventNumber - (eventNumber % this.outOfOrderGroupSize)
  }

  /** Event time of an event number: `baseTime + (long) (n * delayUs) / 1000`. */
  timestampForEvent(eventNumber: number): number {
    return this.baseTime + longDiv(Math.trunc(eventNumber * this.interEventDelayUs), 1000)
  }
}

/**
 * The reference's event cap when numEvents is 0: Long.MAX_VALUE / (totalProportion * the largest
 * average size), capped at Number.MAX_SAFE_INTEGER.
 */
function unboundedMaxEvents(c: Readonly<NexmarkConfiguration>): number {
  const total = c.personProportion + c.auctionProportion + c.bidProportion
  const size = Math.max(c.avgPersonByteSize, c.avgAuctionByteSize, c.avgBidByteSize, 1)
  const max = LONG_MAX / (BigInt(total) * BigInt(size))
  return max > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(max)
}
