// The reference's tables as DataStreams: the event stream with its watermark (ddl_gen.sql:
// `WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND`) and the person, auction and bid
// views (ddl_views.sql), plus the same watermark for the hand-written baselines.
import {
  WatermarkStrategy,
  type DataStream,
  type StreamExecutionEnvironment,
  type TypeInformation,
} from '../../src/index.js'
import {
  EVENT_TYPE,
  EventType,
  type Auction,
  type Bid,
  type Event,
  type NexmarkSource,
  type Person,
} from '../../src/connectors/nexmark/index.js'

/** The reference's watermark delay: events may be up to 4 s late. */
export const OUT_OF_ORDERNESS_MS = 4000

/**
 * The watermark after seeing `maxTimestamp`, as Flink's BoundedOutOfOrdernessWatermarks: the
 * largest timestamp minus the bound minus 1 (an event exactly 4 s late is still on time).
 */
export function watermarkAfter(maxTimestamp: number): number {
  return maxTimestamp - OUT_OF_ORDERNESS_MS - 1
}

/** Thrown by a baseline that sees an event at or before its watermark (see NexmarkQuery). */
export function lateEventError(timestamp: number, watermark: number): Error {
  return new Error(
    `Nexmark baseline: an event at ${timestamp} is late (watermark ${watermark}); the queries ` +
      `assume out-of-orderness below ${OUT_OF_ORDERNESS_MS} ms`,
  )
}

/**
 * The Nexmark events, stamped with their `dateTime`, with the reference's watermarks, declared as
 * `EVENT_TYPE` (the reference's table has a schema): a chained fan-out (q3, q4, q8) then copies
 * events through code generated for the type, a fifth of the generic copy's cost.
 */
export function nexmarkEvents(
  env: StreamExecutionEnvironment,
  source: NexmarkSource,
): DataStream<Event> {
  return env.fromSource(
    source,
    WatermarkStrategy.forBoundedOutOfOrderness<Event>(OUT_OF_ORDERNESS_MS),
    'Nexmark Source',
    EVENT_TYPE,
  )
}

/**
 * The bid view: one operator (filter and project), as the reference's Calc. Pass BID_TYPE when
 * the bids go straight to a network edge (a generated serializer instead of the generic one).
 */
export function bids(events: DataStream<Event>, type?: TypeInformation<Bid>): DataStream<Bid> {
  return events
    .flatMap<Bid>((e, out) => {
      if (e.type === EventType.BID) out.collect(e.bid)
    }, type)
    .name('Bids')
}

/** The auction view. */
export function auctions(events: DataStream<Event>): DataStream<Auction> {
  return events
    .flatMap<Auction>((e, out) => {
      if (e.type === EventType.AUCTION) out.collect(e.auction)
    })
    .name('Auctions')
}

/** The person view. */
export function persons(events: DataStream<Event>): DataStream<Person> {
  return events
    .flatMap<Person>((e, out) => {
      if (e.type === EventType.PERSON) out.collect(e.person)
    })
    .name('Persons')
}

/** The event time of an event: its record's `dateTime`. */
export function eventTimestamp(e: Event): number {
  return e.type === EventType.BID
    ? e.bid.dateTime
    : e.type === EventType.AUCTION
      ? e.auction.dateTime
      : e.person.dateTime
}
