// New auctions, and the auction ids that bids refer to: as person ids, they follow from the event
// id alone. An auction's length is drawn so that about `numInFlightAuctions` are open at a time.
// Flink (nexmark): com.github.nexmark.flink.generator.model.AuctionGenerator.
import type { Auction } from './event.js'
import {
  FIRST_AUCTION_ID,
  FIRST_CATEGORY_ID,
  FIRST_PERSON_ID,
  longDiv,
  type GeneratorConfig,
} from './generator-config.js'
import type { JavaRandom } from './java-random.js'
import { lastBase0PersonId, nextBase0PersonId } from './person-generator.js'
import { nextLong, nextPrice } from './price-generator.js'
import { nextExtra, nextString } from './strings-generator.js'

const NUM_CATEGORIES = 5
/** Auction ids past the last one created that bids may already name. */
const AUCTION_ID_LEAD = 10
/** Hot sellers are the first person of each batch of this many. */
const HOT_SELLER_RATIO = 100

/**
 * The auction of event `eventId` with event time `timestamp`. `adjustedEventNumber` is the
 * event's number after the out-of-order permutation (the reference's
 * `nextAdjustedEventNumber(eventsCountSoFar)`), from which the auction length is derived.
 */
export function nextAuction(
  adjustedEventNumber: number,
  eventId: number,
  random: JavaRandom,
  timestamp: number,
  config: GeneratorConfig,
): Auction {
  const id = lastBase0AuctionId(config, eventId) + FIRST_AUCTION_ID
  let seller: number
  // A hot seller with probability 1 - 1/hotSellersRatio.
  if (random.nextInt(config.configuration.hotSellersRatio) > 0) {
    seller = longDiv(lastBase0PersonId(config, eventId), HOT_SELLER_RATIO) * HOT_SELLER_RATIO
  } else {
    seller = nextBase0PersonId(eventId, random, config)
  }
  seller += FIRST_PERSON_ID
  const category = FIRST_CATEGORY_ID + random.nextInt(NUM_CATEGORIES)
  const initialBid = nextPrice(random)
  const expires = timestamp + nextAuctionLengthMs(adjustedEventNumber, random, timestamp, config)
  const itemName = nextString(random, 20)
  const description = nextString(random, 100)
  const reserve = initialBid + nextPrice(random)
  const currentSize = 8 + itemName.length + description.length + 8 + 8 + 8 + 8 + 8
  const extra = nextExtra(random, currentSize, config.configuration.avgAuctionByteSize)
  return {
    id,
    itemName,
    description,
    initialBid,
    reserve,
    dateTime: timestamp,
    expires,
    seller,
    category,
    extra,
  }
}

/** The last auction created at or before event `eventId` (base 0): this one if it is an auction. */
export function lastBase0AuctionId(config: GeneratorConfig, eventId: number): number {
  const offset = eventId % config.totalProportion
  let epoch = (eventId - offset) / config.totalProportion
  let inEpoch: number
  if (offset < config.personProportion) {
    // A person: the last auction of the previous epoch (-1 before the first auction).
    epoch--
    inEpoch = config.auctionProportion - 1
  } else if (offset >= config.personProportion + config.auctionProportion) {
    // A bid: the last auction of this epoch.
    inEpoch = config.auctionProportion - 1
  } else {
    inEpoch = offset - config.personProportion
  }
  return epoch * config.auctionProportion + inEpoch
}

/** A random auction among those likely still open, or a few ahead of the last (base 0). */
export function nextBase0AuctionId(
  eventId: number,
  random: JavaRandom,
  config: GeneratorConfig,
): number {
  const maxAuction = lastBase0AuctionId(config, eventId)
  const minAuction = Math.max(maxAuction - config.configuration.numInFlightAuctions, 0)
  return minAuction + nextLong(random, maxAuction - minAuction + 1 + AUCTION_ID_LEAD)
}

/** 1 + uniform below twice the event time until numInFlightAuctions more auctions exist. */
function nextAuctionLengthMs(
  adjustedEventNumber: number,
  random: JavaRandom,
  timestamp: number,
  config: GeneratorConfig,
): number {
  const numEventsForAuctions = longDiv(
    config.configuration.numInFlightAuctions * config.totalProportion,
    config.auctionProportion,
  )
  const futureAuction = config.timestampForEvent(adjustedEventNumber + numEventsForAuctions)
  const horizonMs = futureAuction - timestamp
  return 1 + nextLong(random, Math.max(horizonMs * 2, 1))
}
