// The `eddy/connectors/nexmark` entry: the Nexmark benchmark's event generator, as a parallel
// FLIP-27 source and as a plain synchronous generator. Flink (nexmark): nexmark-flink.
export { NexmarkSource } from './nexmark-source.js'
export { NexmarkGenerator } from './nexmark-generator.js'
export {
  DEFAULT_NEXMARK_CONFIGURATION,
  resolveNexmarkConfiguration,
  type NexmarkConfiguration,
} from './nexmark-configuration.js'
export {
  AUCTION_TYPE,
  BID_TYPE,
  EVENT_TYPE,
  EventType,
  PERSON_TYPE,
  type Auction,
  type AuctionEvent,
  type Bid,
  type BidEvent,
  type Event,
  type Person,
  type PersonEvent,
} from './event.js'
export { NexmarkSplit } from './nexmark-split.js'
export { JavaRandom } from './java-random.js'
