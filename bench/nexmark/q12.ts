// Nexmark q12, processing-time windows: bids per bidder in 10 s tumbling windows of processing
// time. Reference: q12.sql (TUMBLE over PROCTIME()). Departure: the windows still open when a
// bounded input ends fire then (Flink drops pending processing-time timers at the end of input,
// FLIP-147, so a bounded run would lose its last windows' bids). Which window a bid lands in
// depends on the wall clock; the canonical form is therefore each bidder's total count.
import {
  Trigger,
  TumblingProcessingTimeWindows,
  type Collector,
  type TimeWindow,
  type TriggerContext,
  type TriggerResult,
  Types,
} from '../../src/index.js'
import { EventType } from '../../src/connectors/nexmark/index.js'
import { bids } from './event-streams.js'
import { type NexmarkQuery } from './query.js'

export interface Q12Row {
  bidder: number
  bidCount: number
  starttime: number
  endtime: number
}

const SIZE = 10_000
/** The last watermark, which a bounded source emits at its end. */
const END_OF_INPUT = Number.POSITIVE_INFINITY

/** ProcessingTimeTrigger, plus: fire and purge when the input ends (event time reaches +∞). */
class ProcessingTimeOrEndOfInputTrigger extends Trigger<unknown, TimeWindow> {
  onElement(_e: unknown, _t: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    ctx.registerProcessingTimeTimer(window.maxTimestamp())
    ctx.registerEventTimeTimer(END_OF_INPUT)
    return 'CONTINUE'
  }

  onProcessingTime(): TriggerResult {
    return 'FIRE'
  }

  onEventTime(time: number): TriggerResult {
    return time === END_OF_INPUT ? 'FIRE_AND_PURGE' : 'CONTINUE'
  }

  clear(window: TimeWindow, ctx: TriggerContext): void {
    ctx.deleteProcessingTimeTimer(window.maxTimestamp())
    ctx.deleteEventTimeTimer(END_OF_INPUT)
  }
}

export const q12: NexmarkQuery<Q12Row> = {
  name: 'q12',
  description: 'processing-time windows: bids per bidder per 10 s of wall-clock time',

  build(events) {
    return bids(events)
      .map((b) => b.bidder, Types.LONG)
      .name('Bidder of bid')
      .keyBy((bidder) => bidder)
      .window(TumblingProcessingTimeWindows.of(SIZE))
      .trigger(new ProcessingTimeOrEndOfInputTrigger())
      .aggregate(
        {
          createAccumulator: () => 0,
          add: (_bidder: number, count: number) => count + 1,
          getResult: (count: number) => count,
          merge: (a: number, b: number) => a + b,
        },
        (bidder: number, w: TimeWindow, counts: Iterable<number>, out: Collector<Q12Row>) => {
          for (const bidCount of counts) {
            out.collect({ bidder, bidCount, starttime: w.start, endtime: w.end })
          }
        },
      )
      .name('q12 bids per bidder')
      .uid('q12-count')
  },

  baseline(events, emit) {
    let counts = new Map<number, number>()
    let end = Number.NEGATIVE_INFINITY
    const fire = (): void => {
      for (const [bidder, bidCount] of counts) {
        emit({ bidder, bidCount, starttime: end - SIZE, endtime: end })
      }
      counts = new Map()
    }
    while (events.hasNext()) {
      const e = events.next()
      if (e.type !== EventType.BID) continue
      // As the window operator: each bid reads the clock to find its window.
      const now = Date.now()
      if (now >= end) {
        fire()
        end = now - (now % SIZE) + SIZE
      }
      const bidder = e.bid.bidder
      counts.set(bidder, (counts.get(bidder) ?? 0) + 1)
    }
    fire()
  },

  canonical(rows) {
    const totals = new Map<number, number>()
    for (const r of rows) totals.set(r.bidder, (totals.get(r.bidder) ?? 0) + r.bidCount)
    return [...totals].map(([bidder, total]) => JSON.stringify([bidder, total])).sort()
  },
}
