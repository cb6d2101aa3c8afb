// Nexmark q2, selection: the bids on every 123rd auction (auction id divisible by 123).
// Reference: q2.sql (`SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0`).
import { EventType } from '../../src/connectors/nexmark/index.js'
import { canonicalRows, type NexmarkQuery } from './query.js'

export interface Q2Row {
  auction: number
  price: number
}

const COLUMNS = ['auction', 'price'] as const

export const q2: NexmarkQuery<Q2Row> = {
  name: 'q2',
  description: 'selection: auction and price of the bids with auction % 123 == 0',

  build(events) {
    return events
      .flatMap<Q2Row>((e, out) => {
        if (e.type === EventType.BID && e.bid.auction % 123 === 0) {
          out.collect({ auction: e.bid.auction, price: e.bid.price })
        }
      })
      .name('q2')
  },

  baseline(events, emit) {
    while (events.hasNext()) {
      const e = events.next()
      if (e.type === EventType.BID && e.bid.auction % 123 === 0) {
        emit({ auction: e.bid.auction, price: e.bid.price })
      }
    }
  },

  canonical: (rows) => canonicalRows(rows, COLUMNS),
}
