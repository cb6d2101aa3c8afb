// Nexmark q5, hot items: in every sliding window of 10 s starting every 2 s, the auctions with
// the most bids (all of them on a tie). Reference: q5.sql (HOP of 2 s slide and 10 s size; the
// per-window maximum joined back with `num >= maxn`). Its rows are (auction, num); here they
// also carry the window's bounds, which the reference computes but does not select.
import {
  SlidingEventTimeWindows,
  TumblingEventTimeWindows,
  type AggregateFunction,
  type Collector,
  type TimeWindow,
  Types,
} from '../../src/index.js'
import { EventType } from '../../src/connectors/nexmark/index.js'
import { bids, lateEventError, watermarkAfter, eventTimestamp } from './event-streams.js'
import { canonicalRows, type NexmarkQuery } from './query.js'
import { WindowBuffer } from './window-buffer.js'

export interface Q5Row {
  auction: number
  num: number
  starttime: number
  endtime: number
}

const SIZE = 10_000
const SLIDE = 2_000
const COLUMNS = ['auction', 'num', 'starttime', 'endtime'] as const

/** Counts the elements of a window. */
class CountBids implements AggregateFunction<number, number, number> {
  createAccumulator(): number {
    return 0
  }
  add(_auction: number, count: number): number {
    return count + 1
  }
  getResult(count: number): number {
    return count
  }
  merge(a: number, b: number): number {
    return a + b
  }
}

/** The largest count among a window's auctions, and the auctions with it. */
interface Hottest {
  num: number
  auctions: number[]
}

class HottestAuctions implements AggregateFunction<Q5Row, Hottest, Hottest> {
  createAccumulator(): Hottest {
    return { num: 0, auctions: [] }
  }
  add(r: Q5Row, acc: Hottest): Hottest {
    if (r.num > acc.num) return { num: r.num, auctions: [r.auction] }
    if (r.num === acc.num) acc.auctions.push(r.auction)
    return acc
  }
  getResult(acc: Hottest): Hottest {
    return acc
  }
  merge(a: Hottest, b: Hottest): Hottest {
    if (a.num !== b.num) return a.num > b.num ? a : b
    return { num: a.num, auctions: [...a.auctions, ...b.auctions] }
  }
}

export const q5: NexmarkQuery<Q5Row> = {
  name: 'q5',
  description: 'hot items: per 10 s window sliding by 2 s, the auctions with the most bids',

  build(events) {
    return (
      bids(events)
        .map((b) => b.auction, Types.LONG)
        .name('Auction of bid')
        .keyBy((auction) => auction)
        .window(SlidingEventTimeWindows.of(SIZE, SLIDE))
        .aggregate(
          new CountBids(),
          (auction: number, w: TimeWindow, counts: Iterable<number>, out: Collector<Q5Row>) => {
            for (const num of counts)
              out.collect({ auction, num, starttime: w.start, endtime: w.end })
          },
        )
        .name('q5 bids per auction')
        .uid('q5-count')
        // A count carries its window's end - 1 as timestamp: the slide-long window ending at the
        // same end holds it, and fires once every upstream subtask has emitted that window.
        .keyBy((r) => r.endtime)
        .window(TumblingEventTimeWindows.of(SLIDE))
        .aggregate(
          new HottestAuctions(),
          (endtime: number, _w: TimeWindow, hottest: Iterable<Hottest>, out: Collector<Q5Row>) => {
            for (const h of hottest) {
              for (const auction of h.auctions) {
                out.collect({ auction, num: h.num, starttime: endtime - SIZE, endtime })
              }
            }
          },
        )
        .name('q5 hottest')
        .uid('q5-hottest')
    )
  },

  baseline(events, emit) {
    const windows = new WindowBuffer<Map<number, number>>(SIZE, SLIDE)
    const fire = (starttime: number, endtime: number, counts: Map<number, number>): void => {
      let num = 0
      for (const n of counts.values()) if (n > num) num = n
      for (const [auction, n] of counts) {
        if (n === num) emit({ auction, num, starttime, endtime })
      }
    }
    let maxTimestamp = Number.NEGATIVE_INFINITY
    let watermark = Number.NEGATIVE_INFINITY
    while (events.hasNext()) {
      const e = events.next()
      const timestamp = eventTimestamp(e)
      if (timestamp <= watermark) throw lateEventError(timestamp, watermark)
      if (e.type === EventType.BID) {
        const auction = e.bid.auction
        for (let start = windows.lastStart(timestamp); start > timestamp - SIZE; start -= SLIDE) {
          const counts = windows.get(start)
          if (counts === undefined) windows.set(start, new Map([[auction, 1]]))
          else counts.set(auction, (counts.get(auction) ?? 0) + 1)
        }
      }
      if (timestamp > maxTimestamp) {
        maxTimestamp = timestamp
        watermark = watermarkAfter(maxTimestamp)
        windows.fireUpTo(watermark, fire)
      }
    }
    windows.fireUpTo(Number.POSITIVE_INFINITY, fire)
  },

  canonical: (rows) => canonicalRows(rows, COLUMNS),
}
