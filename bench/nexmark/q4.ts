// Nexmark q4, average price per category: an auction's final price is its highest bid made
// between its start and its end (inclusive); the query averages the final prices per category.
// Reference: q4.sql, a regular join and two group aggregates, whose changelog depends on arrival
// order. Here, in event time and deterministic: an auction closes when the watermark passes its
// `expires`, and emits its final price if it had a bid in range (an inner join); then, per
// category and per close time T, one row with the average over every auction closed at or before
// T. After the end of input the last row of each category is the reference's final result.
// AVG of BIGINT is a BIGINT: the average is truncated, as Flink's.
import {
  KeyedCoProcessFunction,
  KeyedProcessFunction,
  ListStateDescriptor,
  MapStateDescriptor,
  Types,
  ValueStateDescriptor,
  type Collector,
  type KeyedCoProcessFunctionOnTimerContext,
  type KeyedProcessFunctionContext,
  type KeyedProcessFunctionOnTimerContext,
  type ListState,
  type MapState,
  type TypeInformation,
  type ValueState,
} from '../../src/index.js'
import { EventType } from '../../src/connectors/nexmark/index.js'
import { lateEventError, watermarkAfter } from './event-streams.js'
import { canonicalRows, type NexmarkQuery } from './query.js'
import { TimerQueue } from './timer-queue.js'

export interface Q4Row {
  category: number
  /** The average final price of the category's auctions closed by `dateTime`, truncated. */
  final: number
  /** The close time the average is as of. */
  dateTime: number
}

/** The columns of an auction the query needs. */
interface AuctionSpan {
  id: number
  dateTime: number
  expires: number
  category: number
}

/** The columns of a bid the query needs. */
interface PricedBid {
  auction: number
  price: number
  dateTime: number
}

/** An auction that closed with a bid in range; its record's timestamp is its `expires`. */
interface ClosedAuction {
  auction: number
  category: number
  final: number
}

interface SumCount {
  sum: number
  count: number
}

const AUCTION_SPAN_TYPE: TypeInformation<AuctionSpan> = Types.ROW({
  id: Types.LONG,
  dateTime: Types.LONG,
  expires: Types.LONG,
  category: Types.LONG,
})
const PRICED_BID_TYPE: TypeInformation<PricedBid> = Types.ROW({
  auction: Types.LONG,
  price: Types.LONG,
  dateTime: Types.LONG,
})

const COLUMNS = ['category', 'final', 'dateTime'] as const

/** Java's long division of two non-negative integers, exactly. */
function average(s: SumCount): number {
  return (s.sum - (s.sum % s.count)) / s.count
}

/**
 * Keyed by auction id: the auction and its best bid in range so far; bids that come before their
 * auction wait until the watermark passes their time (their auction, which starts no later than a
 * bid it may hold, has arrived by then if it exists). Across a network edge most bids come before
 * their auction: auctions are 6% of the events and bids 92%, so an auction waits in a network
 * buffer that fills far more slowly than the bids'. So a key with waiting bids keeps one cleanup
 * timer, at the earliest time among them when it is set, not one per bid: a bid kept past its
 * time cannot change the result, because an auction that arrives after the watermark passed that
 * time starts after it.
 */
class AuctionCloser extends KeyedCoProcessFunction<number, AuctionSpan, PricedBid, ClosedAuction> {
  private auction!: ValueState<AuctionSpan>
  private best!: ValueState<number>
  private early!: ListState<PricedBid>
  /** The time of the cleanup timer of `early`, while one is set. */
  private cleanupAt!: ValueState<number>

  override open(): void {
    const ctx = this.getRuntimeContext()
    this.auction = ctx.getState(new ValueStateDescriptor<AuctionSpan>('auction'))
    this.best = ctx.getState(new ValueStateDescriptor<number>('best-price'))
    this.early = ctx.getListState(new ListStateDescriptor<PricedBid>('bids-before-auction'))
    this.cleanupAt = ctx.getState(new ValueStateDescriptor<number>('bids-before-auction-cleanup'))
  }

