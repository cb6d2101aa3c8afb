// Nexmark q7, highest bid: per 10 s tumbling window, the bids with the window's highest price.
// Reference: q7.sql, which joins the window's MAX(price) back with the bids whose dateTime is
// BETWEEN window_end - 10 s AND window_end: inclusive at both ends, so a bid at exactly the next
// window's first millisecond with the same price is listed too. Kept here: a second step keyed by
// window end joins each window's maximum with the bids made exactly at its end.
import {
  KeyedCoProcessFunction,
  ListStateDescriptor,
  TumblingEventTimeWindows,
  Types,
  ValueStateDescriptor,
  type AggregateFunction,
  type Collector,
  type KeyedCoProcessFunctionOnTimerContext,
  type KeyedProcessFunctionContext,
  type ListState,
  type TimeWindow,
  type TypeInformation,
  type ValueState,
} from '../../src/index.js'
import { EventType, type Bid } from '../../src/connectors/nexmark/index.js'
import { bids, eventTimestamp, lateEventError, watermarkAfter } from './event-streams.js'
import { canonicalRows, type NexmarkQuery } from './query.js'
import { WindowBuffer } from './window-buffer.js'

export interface Q7Row {
  auction: number
  price: number
  bidder: number
  dateTime: number
  extra: string
}

const SIZE = 10_000
const Q7_ROW_TYPE: TypeInformation<Q7Row> = Types.ROW({
  auction: Types.LONG,
  price: Types.LONG,
  bidder: Types.LONG,
  dateTime: Types.LONG,
  extra: Types.STRING,
})
const COLUMNS = ['auction', 'price', 'bidder', 'dateTime', 'extra'] as const

/** A window's highest price and the bids with it. */
interface HighestBids {
  maxPrice: number
  bids: Q7Row[]
}

/** A window's result, keyed by its end. */
interface WindowHighest extends HighestBids {
  end: number
}

function toRow(b: Bid): Q7Row {
  return {
    auction: b.auction,
    price: b.price,
    bidder: b.bidder,
    dateTime: b.dateTime,
    extra: b.extra,
  }
}

class MaxPrice implements AggregateFunction<Q7Row, HighestBids, HighestBids> {
  createAccumulator(): HighestBids {
    return { maxPrice: -1, bids: [] }
  }
  add(b: Q7Row, acc: HighestBids): HighestBids {
    if (b.price > acc.maxPrice) return { maxPrice: b.price, bids: [b] }
    if (b.price === acc.maxPrice) acc.bids.push(b)
    return acc
  }
  getResult(acc: HighestBids): HighestBids {
    return acc
  }
  merge(a: HighestBids, b: HighestBids): HighestBids {
    if (a.maxPrice !== b.maxPrice) return a.maxPrice > b.maxPrice ? a : b
    return { maxPrice: a.maxPrice, bids: [...a.bids, ...b.bids] }
  }
}

/**
 * Keyed by a window end: the window's result and the bids made at exactly that time. When the
 * watermark passes the end, all of those have arrived.
 */
class JoinAtWindowEnd extends KeyedCoProcessFunction<number, WindowHighest, Q7Row, Q7Row> {
  private highest!: ValueState<WindowHighest>
  private atEnd!: ListState<Q7Row>

  override open(): void {
    const ctx = this.getRuntimeContext()
    this.highest = ctx.getState(new ValueStateDescriptor<WindowHighest>('window-highest'))
    this.atEnd = ctx.getListState(new ListStateDescriptor<Q7Row>('bids-at-window-end'))
  }

  processElement1(w: WindowHighest, ctx: KeyedProcessFunctionContext<number>): void {
    this.highest.update(w)
    ctx.timerService().registerEventTimeTimer(w.end)
  }

  processElement2(b: Q7Row, ctx: KeyedProcessFunctionContext<number>): void {
    this.atEnd.add(b)
    ctx.timerService().registerEventTimeTimer(b.dateTime)
  }

  override onTimer(
    _time: number,
    _ctx: KeyedCoProcessFunctionOnTimerContext<number>,
    out: Collector<Q7Row>,
  ): void {
    const w = this.highest.value()
    if (w !== null) {
      for (const b of w.bids) out.collect(b)
      for (const b of this.atEnd.get()) if (b.price === w.maxPrice) out.collect(b)
    }
    this.highest.clear()
    this.atEnd.clear()
  }
}

export const q7: NexmarkQuery<Q7Row> = {
  name: 'q7',
  description: 'highest bid: per 10 s tumbling window, the bids with the highest price',

  build(events) {
    const rows = bids(events).map(toRow, Q7_ROW_TYPE).name('Project bid')
    const highest = rows
      .windowAll(TumblingEventTimeWindows.of(SIZE))
      .aggregate(
        new MaxPrice(),
        (w: TimeWindow, results: Iterable<HighestBids>, out: Collector<WindowHighest>) => {
          for (const r of results) out.collect({ end: w.end, maxPrice: r.maxPrice, bids: r.bids })
        },
      )
      .name('q7 max price')
      .uid('q7-max-price')
    const atWindowEnds = rows.filter((b) => b.dateTime % SIZE === 0).name('Bids at a window end')
    return highest
      .connect(atWindowEnds)
      .keyBy(
        (w) => w.end,
        (b) => b.dateTime,
      )
      .process(new JoinAtWindowEnd())
      .name('q7 join')
      .uid('q7-join')
  },

  baseline(events, emit) {
    interface Highest {
      maxPrice: number
      bids: Bid[]
    }
    const windows = new WindowBuffer<Highest>(SIZE)
    const atEnd = new Map<number, Bid[]>()
    const fire = (start: number, end: number, h: Highest): void => {
      for (const b of h.bids) emit(toRow(b))
      const late = atEnd.get(end)
      if (late !== undefined) for (const b of late) if (b.price === h.maxPrice) emit(toRow(b))
      atEnd.delete(start)
      atEnd.delete(end)
    }
    let maxTimestamp = Number.NEGATIVE_INFINITY
    let watermark = Number.NEGATIVE_INFINITY
    while (events.hasNext()) {
      const e = events.next()
      const timestamp = eventTimestamp(e)
      if (timestamp <= watermark) throw lateEventError(timestamp, watermark)
      if (e.type === EventType.BID) {
        const b = e.bid
        const start = windows.lastStart(timestamp)
        const h = windows.get(start)
        if (h === undefined) windows.set(start, { maxPrice: b.price, bids: [b] })
        else if (b.price > h.maxPrice) {
          h.maxPrice = b.price
          h.bids = [b]
        } else if (b.price === h.maxPrice) h.bids.push(b)
        if (timestamp === start) {
          const list = atEnd.get(start)
          if (list === undefined) atEnd.set(start, [b])
          else list.push(b)
        }
      }
      if (timestamp > maxTimestamp) {
        maxTimestamp = timestamp
        watermark = watermarkAfter(maxTimestamp)
        // A window is complete at watermark end - 1, the bids at its end at watermark end.
        windows.fireUpTo(watermark - 1, fire)
      }
    }
    windows.fireUpTo(Number.POSITIVE_INFINITY, fire)
  },

  canonical: (rows) => canonicalRows(rows, COLUMNS),
}
