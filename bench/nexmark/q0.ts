// Nexmark q0, pass-through: every bid's columns, unchanged. Measures the source, the projection
// and the sink. Reference: q0.sql (`SELECT auction, bidder, price, dateTime, extra FROM bid`).
import { EventType } from '../../src/connectors/nexmark/index.js'
import { canonicalRows, type NexmarkQuery } from './query.js'

export interface Q0Row {
  auction: number
  bidder: number
  price: number
  dateTime: number
  extra: string
}

const COLUMNS = ['auction', 'bidder', 'price', 'dateTime', 'extra'] as const

export const q0: NexmarkQuery<Q0Row> = {
  name: 'q0',
  description: 'pass-through: the columns of every bid',

  build(events) {
    return events
      .flatMap<Q0Row>((e, out) => {
        if (e.type !== EventType.BID) return
        const b = e.bid
        out.collect({
          auction: b.auction,
          bidder: b.bidder,
          price: b.price,
          dateTime: b.dateTime,
          extra: b.extra,
        })
      })
      .name('q0')
  },

  baseline(events, emit) {
    while (events.hasNext()) {
      const e = events.next()
      if (e.type !== EventType.BID) continue
      const b = e.bid
      emit({
        auction: b.auction,
        bidder: b.bidder,
        price: b.price,
        dateTime: b.dateTime,
        extra: b.extra,
      })
    }
  },

  canonical: (rows) => canonicalRows(rows, COLUMNS),
}
