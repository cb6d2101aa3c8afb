// Nexmark q19, top bids per auction: each auction's 10 highest bids, with their rank. Reference:
// q19.sql (ROW_NUMBER() OVER (PARTITION BY auction ORDER BY price DESC) <= 10), an update
// stream. Here too: when a bid enters an auction's top 10, a row for its rank and for every rank
// below it that moved, so the output is an upsert stream keyed by (auction, rankNumber). Ties on
// price go to the earlier bid, then by `compareBids`, not to arrival order.
import {
  KeyedProcessFunction,
  Types,
  ValueStateDescriptor,
  type Collector,
  type KeyedProcessFunctionContext,
  type ValueState,
} from '../../src/index.js'
import { BID_TYPE, EventType, type Bid } from '../../src/connectors/nexmark/index.js'
import { ranksAbove } from './bid-order.js'
import { bids } from './event-streams.js'
import { canonicalUpserts, type NexmarkQuery } from './query.js'

/** A bid with its rank in its auction's top 10. */
export interface Q19Row extends Bid {
  /** 1 to 10. */
  rankNumber: number
}

const TOP = 10
const COLUMNS = [
  'auction',
  'bidder',
  'price',
  'channel',
  'url',
  'dateTime',
  'extra',
  'rankNumber',
] as const

function toRow(b: Bid, rankNumber: number): Q19Row {
  return {
    auction: b.auction,
    bidder: b.bidder,
    price: b.price,
    channel: b.channel,
    url: b.url,
    dateTime: b.dateTime,
    extra: b.extra,
    rankNumber,
  }
}

/** Where `b` goes in `top` (best first), or -1 when a full top 10 leaves it out. */
function insertPosition(top: readonly Bid[], b: Bid): number {
  if (top.length === TOP && !ranksAbove(b, top[TOP - 1]!)) return -1
  let pos = top.length
  while (pos > 0 && ranksAbove(b, top[pos - 1]!)) pos--
  return pos
}

class TopBids extends KeyedProcessFunction<number, Bid, Q19Row> {
  private top!: ValueState<Bid[]>

  override open(): void {
    this.top = this.getRuntimeContext().getState(
      new ValueStateDescriptor('top-bids', Types.LIST(BID_TYPE)),
    )
  }

  processElement(b: Bid, _ctx: KeyedProcessFunctionContext<number>, out: Collector<Q19Row>) {
    const top = this.top.value() ?? []
    const pos = insertPosition(top, b)
    if (pos < 0) return
    // In place, as the heap backend allows (it stores values by reference and writes a key
    // group out before a snapshot lets it be touched); update() keeps the job right on a
    // backend that copies values.
    top.splice(pos, 0, b)
    if (top.length > TOP) top.pop()
    this.top.update(top)
    for (let r = pos; r < top.length; r++) out.collect(toRow(top[r]!, r + 1))
  }
}

export const q19: NexmarkQuery<Q19Row> = {
  name: 'q19',
  description: 'top 10 bids per auction by price (an upsert stream keyed by auction and rank)',

  build(events) {
    return bids(events, BID_TYPE)
      .keyBy((b) => b.auction)
      .process(new TopBids())
      .name('q19 top bids')
      .uid('q19-top-bids')
  },

  baseline(events, emit) {
    const tops = new Map<number, Bid[]>()
    while (events.hasNext()) {
      const e = events.next()
      if (e.type !== EventType.BID) continue
      const b = e.bid
      let top = tops.get(b.auction)
      if (top === undefined) tops.set(b.auction, (top = []))
      const pos = insertPosition(top, b)
      if (pos < 0) continue
      top.splice(pos, 0, b)
      if (top.length > TOP) top.pop()
      for (let r = pos; r < top.length; r++) emit(toRow(top[r]!, r + 1))
    }
  },

  canonical: (rows) => canonicalUpserts(rows, (r) => `${r.auction},${r.rankNumber}`, COLUMNS),
}
