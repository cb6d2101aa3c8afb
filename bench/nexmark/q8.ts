// Nexmark q8, new users: the people who registered and opened an auction in the same 10 s
// tumbling window. Reference: q8.sql, a join of the windowed (id, name) of persons with the
// windowed sellers of auctions: one row per person and window, however many auctions.
// Here a window co-group of the two sides, keyed by person id = seller.
import {
  TumblingEventTimeWindows,
  Types,
  type Collector,
  type TypeInformation,
} from '../../src/index.js'
import { EventType, type Person } from '../../src/connectors/nexmark/index.js'
import { eventTimestamp, lateEventError, watermarkAfter } from './event-streams.js'
import { canonicalRows, type NexmarkQuery } from './query.js'
import { WindowBuffer } from './window-buffer.js'

export interface Q8Row {
  id: number
  name: string
  /** The window's start. */
  stime: number
}

const SIZE = 10_000
const NEW_PERSON_TYPE: TypeInformation<NewPerson> = Types.ROW({
  id: Types.LONG,
  name: Types.STRING,
  dateTime: Types.LONG,
})
const COLUMNS = ['id', 'name', 'stime'] as const

interface NewPerson {
  id: number
  name: string
  dateTime: number
}

function windowStart(timestamp: number): number {
  return timestamp - (((timestamp % SIZE) + SIZE) % SIZE)
}

export const q8: NexmarkQuery<Q8Row> = {
  name: 'q8',
  description: 'new users: people who opened an auction in the 10 s window they registered in',

  build(events) {
    const people = events
      .flatMap<NewPerson>((e, out) => {
        if (e.type !== EventType.PERSON) return
        const p = e.person
        out.collect({ id: p.id, name: p.name, dateTime: p.dateTime })
      }, NEW_PERSON_TYPE)
      .name('Persons')
    const sellers = events
      .flatMap<number>((e, out) => {
        if (e.type === EventType.AUCTION) out.collect(e.auction.seller)
      }, Types.LONG)
      .name('Sellers')
    return people
      .coGroup(sellers)
      .where((p) => p.id)
      .equalTo((seller) => seller)
      .window(TumblingEventTimeWindows.of(SIZE))
      .apply((ps: Iterable<NewPerson>, sold: Iterable<number>, out: Collector<Q8Row>) => {
        if (sold[Symbol.iterator]().next().done === true) return
        for (const p of ps) out.collect({ id: p.id, name: p.name, stime: windowStart(p.dateTime) })
      })
      .name('q8 join')
      .uid('q8-join')
  },

  baseline(events, emit) {
    interface Window {
      people: Person[]
      sellers: Set<number>
    }
    const windows = new WindowBuffer<Window>(SIZE)
    const fire = (start: number, _end: number, w: Window): void => {
      for (const p of w.people)
        if (w.sellers.has(p.id)) emit({ id: p.id, name: p.name, stime: start })
    }
    let maxTimestamp = Number.NEGATIVE_INFINITY
    let watermark = Number.NEGATIVE_INFINITY
    while (events.hasNext()) {
      const e = events.next()
      const timestamp = eventTimestamp(e)
      if (timestamp <= watermark) throw lateEventError(timestamp, watermark)
      if (e.type !== EventType.BID) {
        const start = windows.lastStart(timestamp)
        let w = windows.get(start)
        if (w === undefined) {
          w = { people: [], sellers: new Set() }
          windows.set(start, w)
        }
        if (e.type === EventType.PERSON) w.people.push(e.person)
        else w.sellers.add(e.auction.seller)
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
