// Nexmark q17, per-day auction statistics: per auction and day, the number of bids (in all and in
// three price ranks) and the minimum, maximum, average and sum of their prices. Reference:
// q17.sql, a group aggregate that updates its row on every bid. Here a one-day tumbling
// event-time window per auction: one final row per auction and day (the reference's last update),
// emitted when the day ends in event time. Days are UTC (DATE_FORMAT in a UTC session).
import {
  Time,
  TumblingEventTimeWindows,
  type AggregateFunction,
  type Collector,
  type TimeWindow,
  Types,
  type TypeInformation,
} from '../../src/index.js'
import { EventType } from '../../src/connectors/nexmark/index.js'
import { bids, eventTimestamp, lateEventError, watermarkAfter } from './event-streams.js'
import { canonicalRows, type NexmarkQuery } from './query.js'
import { WindowBuffer } from './window-buffer.js'

export interface Q17Row {
  auction: number
  /** 'yyyy-MM-dd', UTC. */
  day: string
  totalBids: number
  /** Bids below 10 000. */
  rank1Bids: number
  /** Bids from 10 000 to below 1 000 000. */
  rank2Bids: number
  /** Bids of 1 000 000 and more. */
  rank3Bids: number
  minPrice: number
  maxPrice: number
  /** Truncated, as AVG of a BIGINT. */
  avgPrice: number
  sumPrice: number
}

const DAY = Time.days(1)
const COLUMNS = [
  'auction',
  'day',
  'totalBids',
  'rank1Bids',
  'rank2Bids',
  'rank3Bids',
  'minPrice',
  'maxPrice',
  'avgPrice',
  'sumPrice',
] as const

/** A bid's columns the query needs (the day comes from the record's timestamp). */
interface AuctionPrice {
  auction: number
  price: number
}

const AUCTION_PRICE: TypeInformation<AuctionPrice> = Types.ROW({
  auction: Types.LONG,
  price: Types.LONG,
})

/** The running statistics of one auction and day. */
interface DayStats {
  total: number
  rank1: number
  rank2: number
  rank3: number
  min: number
  max: number
  sum: number
}

function newStats(): DayStats {
  return { total: 0, rank1: 0, rank2: 0, rank3: 0, min: Infinity, max: -Infinity, sum: 0 }
}

function addPrice(s: DayStats, price: number): void {
  s.total++
  if (price < 10_000) s.rank1++
  else if (price < 1_000_000) s.rank2++
  else s.rank3++
  if (price < s.min) s.min = price
  if (price > s.max) s.max = price
  s.sum += price
}

function toRow(auction: number, dayStart: number, s: DayStats): Q17Row {
  return {
    auction,
    day: new Date(dayStart).toISOString().slice(0, 10),
    totalBids: s.total,
    rank1Bids: s.rank1,
    rank2Bids: s.rank2,
    rank3Bids: s.rank3,
    minPrice: s.min,
    maxPrice: s.max,
    avgPrice: (s.sum - (s.sum % s.total)) / s.total,
    sumPrice: s.sum,
  }
}

class AuctionDayStats implements AggregateFunction<AuctionPrice, DayStats, DayStats> {
  createAccumulator(): DayStats {
    return newStats()
  }
  add(b: AuctionPrice, acc: DayStats): DayStats {
    addPrice(acc, b.price)
    return acc
  }
  getResult(acc: DayStats): DayStats {
    return acc
  }
  merge(a: DayStats, b: DayStats): DayStats {
    return {
      total: a.total + b.total,
      rank1: a.rank1 + b.rank1,
      rank2: a.rank2 + b.rank2,
      rank3: a.rank3 + b.rank3,
      min: Math.min(a.min, b.min),
      max: Math.max(a.max, b.max),
      sum: a.sum + b.sum,
    }
  }
}

export const q17: NexmarkQuery<Q17Row> = {
  name: 'q17',
  description: 'per-day auction statistics: bid counts by price rank and price min/max/avg/sum',

  build(events) {
    return bids(events)
      .map((b): AuctionPrice => ({ auction: b.auction, price: b.price }), AUCTION_PRICE)
      .name('Project bid')
      .keyBy((b) => b.auction)
      .window(TumblingEventTimeWindows.of(DAY))
      .aggregate(
        new AuctionDayStats(),
        (auction: number, w: TimeWindow, stats: Iterable<DayStats>, out: Collector<Q17Row>) => {
          for (const s of stats) out.collect(toRow(auction, w.start, s))
        },
      )
      .name('q17 statistics')
      .uid('q17-stats')
  },

  baseline(events, emit) {
    const days = new WindowBuffer<Map<number, DayStats>>(DAY)
    const fire = (start: number, _end: number, perAuction: Map<number, DayStats>): void => {
      for (const [auction, s] of perAuction) emit(toRow(auction, start, s))
    }
    let maxTimestamp = Number.NEGATIVE_INFINITY
    let watermark = Number.NEGATIVE_INFINITY
    while (events.hasNext()) {
      const e = events.next()
      const timestamp = eventTimestamp(e)
      if (timestamp <= watermark) throw lateEventError(timestamp, watermark)
      if (e.type === EventType.BID) {
        const start = days.lastStart(timestamp)
        let perAuction = days.get(start)
        if (perAuction === undefined) days.set(start, (perAuction = new Map()))
        let s = perAuction.get(e.bid.auction)
        if (s === undefined) perAuction.set(e.bid.auction, (s = newStats()))
        addPrice(s, e.bid.price)
      }
      if (timestamp > maxTimestamp) {
        maxTimestamp = timestamp
        watermark = watermarkAfter(maxTimestamp)
        days.fireUpTo(watermark, fire)
      }
    }
    days.fireUpTo(Number.POSITIVE_INFINITY, fire)
  },

  canonical: (rows) => canonicalRows(rows, COLUMNS),
}
