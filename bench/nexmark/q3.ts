// Nexmark q3, local item suggestion: an incremental inner join of the people in Oregon, Idaho or
// California with the auctions of category 10 they sell. Both sides are kept as state, without
// expiry, and a result is emitted as soon as both rows of a pair are there, whichever came first.
// Reference: q3.sql (a regular join: each pair once; the person id is unique).
import {
  KeyedCoProcessFunction,
  ListStateDescriptor,
  Types,
  ValueStateDescriptor,
  type Collector,
  type KeyedProcessFunctionContext,
  type ListState,
  type TypeInformation,
  type ValueState,
} from '../../src/index.js'
import { EventType } from '../../src/connectors/nexmark/index.js'
import { canonicalRows, type NexmarkQuery } from './query.js'

export interface Q3Row {
  name: string
  city: string
  state: string
  /** The auction's id. */
  id: number
}

/** The columns of a person the join keeps. */
interface Seller {
  id: number
  name: string
  city: string
  state: string
}

/** The columns of an auction the join keeps. */
interface SoldItem {
  id: number
  seller: number
}

const SELLER_TYPE: TypeInformation<Seller> = Types.ROW({
  id: Types.LONG,
  name: Types.STRING,
  city: Types.STRING,
  state: Types.STRING,
})
const SOLD_ITEM_TYPE: TypeInformation<SoldItem> = Types.ROW({ id: Types.LONG, seller: Types.LONG })

const COLUMNS = ['name', 'city', 'state', 'id'] as const

function isLocal(state: string): boolean {
  return state === 'OR' || state === 'ID' || state === 'CA'
}

/** Keyed by person id (= seller): the person once known, the auctions that came before it. */
class LocalItemJoin extends KeyedCoProcessFunction<number, Seller, SoldItem, Q3Row> {
  private seller!: ValueState<Seller>
  private waiting!: ListState<number>

  override open(): void {
    this.seller = this.getRuntimeContext().getState(new ValueStateDescriptor<Seller>('seller'))
    this.waiting = this.getRuntimeContext().getListState(
      new ListStateDescriptor<number>('auctions-before-seller'),
    )
  }

  processElement1(p: Seller, _ctx: KeyedProcessFunctionContext<number>, out: Collector<Q3Row>) {
    this.seller.update(p)
    for (const id of this.waiting.get()) {
      out.collect({ name: p.name, city: p.city, state: p.state, id })
    }
    this.waiting.clear()
  }

  processElement2(a: SoldItem, _ctx: KeyedProcessFunctionContext<number>, out: Collector<Q3Row>) {
    const p = this.seller.value()
    if (p === null) this.waiting.add(a.id)
    else out.collect({ name: p.name, city: p.city, state: p.state, id: a.id })
  }
}

export const q3: NexmarkQuery<Q3Row> = {
  name: 'q3',
  description: 'local item suggestion: people in OR/ID/CA joined with their category-10 auctions',

  build(events) {
    const sellers = events
      .flatMap<Seller>((e, out) => {
        if (e.type === EventType.PERSON && isLocal(e.person.state)) {
          const p = e.person
          out.collect({ id: p.id, name: p.name, city: p.city, state: p.state })
        }
      }, SELLER_TYPE)
      .name('Local persons')
    const items = events
      .flatMap<SoldItem>((e, out) => {
        if (e.type === EventType.AUCTION && e.auction.category === 10) {
          out.collect({ id: e.auction.id, seller: e.auction.seller })
        }
      }, SOLD_ITEM_TYPE)
      .name('Category 10 auctions')
    return sellers
      .connect(items)
      .keyBy(
        (p) => p.id,
        (a) => a.seller,
      )
      .process(new LocalItemJoin())
      .name('q3 join')
      .uid('q3-join')
  },

  baseline(events, emit) {
    const sellers = new Map<number, Seller>()
    const waiting = new Map<number, number[]>()
    while (events.hasNext()) {
      const e = events.next()
      if (e.type === EventType.PERSON) {
        const p = e.person
        if (!isLocal(p.state)) continue
        sellers.set(p.id, { id: p.id, name: p.name, city: p.city, state: p.state })
        const ids = waiting.get(p.id)
        if (ids !== undefined) {
          for (let i = 0; i < ids.length; i++) {
            emit({ name: p.name, city: p.city, state: p.state, id: ids[i]! })
          }
          waiting.delete(p.id)
        }
      } else if (e.type === EventType.AUCTION) {
        const a = e.auction
        if (a.category !== 10) continue
        const p = sellers.get(a.seller)
        if (p !== undefined) {
          emit({ name: p.name, city: p.city, state: p.state, id: a.id })
        } else {
          const ids = waiting.get(a.seller)
          if (ids === undefined) waiting.set(a.seller, [a.id])
          else ids.push(a.id)
        }
      }
    }
  },

  canonical: (rows) => canonicalRows(rows, COLUMNS),
}
