// Wraps a reader so that it emits no faster than its RateLimiter allows, without blocking the
// task: with no permit due, `pollNext` says NOTHING_AVAILABLE and `isAvailable()` resolves on a
// timer when the next one is. A permit is taken per record emitted, not per poll, so polls that
// only switch splits cost none. Flink: org.apache.flink.api.connector.source.util.ratelimit.RateLimitedSourceReader.
import type {
  InputStatus,
  ReaderOutput,
  SourceOutput,
  SourceReader,
  SourceSplit,
} from '../../api/connector/source/source.js'
import type { RateLimiter } from './rate-limiter.js'

/** Runs `callback` once after `delayMs`; the returned function cancels it. Tests inject one. */
export type ScheduleTimer = (callback: () => void, delayMs: number) => () => void

const setTimeoutTimer: ScheduleTimer = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs)
  return () => clearTimeout(timer)
}

export class RateLimitedSourceReader<T, SplitT extends SourceSplit> implements SourceReader<
  T,
  SplitT
> {
  private readonly reader: SourceReader<T, SplitT>
  private readonly rateLimiter: RateLimiter
  private readonly scheduleTimer: ScheduleTimer
  private readonly output: RateLimitedOutput<T>
  /** Pending while waiting for the next permit; null otherwise. */
  private availability: Promise<void> | null
  private cancelTimer: (() => void) | null

  constructor(
    reader: SourceReader<T, SplitT>,
    rateLimiter: RateLimiter,
    scheduleTimer: ScheduleTimer = setTimeoutTimer,
  ) {
    this.reader = reader
    this.rateLimiter = rateLimiter
    this.scheduleTimer = scheduleTimer
    this.output = new RateLimitedOutput<T>(rateLimiter)
    this.availability = null
    this.cancelTimer = null
  }

  start(): void {
    this.reader.start()
  }

  pollNext(output: ReaderOutput<T>): InputStatus {
    if (!this.rateLimiter.hasPermit()) return 'NOTHING_AVAILABLE'
    this.output.target = output
    return this.reader.pollNext(this.output)
  }

  isAvailable(): Promise<void> {
    if (this.availability !== null) return this.availability
    const delay = this.rateLimiter.getDelayMillis()
    if (delay <= 0) return this.reader.isAvailable()
    // Timers have millisecond granularity; waking early would only find no permit again.
    const delayMs = Math.ceil(delay)
    this.availability = new Promise<void>((resolve) => {
      this.cancelTimer = this.scheduleTimer(() => {
        this.availability = null
        this.cancelTimer = null
        resolve()
      }, delayMs)
    })
    return this.availability
  }

  addSplits(splits: SplitT[]): void {
    this.reader.addSplits(splits)
  }

  notifyNoMoreSplits(): void {
    this.reader.notifyNoMoreSplits()
  }

  snapshotState(checkpointId: number): SplitT[] {
    return this.reader.snapshotState(checkpointId)
  }

  close(): void {
    // A pending availability promise stays unresolved: the task is terminal and polls no more.
    this.cancelTimer?.()
    this.cancelTimer = null
    this.reader.close()
  }
}

/** Takes a permit per record on its way to the task's output. One per reader, reused per poll. */
class RateLimitedOutput<T> implements ReaderOutput<T> {
  target: ReaderOutput<T>
  private readonly rateLimiter: RateLimiter

  constructor(rateLimiter: RateLimiter) {
    this.target = NO_OUTPUT
    this.rateLimiter = rateLimiter
  }

  collect(record: T, timestamp?: number): void {
    this.rateLimiter.acquire()
    this.target.collect(record, timestamp)
  }

  createOutputForSplit(splitId: string): SourceOutput<T> {
    // The split's output is taken from the target of the poll that emits, as the target may change.
    let target: ReaderOutput<T> | null = null
    let split: SourceOutput<T> | null = null
    return {
      collect: (record: T, timestamp?: number): void => {
        this.rateLimiter.acquire()
        if (target !== this.target) {
          target = this.target
          split = target.createOutputForSplit(splitId)
        }
        split!.collect(record, timestamp)
      },
    }
  }

  releaseOutputForSplit(splitId: string): void {
    this.target.releaseOutputForSplit(splitId)
  }
}

function emittedOutsidePoll(): never {
  throw new Error('RateLimitedSourceReader: the wrapped reader emitted outside of pollNext')
}

const NO_OUTPUT: ReaderOutput<never> = {
  collect: emittedOutsidePoll,
  createOutputForSplit: emittedOutsidePoll,
  releaseOutputForSplit: emittedOutsidePoll,
}
