// The knobs of the Nexmark generator, with the defaults of the nexmark benchmark, and their
// validation. A source or generator takes a Partial of it; `resolveNexmarkConfiguration` fills in
// the rest. Flink (nexmark): com.github.nexmark.flink.NexmarkConfiguration, NexmarkSourceOptions.
import { InvalidProgramError } from '../../core/errors.js'

/**
 * How Nexmark events are generated. Field names and defaults are those of nexmark-flink's
 * NexmarkConfiguration (its SQL options in parentheses) and of the GeneratorConfig its table
 * source builds (`baseTime`, `firstEventId`, `firstEventNumber`), but for `baseTime`'s default.
 *
 * @public
 */
export interface NexmarkConfiguration {
  /** Events to generate (`events.num`); 0 means unbounded. Default 0. */
  numEvents: number
  /**
   * Events per second of event time (`first-event.rate`): event n is stamped
   * `baseTime + n * 1e6 / firstEventRate µs`. It also paces emission when `maxEmitSpeed` is
   * false. Default 10 000.
   */
  firstEventRate: number
  /**
   * Accepted for parity (`next-event.rate`, `rate.shape`, `rate.period`): as in nexmark-flink's
   * GeneratorConfig, timestamps follow `firstEventRate` only. Defaults 10 000, 'SQUARE', 600.
   */
  nextEventRate: number
  rateShape: 'SQUARE' | 'SINE'
  ratePeriodSec: number
  /** The mix of people, auctions and bids (`person.proportion`, ...). Defaults 1 : 3 : 46. */
  personProportion: number
  auctionProportion: number
  bidProportion: number
  /** Average sizes the `extra` field pads events to (`person.avg-size`, ...). 200, 500, 100. */
  avgPersonByteSize: number
  avgAuctionByteSize: number
  avgBidByteSize: number
  /** 1 - 1/ratio of bids go to a hot auction (`bid.hot-ratio.auctions`). Default 2. */
  hotAuctionRatio: number
  /** 1 - 1/ratio of auctions have a hot seller (`auction.hot-ratio.sellers`). Default 4. */
  hotSellersRatio: number
  /** 1 - 1/ratio of bids come from a hot bidder (`bid.hot-ratio.bidders`). Default 4. */
  hotBiddersRatio: number
  /** Auctions a bid or an auction's expiry considers in flight. Default 100. */
  numInFlightAuctions: number
  /** People a bid or an auction picks from (the most recent ones). Default 1000. */
  numActivePeople: number
  /**
   * Events in each out-of-order group: within a group of this many consecutive events, ids and
   * timestamps are permuted. 1 (the default) keeps events in order.
   */
  outOfOrderGroupSize: number
  /**
   * Event time of event number 0, epoch ms. nexmark-flink takes the wall clock at planning;
   * Eddy defaults to a fixed instant, 2015-07-15T00:00:00Z (Beam Nexmark's BASE_TIME), so that a
   * program builds the same source on every TaskManager and every run sees the same events.
   */
  baseTime: number
  /** Added to the (adjusted) event number to make the event id, which seeds the event. Default 1. */
  firstEventId: number
  /** The number of the first event, which fixes its timestamp. Default 1. */
  firstEventNumber: number
  /**
   * Emit as fast as possible (`max-emit-speed`, the default), or each event no earlier than its
   * event time after the reader's first event (a wall-clock paced stream).
   */
  maxEmitSpeed: boolean
}

/** Nexmark's defaults (nexmark-flink's NexmarkConfiguration and NexmarkTableSourceFactory). */
export const DEFAULT_NEXMARK_CONFIGURATION: Readonly<NexmarkConfiguration> = Object.freeze({
  numEvents: 0,
  firstEventRate: 10_000,
  nextEventRate: 10_000,
  rateShape: 'SQUARE',
  ratePeriodSec: 600,
  personProportion: 1,
  auctionProportion: 3,
  bidProportion: 46,
  avgPersonByteSize: 200,
  avgAuctionByteSize: 500,
  avgBidByteSize: 100,
  hotAuctionRatio: 2,
  hotSellersRatio: 4,
  hotBiddersRatio: 4,
  numInFlightAuctions: 100,
  numActivePeople: 1000,
  outOfOrderGroupSize: 1,
  baseTime: Date.UTC(2015, 6, 15),
  firstEventId: 1,
  firstEventNumber: 1,
  maxEmitSpeed: true,
})

