// Bids: mostly on a hot auction by a hot bidder, half of them through one of four hot channels,
// the rest through one of 10 000 channels whose URLs are made once per process.
// Flink (nexmark): com.github.nexmark.flink.generator.model.BidGenerator.
import { lastBase0AuctionId, nextBase0AuctionId } from './auction-generator.js'
import type { Bid } from './event.js'
import {
  FIRST_AUCTION_ID,
  FIRST_PERSON_ID,
  longDiv,
  type GeneratorConfig,
} from './generator-config.js'
import { JavaRandom } from './java-random.js'
import { lastBase0PersonId, nextBase0PersonId } from './person-generator.js'
import { nextPrice } from './price-generator.js'
import { nextExtra, nextString } from './strings-generator.js'

/** Hot auctions and bidders are picked from the batch of the last this many. */
const HOT_AUCTION_RATIO = 100
const HOT_BIDDER_RATIO = 100
/** 1 - 1/ratio of bids come through a hot channel. */
const HOT_CHANNELS_RATIO = 2
const CHANNELS_NUMBER = 10_000
const HOT_CHANNELS: readonly string[] = ['Google', 'Facebook', 'Baidu', 'Apple']
/**
 * Seeds the channel URLs. The reference draws them from an unseeded random when the class loads,
 * so they differ from run to run; a fixed seed keeps Eddy's events reproducible.
 */
const CHANNEL_URL_SEED = 0x4e45584d

interface ChannelUrls {
  readonly hotUrls: readonly string[]
  readonly channels: readonly string[]
  readonly urls: readonly string[]
}

let channelUrls: ChannelUrls | undefined

/** The hot channels' URLs, then each channel's, in the reference's order of draws. */
function getChannelUrls(): ChannelUrls {
  if (channelUrls !== undefined) return channelUrls
  const random = new JavaRandom(CHANNEL_URL_SEED)
  const hotUrls = HOT_CHANNELS.map(() => baseUrl(random))
  const channels: string[] = []
  const urls: string[] = []
  for (let i = 0; i < CHANNELS_NUMBER; i++) {
    let url = baseUrl(random)
    if (random.nextInt(10) > 0) url += '&channel_id=' + javaAbs(reverseBits(i))
    channels.push('channel-' + i)
    urls.push(url)
  }
  return (channelUrls = { hotUrls, channels, urls })
}

/** Builds the channel table now rather than on the first bid. */
export function initializeBidGenerator(): void {
  getChannelUrls()
}

function baseUrl(random: JavaRandom): string {
  return (
    'https://www.nexmark.com/' +
    nextString(random, 5, '_') +
    '/' +
    nextString(random, 5, '_') +
    '/' +
    nextString(random, 5, '_') +
    '/' +
    'item.htm?query=1'
  )
}

/** Java's Integer.reverse. */
function reverseBits(i: number): number {
  let r = 0
  for (let bit = 0; bit < 32; bit++) r = (r << 1) | ((i >>> bit) & 1)
  return r | 0
}

/** Java's Math.abs(int): Integer.MIN_VALUE stays negative. */
function javaAbs(i: number): number {
  return i === -0x80000000 ? i : Math.abs(i)
}

/** The bid of event `eventId` with event time `timestamp`. Draws in the reference's order. */
export function nextBid(
  eventId: number,
  random: JavaRandom,
  timestamp: number,
  config: GeneratorConfig,
): Bid {
  const c = config.configuration
  let auction: number
  if (random.nextInt(c.hotAuctionRatio) > 0) {
    auction = longDiv(lastBase0AuctionId(config, eventId), HOT_AUCTION_RATIO) * HOT_AUCTION_RATIO
  } else {
    auction = nextBase0AuctionId(eventId, random, config)
  }
  auction += FIRST_AUCTION_ID

  let bidder: number
  if (random.nextInt(c.hotBiddersRatio) > 0) {
    // The second person of the batch, so that hot bidders and hot sellers differ.
    bidder = longDiv(lastBase0PersonId(config, eventId), HOT_BIDDER_RATIO) * HOT_BIDDER_RATIO + 1
  } else {
    bidder = nextBase0PersonId(eventId, random, config)
  }
  bidder += FIRST_PERSON_ID

  const price = nextPrice(random)
  const table = getChannelUrls()
  let channel: string
  let url: string
  if (random.nextInt(HOT_CHANNELS_RATIO) > 0) {
    const i = random.nextInt(HOT_CHANNELS.length)
    channel = HOT_CHANNELS[i]!
    url = table.hotUrls[i]!
  } else {
    const i = random.nextInt(CHANNELS_NUMBER)
    channel = table.channels[i]!
    url = table.urls[i]!
  }
  // The reference adds the first person id a second time here; kept so that bidders match it.
  bidder += FIRST_PERSON_ID

  const extra = nextExtra(random, 8 + 8 + 8 + 8, c.avgBidByteSize)
  return { auction, bidder, price, channel, url, dateTime: timestamp, extra }
}
