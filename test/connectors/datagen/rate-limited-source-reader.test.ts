import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type {
  InputStatus,
  ReaderOutput,
  SourceReaderContext,
} from '../../../src/api/connector/source/source.js'
import { IndexRangeReader } from '../../../src/api/connector/source/lib/index-range-reader.js'
import { IndexRangeSplit } from '../../../src/api/connector/source/lib/index-range-split.js'
import { ManualClock } from '../../../src/core/time/clock.js'
import {
  RateLimitedSourceReader,
  type ScheduleTimer,
} from '../../../src/connectors/datagen/rate-limited-source-reader.js'
import { TokenBucketRateLimiter } from '../../../src/connectors/datagen/token-bucket-rate-limiter.js'

/** Timers that fire only when told to; records the delays asked for. */
class ManualTimers {
  readonly delays: number[] = []
  readonly cancelled: number[] = []
  private pending: (() => void)[] = []

  readonly schedule: ScheduleTimer = (callback, delayMs) => {
    const n = this.delays.length
    this.delays.push(delayMs)
    this.pending.push(callback)
    return () => {
      this.cancelled.push(n)
      this.pending = this.pending.filter((c) => c !== callback)
    }
  }

  fireAll(): void {
    const due = this.pending
    this.pending = []
    for (const c of due) c()
  }
}

class ListOutput implements ReaderOutput<number> {
  readonly records: number[] = []
  collect(record: number): void {
    this.records.push(record)
  }
  createOutputForSplit(): ListOutput {
    return this
  }
  releaseOutputForSplit(): void {}
}

const context: SourceReaderContext = {
  getIndexOfSubtask: () => 0,
  getNumberOfParallelSubtasks: () => 1,
  sendSplitRequest: () => {},
}

function setup(recordsPerSecond: number, to: number) {
  const clock = new ManualClock()
  const timers = new ManualTimers()
  const limiter = new TokenBucketRateLimiter(recordsPerSecond, () => clock.nanoTime())
  const reader = new RateLimitedSourceReader(
    new IndexRangeReader(context, (i) => i * 10),
    limiter,
    timers.schedule,
  )
  reader.start()
  reader.addSplits([new IndexRangeSplit('0', 0, to)])
  reader.notifyNoMoreSplits()
  return { clock, timers, reader }
}

/** Polls until the reader is not MORE_AVAILABLE; returns what each poll said and emitted. */
function pollUntilBlocked(
  reader: RateLimitedSourceReader<number, IndexRangeSplit>,
): [InputStatus, number[]][] {
  const trace: [InputStatus, number[]][] = []
  for (;;) {
    const output = new ListOutput()
    const status = reader.pollNext(output)
    trace.push([status, output.records])
    if (status !== 'MORE_AVAILABLE') return trace
  }
}

describe('RateLimitedSourceReader', () => {
  it('says NOTHING_AVAILABLE without a permit and asks for a timer until the next one', async () => {
    const { clock, timers, reader } = setup(100, 4)

    // Switching to the split costs no permit; the first record's permit is free.
    assert.deepStrictEqual(pollUntilBlocked(reader), [
      ['MORE_AVAILABLE', []],
      ['MORE_AVAILABLE', [0]],
      ['NOTHING_AVAILABLE', []],
    ])
    const available = reader.isAvailable()
    assert.equal(reader.isAvailable(), available)
    assert.deepStrictEqual(timers.delays, [10])

    clock.advanceTime(10)
    timers.fireAll()
    await available
    assert.deepStrictEqual(pollUntilBlocked(reader), [
      ['MORE_AVAILABLE', [10]],
      ['NOTHING_AVAILABLE', []],
    ])
    const next = reader.isAvailable()
    assert.notEqual(next, available)
    assert.deepStrictEqual(timers.delays, [10, 10])

    // A late timer finds the permits of the whole gap.
    clock.advanceTime(35)
    timers.fireAll()
    await next
    assert.deepStrictEqual(pollUntilBlocked(reader), [
      ['MORE_AVAILABLE', [20]],
      ['MORE_AVAILABLE', [30]],
      ['MORE_AVAILABLE', [40]],
      ['NOTHING_AVAILABLE', []],
    ])
    const last = reader.isAvailable()
    assert.deepStrictEqual(timers.delays, [10, 10, 5])

    clock.advanceTime(5)
    timers.fireAll()
    await last
    assert.deepStrictEqual(pollUntilBlocked(reader), [['END_OF_INPUT', []]])
    assert.deepStrictEqual(timers.cancelled, [])
  })

  it('asks for no timer while a permit is due', async () => {
    const { timers, reader } = setup(100, 0)
    await reader.isAvailable()
    assert.deepStrictEqual(timers.delays, [])
  })

  it('cancels its pending timer on close', () => {
    const { timers, reader } = setup(100, 4)
    pollUntilBlocked(reader)
    void reader.isAvailable()
    reader.close()
    assert.deepStrictEqual(
      { delays: timers.delays, cancelled: timers.cancelled },
      {
        delays: [10],
        cancelled: [0],
      },
    )
  })
})
