// Tie-breaks for the ranking queries (q18, q19): where the reference's ORDER BY leaves bids tied,
// its result depends on arrival order; here ties are broken by every other field of the bid, so
// the result is the same at any parallelism and in the baseline.
import type { Bid } from '../../src/connectors/nexmark/index.js'

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** A total order on bids: by auction, bidder, price, dateTime, channel, url, extra. */
export function compareBids(a: Bid, b: Bid): number {
  return (
    a.auction - b.auction ||
    a.bidder - b.bidder ||
    a.price - b.price ||
    a.dateTime - b.dateTime ||
    compareStrings(a.channel, b.channel) ||
    compareStrings(a.url, b.url) ||
    compareStrings(a.extra, b.extra)
  )
}

/** q18's order: whether `a` is the later bid (by dateTime, ties by `compareBids`). */
export function isLaterBid(a: Bid, b: Bid): boolean {
  return a.dateTime !== b.dateTime ? a.dateTime > b.dateTime : compareBids(a, b) > 0
}

/** q19's order: whether `a` ranks above `b` (higher price; ties: earlier, then `compareBids`). */
export function ranksAbove(a: Bid, b: Bid): boolean {
  if (a.price !== b.price) return a.price > b.price
  return a.dateTime !== b.dateTime ? a.dateTime < b.dateTime : compareBids(a, b) < 0
}
