// Reads Nexmark splits: each poll emits a batch of one split's events, with their event time as
// the record timestamp, and moves on to the next split, so several splits (after a rescale)
// advance together. Never blocks: when pacing and nothing is due it says NOTHING_AVAILABLE and
// `isAvailable()` resolves on a timer. Flink (nexmark): com.github.nexmark.flink.source.NexmarkSourceReader.
import type {
  InputStatus,
  ReaderOutput,
  SourceOutput,
  SourceReader,
  SourceReaderContext,
} from '../../api/connector/source/source.js'
import type { Event } from './event.js'
import type { NexmarkGenerator } from './nexmark-generator.js'
import type { NexmarkSplit } from './nexmark-split.js'

/** Events one poll emits from one split: small enough that the task checks credit often. */
const BATCH = 64

/** Runs `callback` once after `delayMs`; the returned function cancels it. Tests inject one. */
export type ScheduleTimer = (callback: () => void, delayMs: number) => () => void

const setTimeoutTimer: ScheduleTimer = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs)
  return () => clearTimeout(timer)
}

const AVAILABLE: Promise<void> = Promise.resolve()

/** A split being read, with its output taken from the reader output it was made for. */
class SplitReading {
  readonly split: NexmarkSplit
  output: SourceOutput<Event> | null = null
  outputOf: ReaderOutput<Event> | null = null

  constructor(split: NexmarkSplit) {
    this.split = split
  }
}

export class NexmarkSourceReader implements SourceReader<Event, NexmarkSplit> {
  private readonly context: SourceReaderContext
  private readonly generator: NexmarkGenerator
  private readonly maxEvents: number
  private readonly paced: boolean
  private readonly clock: () => number
  private readonly scheduleTimer: ScheduleTimer
  private readonly readings: SplitReading[] = []
  /** The split the next poll reads. */
  private cursor = 0
  private noMoreSplits = false
  /** When pacing found nothing due: the wall-clock ms of the earliest due event. */
  private wakeAt = Number.NEGATIVE_INFINITY
  private availability: Promise<void> | null = null
  private resolveAvailability: (() => void) | null = null
  private cancelTimer: (() => void) | null = null

  constructor(
    context: SourceReaderContext,
    generator: NexmarkGenerator,
    clock: () => number = Date.now,
    scheduleTimer: ScheduleTimer = setTimeoutTimer,
  ) {
    this.context = context
    this.generator = generator
    this.maxEvents = generator.maxEvents
    this.paced = !generator.configuration.maxEmitSpeed
    this.clock = clock
    this.scheduleTimer = scheduleTimer
  }

  start(): void {
    this.context.sendSplitRequest()
  }

  pollNext(output: ReaderOutput<Event>): InputStatus {
    const readings = this.readings
    const now = this.paced ? this.clock() : 0
    let wakeAt = Number.POSITIVE_INFINITY
    // One pass at most: emit from the first split that has something to emit.
    for (let attempts = readings.length; attempts > 0; attempts--) {
      if (this.cursor >= readings.length) this.cursor = 0
      const reading = readings[this.cursor]!
      const split = reading.split
      if (split.next >= this.maxEvents) {
        output.releaseOutputForSplit(split.id)
        readings.splice(this.cursor, 1)
        if (readings.length === 0 && !this.noMoreSplits) this.context.sendSplitRequest()
        continue
      }
      if (reading.outputOf !== output) {
        reading.output = output.createOutputForSplit(split.id)
        reading.outputOf = output
      }
      this.cursor++
      const emitted = this.paced
        ? this.emitDue(split, reading.output!, now)
        : this.emitBatch(split, reading.output!, this.maxEvents)
      if (emitted) return 'MORE_AVAILABLE'
      const due = split.wallclockBaseTime + this.generator.emitDelayAt(split.next)
      if (due < wakeAt) wakeAt = due
    }
    if (readings.length === 0) return this.noMoreSplits ? 'END_OF_INPUT' : 'NOTHING_AVAILABLE'
    this.wakeAt = wakeAt
    return 'NOTHING_AVAILABLE'
  }

  /** Emits up to BATCH events of `split` below `end`; whether it emitted any. */
  private emitBatch(split: NexmarkSplit, out: SourceOutput<Event>, end: number): boolean {
    const generator = this.generator
    const stride = split.stride
    let next = split.next
    const start = next
    for (let i = 0; i < BATCH && next < end; i++) {
      out.collect(generator.eventAt(next), generator.timestampAt(next))
      next += stride
    }
    split.next = next
    return next !== start
  }

  /** Emits the events of `split` whose wall-clock time has come (at most BATCH). */
  private emitDue(split: NexmarkSplit, out: SourceOutput<Event>, now: number): boolean {
    if (split.wallclockBaseTime < 0) split.wallclockBaseTime = now
    // Indices are due in order: find the end of the due run, then emit it.
    const generator = this.generator
    const base = split.wallclockBaseTime
    let end = split.next
    for (let i = 0; i < BATCH && end < this.maxEvents; i++) {
      if (base + generator.emitDelayAt(end) > now) break
      end += split.stride
    }
    return this.emitBatch(split, out, end)
  }

  isAvailable(): Promise<void> {
    if (this.readings.length === 0) {
      if (this.noMoreSplits) return AVAILABLE
      return this.pending()
    }
    if (!this.paced) return AVAILABLE
    const delay = this.wakeAt - this.clock()
    if (delay <= 0) return AVAILABLE
    if (this.cancelTimer === null) {
      // Timers have millisecond granularity; waking early would only find nothing due again.
      this.cancelTimer = this.scheduleTimer(() => {
        this.cancelTimer = null
        this.signalAvailable()
      }, Math.ceil(delay))
    }
    return this.pending()
  }

  private pending(): Promise<void> {
    this.availability ??= new Promise<void>((resolve) => {
      this.resolveAvailability = resolve
    })
    return this.availability
  }

  private signalAvailable(): void {
    const resolve = this.resolveAvailability
    this.availability = null
    this.resolveAvailability = null
    resolve?.()
  }

  addSplits(splits: NexmarkSplit[]): void {
    for (const split of splits) this.readings.push(new SplitReading(split))
    // New splits are read from now on, whatever a pacing timer was waiting for.
    this.wakeAt = Number.NEGATIVE_INFINITY
    this.signalAvailable()
  }

  notifyNoMoreSplits(): void {
    this.noMoreSplits = true
    this.signalAvailable()
  }

  /** Copies of the unfinished splits, each at its next index. */
  snapshotState(): NexmarkSplit[] {
    return this.readings.map((reading) => reading.split.copy())
  }

  close(): void {
    // A pending availability promise stays unresolved: the task is terminal and polls no more.
    this.cancelTimer?.()
    this.cancelTimer = null
  }
}
