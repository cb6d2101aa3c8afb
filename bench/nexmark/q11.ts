// Nexmark q11, user sessions: per bidder, the bids of each session (bids less than 10 s apart),
// counted, with the session's start and end (last bid + 10 s). Reference: q11.sql
// (SESSION(dateTime, INTERVAL '10' SECOND) grouped by bidder).
import { EventTimeSessionWindows, Types, type Collector, type TimeWindow } from '../../src/index.js'
import { EventType } from '../../src/connectors/nexmark/index.js'
import { bids, eventTimestamp, lateEventError, watermarkAfter } from './event-streams.js'
import { canonicalRows, type NexmarkQuery } from './query.js'
import { TimerQueue } from './timer-queue.js'

export interface Q11Row {
  bidder: number
  bidCount: number
  starttime: number
  endtime: number
}

const GAP = 10_000
const COLUMNS = ['bidder', 'bidCount', 'starttime', 'endtime'] as const

/** An open session of the baseline: [start, end), its bids, and when its timer is due. */
interface Session {
  start: number
  end: number
  count: number
  timer: number
}

export const q11: NexmarkQuery<Q11Row> = {
  name: 'q11',
  description: 'user sessions: bids per bidder and session (10 s gap)',

  build(events) {
    return bids(events)
      .map((b) => b.bidder, Types.LONG)
      .name('Bidder of bid')
      .keyBy((bidder) => bidder)
      .window(EventTimeSessionWindows.withGap(GAP))
      .aggregate(
        {
          createAccumulator: () => 0,
          add: (_bidder: number, count: number) => count + 1,
          getResult: (count: number) => count,
          merge: (a: number, b: number) => a + b,
        },
        (bidder: number, w: TimeWindow, counts: Iterable<number>, out: Collector<Q11Row>) => {
          for (const bidCount of counts) {
            out.collect({ bidder, bidCount, starttime: w.start, endtime: w.end })
          }
        },
      )
      .name('q11 sessions')
      .uid('q11-sessions')
  },

  baseline(events, emit) {
    // Usually one open session per bidder; more only while out-of-order bids leave a gap.
    const open = new Map<number, Session[]>()
    // One pending timer per session, at or before its end - 1: when it comes due and the session
    // has grown since, it is pushed again at the new end - 1 (cheaper than one timer per bid).
    const timers = new TimerQueue<number>()
    let maxTimestamp = Number.NEGATIVE_INFINITY
    let watermark = Number.NEGATIVE_INFINITY
    const fireTimers = (): void => {
      while (timers.size > 0 && timers.peekTime() <= watermark) {
        const time = timers.peekTime()
        const bidder = timers.pop()
        const sessions = open.get(bidder)
        if (sessions === undefined) continue
        const i = sessions.findIndex((s) => s.timer === time)
        // The timer of a session merged into another.
        if (i < 0) continue
        const s = sessions[i]!
        if (s.end - 1 > time) {
          s.timer = s.end - 1
          timers.push(s.timer, bidder)
          continue
        }
        emit({ bidder, bidCount: s.count, starttime: s.start, endtime: s.end })
        if (sessions.length === 1) open.delete(bidder)
        else sessions.splice(i, 1)
      }
    }
    while (events.hasNext()) {
      const e = events.next()
      const timestamp = eventTimestamp(e)
      if (timestamp <= watermark) throw lateEventError(timestamp, watermark)
      if (e.type === EventType.BID) {
        const bidder = e.bid.bidder
        const end = timestamp + GAP
        let sessions = open.get(bidder)
        // Merge every session that [timestamp, end) overlaps or touches into the first of them,
        // as Flink's TimeWindow.mergeWindows does (open sessions never touch each other).
        let merged: Session | undefined
        if (sessions !== undefined) {
          for (let i = 0; i < sessions.length; i++) {
            const s = sessions[i]!
            if (s.start > end || s.end < timestamp) continue
            if (merged === undefined) {
              merged = s
              s.count++
              if (timestamp < s.start) s.start = timestamp
              if (end > s.end) s.end = end
            } else {
              merged.count += s.count
              if (s.start < merged.start) merged.start = s.start
              if (s.end > merged.end) merged.end = s.end
              sessions.splice(i--, 1)
            }
          }
        }
        if (merged === undefined) {
          const s = { start: timestamp, end, count: 1, timer: end - 1 }
          if (sessions === undefined) open.set(bidder, (sessions = [s]))
          else sessions.push(s)
          timers.push(s.timer, bidder)
        }
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
