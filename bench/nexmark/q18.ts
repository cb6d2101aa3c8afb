// Nexmark q18, last bid per bidder and auction: for each (bidder, auction), the bid with the
// latest dateTime. Reference: q18.sql (ROW_NUMBER() OVER (PARTITION BY bidder, auction ORDER BY
// dateTime DESC) <= 1, which Flink runs as a deduplication keeping the last row), an update
// stream. Here too: a row whenever a pair's latest bid changes, so the output is an upsert stream
// keyed by (bidder, auction). Ties on dateTime go to the greater bid by `compareBids` rather than
// to the later arrival, so that the result does not depend on arrival order.
import {
  KeyedProcessFunction,
  ValueStateDescriptor,
  type Collector,
  type KeyedProcessFunctionContext,
  type ValueState,
} from '../../src/index.js'
import { BID_TYPE, EventType, type Bid } from '../../src/connectors/nexmark/index.js'
import { isLaterBid } from './bid-order.js'
import { bids } from './event-streams.js'
import { canonicalUpserts, type NexmarkQuery } from './query.js'

/** The latest bid of its (bidder, auction). */
export type Q18Row = Bid

const COLUMNS = ['auction', 'bidder', 'price', 'channel', 'url', 'dateTime', 'extra'] as const

/** 2^27: auction ids stay below it up to about 2 billion events, bidder ids below 2^26. */
const AUCTION_RANGE = 134_217_728

/** (bidder, auction) as one number, a cheaper key than a tuple; exact below 2^53. */
function pairKey(bidder: number, auction: number): number {
  if (auction >= AUCTION_RANGE || bidder >= 67_108_864) {
    throw new RangeError(`q18: bidder ${bidder} or auction ${auction} too large for a pair key`)
  }
  return bidder * AUCTION_RANGE + auction
}

class LastBid extends KeyedProcessFunction<number, Bid, Q18Row> {
  private latest!: ValueState<Bid>

  override open(): void {
    this.latest = this.getRuntimeContext().getState(
      new ValueStateDescriptor('latest-bid', BID_TYPE),
    )
  }

  processElement(b: Bid, _ctx: KeyedProcessFunctionContext<number>, out: Collector<Q18Row>) {
    const latest = this.latest.value()
    if (latest !== null && !isLaterBid(b, latest)) return
    this.latest.update(b)
    out.collect(b)
  }
}

export const q18: NexmarkQuery<Q18Row> = {
  name: 'q18',
  description: 'last bid per bidder and auction (an upsert stream)',

  build(events) {
    return bids(events, BID_TYPE)
      .keyBy((b) => pairKey(b.bidder, b.auction))
      .process(new LastBid())
      .name('q18 last bid')
      .uid('q18-last-bid')
  },

  baseline(events, emit) {
    const latest = new Map<number, Bid>()
    while (events.hasNext()) {
      const e = events.next()
      if (e.type !== EventType.BID) continue
      const b = e.bid
      const key = pairKey(b.bidder, b.auction)
      const previous = latest.get(key)
      if (previous !== undefined && !isLaterBid(b, previous)) continue
      latest.set(key, b)
      emit(b)
    }
  },

  canonical: (rows) => canonicalUpserts(rows, (b) => pairKey(b.bidder, b.auction), COLUMNS),
}