  processElement1(a: AuctionSpan, ctx: KeyedProcessFunctionContext<number>): void {
    this.auction.update(a)
    let best = -1
    for (const b of this.early.get()) {
      if (b.dateTime >= a.dateTime && b.dateTime <= a.expires && b.price > best) best = b.price
    }
    this.early.clear()
    this.cleanupAt.clear()
    if (best >= 0) this.best.update(best)
    ctx.timerService().registerEventTimeTimer(a.expires)
  }

  processElement2(b: PricedBid, ctx: KeyedProcessFunctionContext<number>): void {
    const a = this.auction.value()
    if (a === null) {
      if (this.cleanupAt.value() === null) {
        this.cleanupAt.update(b.dateTime)
        ctx.timerService().registerEventTimeTimer(b.dateTime)
      }
      this.early.add(b)
      return
    }
    if (b.dateTime < a.dateTime || b.dateTime > a.expires) return
    const best = this.best.value()
    if (best === null || b.price > best) this.best.update(b.price)
  }

  override onTimer(
    time: number,
    ctx: KeyedCoProcessFunctionOnTimerContext<number>,
    out: Collector<ClosedAuction>,
  ): void {
    const a = this.auction.value()
    if (a !== null) {
      // Otherwise the cleanup timer of bids that came before the auction: already folded in.
      if (time !== a.expires) return
      const best = this.best.value()
      if (best !== null) out.collect({ auction: a.id, category: a.category, final: best })
      this.auction.clear()
      this.best.clear()
      return
    }
    let kept: PricedBid[] | undefined
    let next = Number.POSITIVE_INFINITY
    for (const b of this.early.get()) {
      if (b.dateTime <= time) continue
      ;(kept ??= []).push(b)
      if (b.dateTime < next) next = b.dateTime
    }
    if (kept === undefined) {
      this.early.clear()
      this.cleanupAt.clear()
      return
    }
    this.early.update(kept)
    this.cleanupAt.update(next)
    ctx.timerService().registerEventTimeTimer(next)
  }
}

/**
 * Keyed by category: the sum and count of final prices, and those of auctions closed at a time
 * the watermark has not passed yet. Once it has, every auction closed then has arrived (each
 * upstream subtask emits it before forwarding that watermark), and one row goes out.
 */
class CategoryAverage extends KeyedProcessFunction<number, ClosedAuction, Q4Row> {
  private total!: ValueState<SumCount>
  private closing!: MapState<number, SumCount>

  override open(): void {
    const ctx = this.getRuntimeContext()
    this.total = ctx.getState(new ValueStateDescriptor<SumCount>('total'))
    this.closing = ctx.getMapState(new MapStateDescriptor<number, SumCount>('closing-by-time'))
  }

  processElement(c: ClosedAuction, ctx: KeyedProcessFunctionContext<number>): void {
    const time = ctx.timestamp()!
    const s = this.closing.get(time)
    this.closing.put(
      time,
      s === null ? { sum: c.final, count: 1 } : { sum: s.sum + c.final, count: s.count + 1 },
    )
    ctx.timerService().registerEventTimeTimer(time)
  }

  override onTimer(
    time: number,
    ctx: KeyedProcessFunctionOnTimerContext<number>,
    out: Collector<Q4Row>,
  ): void {
    const s = this.closing.get(time)
    if (s === null) return
    this.closing.remove(time)
    const t = this.total.value()
    const total = t === null ? s : { sum: t.sum + s.sum, count: t.count + s.count }
    this.total.update(total)
    out.collect({ category: ctx.getCurrentKey(), final: average(total), dateTime: time })
  }
}