type IntegerKey = {
  [K in keyof NexmarkConfiguration]: NexmarkConfiguration[K] extends number ? K : never
}[keyof NexmarkConfiguration]

/** Each integer field's smallest valid value; all are at most Java's int max unless noted. */
const MINIMUM: Readonly<Record<IntegerKey, number>> = {
  numEvents: 0,
  firstEventRate: 1,
  nextEventRate: 1,
  ratePeriodSec: 1,
  personProportion: 1,
  auctionProportion: 1,
  bidProportion: 1,
  avgPersonByteSize: 0,
  avgAuctionByteSize: 0,
  avgBidByteSize: 0,
  hotAuctionRatio: 1,
  hotSellersRatio: 1,
  hotBiddersRatio: 1,
  numInFlightAuctions: 0,
  numActivePeople: 1,
  outOfOrderGroupSize: 1,
  baseTime: Number.MIN_SAFE_INTEGER,
  firstEventId: 0,
  firstEventNumber: 0,
}

/** Fields that are Java longs in the reference: any safe integer above the minimum. */
const LONG_FIELDS: ReadonlySet<IntegerKey> = new Set<IntegerKey>([
  'numEvents',
  'outOfOrderGroupSize',
  'baseTime',
  'firstEventId',
  'firstEventNumber',
])

const INT_MAX = 0x7fffffff

/** The defaults overridden by `config`, checked; throws InvalidProgramError naming the field. */
export function resolveNexmarkConfiguration(
  config: Partial<NexmarkConfiguration> = {},
): Readonly<NexmarkConfiguration> {
  const resolved: NexmarkConfiguration = { ...DEFAULT_NEXMARK_CONFIGURATION }
  for (const key of Object.keys(config) as (keyof NexmarkConfiguration)[]) {
    if (!(key in DEFAULT_NEXMARK_CONFIGURATION)) {
      throw new InvalidProgramError(`Unknown Nexmark configuration field '${key}'`, { key })
    }
    const value = config[key]
    if (value !== undefined) (resolved as unknown as Record<string, unknown>)[key] = value
  }
  for (const key of Object.keys(MINIMUM) as IntegerKey[]) {
    const value = resolved[key]
    const max = LONG_FIELDS.has(key) ? Number.MAX_SAFE_INTEGER : INT_MAX
    if (!Number.isSafeInteger(value) || value < MINIMUM[key] || value > max) {
      throw new InvalidProgramError(
        `Nexmark configuration field '${key}' must be an integer from ${MINIMUM[key]} to ${max}, got ${value}`,
        { key, value },
      )
    }
  }
  if (resolved.rateShape !== 'SQUARE' && resolved.rateShape !== 'SINE') {
    throw new InvalidProgramError(
      `Nexmark configuration field 'rateShape' must be 'SQUARE' or 'SINE', got ${String(resolved.rateShape)}`,
      { key: 'rateShape' },
    )
  }
  if (typeof resolved.maxEmitSpeed !== 'boolean') {
    throw new InvalidProgramError(`Nexmark configuration field 'maxEmitSpeed' must be a boolean`, {
      key: 'maxEmitSpeed',
    })
  }
  const total = resolved.personProportion + resolved.auctionProportion + resolved.bidProportion
  if (total > INT_MAX) {
    throw new InvalidProgramError(`Nexmark proportions must add up to at most ${INT_MAX}`, {
      total,
    })
  }
  // Auction lengths look numInFlightAuctions * total events ahead: keep that exact.
  if (resolved.numInFlightAuctions * total > Number.MAX_SAFE_INTEGER) {
    throw new InvalidProgramError(
      `Nexmark numInFlightAuctions times the sum of the proportions must be a safe integer`,
      { key: 'numInFlightAuctions' },
    )
  }
  return Object.freeze(resolved)
}
