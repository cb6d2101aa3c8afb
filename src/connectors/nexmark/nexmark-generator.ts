// The Nexmark event stream as a plain, synchronous function of the event index: event i is the
// same whoever asks for it and in whatever order, which lets splits share the work and a restored
// reader resume. Also iterable, for hand-written baselines.
// Flink (nexmark): com.github.nexmark.flink.generator.NexmarkGenerator.
import { nextAuction } from './auction-generator.js'
import { initializeBidGenerator, nextBid } from './bid-generator.js'
import { EventType, type Event } from './event.js'
import { GeneratorConfig } from './generator-config.js'
import { JavaRandom } from './java-random.js'
import { resolveNexmarkConfiguration, type NexmarkConfiguration } from './nexmark-configuration.js'
import { nextPerson } from './person-generator.js'
import { initializeStringsGenerator } from './strings-generator.js'

/**
 * Generates Nexmark events by index, 0 being the first. Event `i` has event number
 * `firstEventNumber + i`; within out-of-order groups that number is permuted, and the permuted
 * number `n` gives the event's id (`firstEventId + n`, which seeds a java.util.Random for the
 * event and decides its kind) and its timestamp (`baseTime + n * 1e6 / firstEventRate µs`).
 *
 * `eventAt` is pure; `next()` walks the indices in order. Generating is synchronous and
 * allocates only the event and its strings (it reuses one JavaRandom, reseeded per event).
 *
 * @public
 * @example
 * const generator = new NexmarkGenerator({ numEvents: 1_000_000 })
 * let sum = 0
 * while (generator.hasNext()) {
 *   const event = generator.next()
 *   if (event.type === EventType.BID) sum += event.bid.price
 * }
 */
export class NexmarkGenerator {
  readonly configuration: Readonly<NexmarkConfiguration>
  /** How many events there are: `numEvents`, or the reference's cap when that is 0. */
  readonly maxEvents: number
  private readonly config: GeneratorConfig
  private readonly random: JavaRandom
  private nextIndex: number

  constructor(configuration: Partial<NexmarkConfiguration> = {}) {
    this.configuration = resolveNexmarkConfiguration(configuration)
    this.config = new GeneratorConfig(this.configuration)
    this.maxEvents = this.config.maxEvents
    this.random = new JavaRandom(0)
    this.nextIndex = 0
    // The shared tables are built here, not inside the first poll of a reader.
    initializeStringsGenerator()
    initializeBidGenerator()
  }

  /** The event at `index` (0 ≤ index; indices past `maxEvents` continue the stream). */
  eventAt(index: number): Event {
    const config = this.config
    const eventNumber = config.adjustedEventNumber(config.firstEventNumber + index)
    const timestamp = config.timestampForEvent(eventNumber)
    const eventId = config.firstEventId + eventNumber
    const random = this.random
    random.setSeed(eventId)
    const rem = eventId % config.totalProportion
    if (rem < config.personProportion) {
      const person = nextPerson(eventId, random, timestamp, config)
      return { type: EventType.PERSON, person, auction: null, bid: null }
    }
    if (rem < config.personProportion + config.auctionProportion) {
      const auction = nextAuction(eventNumber, eventId, random, timestamp, config)
      return { type: EventType.AUCTION, person: null, auction, bid: null }
    }
    const bid = nextBid(eventId, random, timestamp, config)
    return { type: EventType.BID, person: null, auction: null, bid }
  }

  /** The event time of `eventAt(index)` (its `dateTime`), epoch ms. */
  timestampAt(index: number): number {
    const config = this.config
    return config.timestampForEvent(config.adjustedEventNumber(config.firstEventNumber + index))
  }

  /**
   * A lower bound of the timestamps of `eventAt(index)` and of every later event: the reference's
   * NextEvent.watermark (below the event's own timestamp only within out-of-order groups).
   */
  watermarkAt(index: number): number {
    const config = this.config
    return config.timestampForEvent(config.eventNumberForWatermark(config.firstEventNumber + index))
  }

  /**
   * Milliseconds after a paced reader's first event at which `eventAt(index)` is due: its
   * in-order event time minus `baseTime` (the reference's wallclockTimestamp - wallclockBaseTime).
   */
  emitDelayAt(index: number): number {
    const config = this.config
    return config.timestampForEvent(config.firstEventNumber + index) - config.baseTime
  }

  /** Whether `next()` has an event left. */
  hasNext(): boolean {
    return this.nextIndex < this.maxEvents
  }

  /** The next event in index order. Throws once all `maxEvents` are generated. */
  next(): Event {
    if (this.nextIndex >= this.maxEvents) {
      throw new RangeError(`All ${this.maxEvents} Nexmark events have been generated`)
    }
    return this.eventAt(this.nextIndex++)
  }

  /** How many events `next()` has returned (Java's getEventsCountSoFar); the next index. */
  getEventsCountSoFar(): number {
    return this.nextIndex
  }

  /** Makes `next()` continue at `index`, e.g. from a stored position. */
  seek(index: number): void {
    if (!Number.isSafeInteger(index) || index < 0) {
      throw new RangeError(`A Nexmark event index must be a non-negative integer, got ${index}`)
    }
    this.nextIndex = index
  }

  /** The remaining events, in order. Convenient, but slower than `hasNext`/`next` loops. */
  *[Symbol.iterator](): IterableIterator<Event> {
    while (this.nextIndex < this.maxEvents) yield this.eventAt(this.nextIndex++)
  }
}
