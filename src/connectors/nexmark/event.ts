// The Nexmark records: people, auctions and bids, and the event that carries one of them with a
// type tag. Longs are numbers (all fit in 2^53), instants are epoch milliseconds. Every event has
// the same four fields in the same order, so V8 sees one object shape for all of them.
// Flink (nexmark): com.github.nexmark.flink.model.{Person, Auction, Bid, Event}.
import type { TypeInformation } from '../../core/types/type-information.js'
import { Types } from '../../core/types/types.js'

/** A new person registering. @public */
export interface Person {
  /** Primary key, from 1000. */
  id: number
  name: string
  emailAddress: string
  creditCard: string
  city: string
  state: string
  /** Event time, epoch ms. */
  dateTime: number
  /** Padding to the configured average size. */
  extra: string
}

/** A new auction. @public */
export interface Auction {
  /** Primary key, from 1000. */
  id: number
  itemName: string
  description: string
  /** Cents. */
  initialBid: number
  /** Cents. */
  reserve: number
  /** Event time, epoch ms. */
  dateTime: number
  /** When the auction closes, epoch ms. */
  expires: number
  /** A Person id. */
  seller: number
  /** From 10 to 14. */
  category: number
  extra: string
}

/** A bid on an auction. @public */
export interface Bid {
  /** An Auction id. */
  auction: number
  /** A Person id (2000 and up: the reference adds the first person id twice). */
  bidder: number
  /** Cents. */
  price: number
  /** 'Google', 'Facebook', 'Baidu', 'Apple' or 'channel-<n>'. */
  channel: string
  url: string
  /** Event time, epoch ms. */
  dateTime: number
  extra: string
}

/** Event type tags, as Flink Nexmark's Event.Type values. @public */
export const EventType = Object.freeze({ PERSON: 0, AUCTION: 1, BID: 2 } as const)
export type EventType = (typeof EventType)[keyof typeof EventType]

/** @public */
export interface PersonEvent {
  type: typeof EventType.PERSON
  person: Person
  auction: null
  bid: null
}

/** @public */
export interface AuctionEvent {
  type: typeof EventType.AUCTION
  person: null
  auction: Auction
  bid: null
}

/** @public */
export interface BidEvent {
  type: typeof EventType.BID
  person: null
  auction: null
  bid: Bid
}

/**
 * One Nexmark event: switch on `type` to narrow it. The shape of the reference's SQL table
 * (`event_type`, `person`, `auction`, `bid`).
 *
 * @public
 * @example
 * if (event.type === EventType.BID) total += event.bid.price
 */
export type Event = PersonEvent | AuctionEvent | BidEvent

/** @public */
export const PERSON_TYPE: TypeInformation<Person> = Types.ROW({
  id: Types.LONG,
  name: Types.STRING,
  emailAddress: Types.STRING,
  creditCard: Types.STRING,
  city: Types.STRING,
  state: Types.STRING,
  dateTime: Types.LONG,
  extra: Types.STRING,
})

/** @public */
export const AUCTION_TYPE: TypeInformation<Auction> = Types.ROW({
  id: Types.LONG,
  itemName: Types.STRING,
  description: Types.STRING,
  initialBid: Types.LONG,
  reserve: Types.LONG,
  dateTime: Types.LONG,
  expires: Types.LONG,
  seller: Types.LONG,
  category: Types.LONG,
  extra: Types.STRING,
})

/** @public */
export const BID_TYPE: TypeInformation<Bid> = Types.ROW({
  auction: Types.LONG,
  bidder: Types.LONG,
  price: Types.LONG,
  channel: Types.STRING,
  url: Types.STRING,
  dateTime: Types.LONG,
  extra: Types.STRING,
})

/**
 * The type of `Event`, for a generated serializer. It checks field types, not that `type`
 * agrees with the one non-null record.
 *
 * @public
 */
export const EVENT_TYPE = Types.ROW({
  type: Types.INT,
  person: Types.NULLABLE(PERSON_TYPE),
  auction: Types.NULLABLE(AUCTION_TYPE),
  bid: Types.NULLABLE(BID_TYPE),
}) as TypeInformation<unknown> as TypeInformation<Event>
