// Nexmark q1, currency conversion: every bid with its price in euros (0.908 per dollar).
// Reference: q1.sql. Its price is DECIMAL(23, 3): here the double nearest to price * 0.908,
// computed as price * 908 / 1000 (the product is exact, so one rounding, as the decimal's).
import { EventType } from '../../src/connectors/nexmark/index.js'
import { canonicalRows, type NexmarkQuery } from './query.js'

export interface Q1Row {
  auction: number
  bidder: number
  /** Euros-cents, to three decimals. */
  price: number
  dateTime: number
  extra: string
}

const COLUMNS = ['auction', 'bidder', 'price', 'dateTime', 'extra'] as const

export const q1: NexmarkQuery<Q1Row> = {
  name: 'q1',
  description: 'currency conversion: every bid with price * 0.908',

  build(events) {
    return events
      .flatMap<Q1Row>((e, out) => {
        if (e.type !== EventType.BID) return
        const b = e.bid
        out.collect({
          auction: b.auction,
          bidder: b.bidder,
          price: (b.price * 908) / 1000,
          dateTime: b.dateTime,
          extra: b.extra,
        })
      })
      .name('q1')
  },

  baseline(events, emit) {
    while (events.hasNext()) {
      const e = events.next()
      if (e.type !== EventType.BID) continue
      const b = e.bid
      emit({
        auction: b.auction,
        bidder: b.bidder,
        price: (b.price * 908) / 1000,
        dateTime: b.dateTime,
        extra: b.extra,
      })
    }
  },

  canonical: (rows) => canonicalRows(rows, COLUMNS),
}