export const q4: NexmarkQuery<Q4Row> = {
  name: 'q4',
  description: 'average price per category: mean winning bid of closed auctions, per category',

  build(events) {
    const spans = events
      .flatMap<AuctionSpan>((e, out) => {
        if (e.type !== EventType.AUCTION) return
        const a = e.auction
        out.collect({ id: a.id, dateTime: a.dateTime, expires: a.expires, category: a.category })
      }, AUCTION_SPAN_TYPE)
      .name('Auctions')
    const prices = events
      .flatMap<PricedBid>((e, out) => {
        if (e.type !== EventType.BID) return
        const b = e.bid
        out.collect({ auction: b.auction, price: b.price, dateTime: b.dateTime })
      }, PRICED_BID_TYPE)
      .name('Bids')
    return spans
      .connect(prices)
      .keyBy(
        (a) => a.id,
        (b) => b.auction,
      )
      .process(new AuctionCloser())
      .name('q4 winning bids')
      .uid('q4-winning-bids')
      .keyBy((c) => c.category)
      .process(new CategoryAverage())
      .name('q4 average per category')
      .uid('q4-average')
  },

  baseline(events, emit) {
    const open = new Map<number, AuctionSpan & { best: number }>()
    const early = new Map<number, PricedBid[]>()
    const timers = new TimerQueue<number>()
    const totals = new Map<number, SumCount>()
    // Auctions closed at the time being fired, summed per category.
    let closingTime = Number.NaN
    const closing = new Map<number, SumCount>()
    let maxTimestamp = Number.NEGATIVE_INFINITY
    let watermark = Number.NEGATIVE_INFINITY

    const flushClosing = (): void => {
      for (const [category, s] of closing) {
        const t = totals.get(category)
        const total = t === undefined ? s : { sum: t.sum + s.sum, count: t.count + s.count }
        totals.set(category, total)
        emit({ category, final: average(total), dateTime: closingTime })
      }
      closing.clear()
    }
    const fireTimers = (): void => {
      while (timers.size > 0 && timers.peekTime() <= watermark) {
        const time = timers.peekTime()
        const id = timers.pop()
        if (time !== closingTime) {
          flushClosing()
          closingTime = time
        }
        const a = open.get(id)
        if (a !== undefined) {
          if (time !== a.expires) continue
          open.delete(id)
          if (a.best < 0) continue
          const s = closing.get(a.category)
          if (s === undefined) closing.set(a.category, { sum: a.best, count: 1 })
          else {
            s.sum += a.best
            s.count++
          }
          continue
        }
        const waiting = early.get(id)
        if (waiting === undefined) continue
        const kept = waiting.filter((b) => b.dateTime > time)
        if (kept.length === 0) early.delete(id)
        else early.set(id, kept)
      }
      flushClosing()
    }

    while (events.hasNext()) {
      const e = events.next()
      let timestamp: number
      if (e.type === EventType.BID) {
        const b = e.bid
        timestamp = b.dateTime
        if (timestamp <= watermark) throw lateEventError(timestamp, watermark)
        const a = open.get(b.auction)
        if (a === undefined) {
          const waiting = early.get(b.auction)
          const bid = { auction: b.auction, price: b.price, dateTime: b.dateTime }
          if (waiting === undefined) early.set(b.auction, [bid])
          else waiting.push(bid)
          timers.push(b.dateTime, b.auction)
        } else if (b.dateTime >= a.dateTime && b.dateTime <= a.expires && b.price > a.best) {
          a.best = b.price
        }
      } else if (e.type === EventType.AUCTION) {
        const a = e.auction
        timestamp = a.dateTime
        if (timestamp <= watermark) throw lateEventError(timestamp, watermark)
        let best = -1
        const waiting = early.get(a.id)
        if (waiting !== undefined) {
          for (const b of waiting) {
            if (b.dateTime >= a.dateTime && b.dateTime <= a.expires && b.price > best) {
              best = b.price
            }
          }
          early.delete(a.id)
        }
        const { id, dateTime, expires, category } = a
        open.set(id, { id, dateTime, expires, category, best })
        timers.push(a.expires, a.id)
      } else {
        timestamp = e.person.dateTime
        if (timestamp <= watermark) throw lateEventError(timestamp, watermark)
      }
      if (timestamp > maxTimestamp) {
        maxTimestamp = timestamp
        watermark = watermarkAfter(maxTimestamp)
        if (timers.peekTime() <= watermark) fireTimers()
      }
    }
    watermark = Number.POSITIVE_INFINITY
    fireTimers()
  },

  canonical: (rows) => canonicalRows(rows, COLUMNS),
}
