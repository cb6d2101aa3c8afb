// Per-split watermark generation in FLIP-27 sources: each split runs its own generator and the
// source's watermark is the minimum over active splits (Flink's WatermarkOutputMultiplexer).
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { WatermarkStrategy } from '../../../src/index.js'
import {
  CollectingOutput,
  record,
  watermark,
  watermarkStatus,
} from '../../../src/testing/collecting-output.js'
import { MonotonicWatermarkOutput } from '../../../src/runtime/task/operators/monotonic-watermark-output.js'
import { SourceReaderOutput } from '../../../src/runtime/task/operators/source-reader-output.js'

function readerOutput(strategy: WatermarkStrategy<number>, now: () => number) {
  const out = new CollectingOutput()
  const ro = new SourceReaderOutput(
    out,
    strategy.timestampAssigner as ((v: unknown, ts: number | null) => number) | undefined,
    () =>
      (strategy as WatermarkStrategy<unknown>).createWatermarkGenerator({
        currentProcessingTime: now,
      }),
    new MonotonicWatermarkOutput(
      (wm) => out.emitWatermark(wm),
      (idle) => out.emitWatermarkStatus(idle),
    ),
  )
  return { out, ro }
}

describe('SourceReaderOutput (per-split watermarks)', () => {
  it('emits the minimum over the splits, and a released split stops holding it back', () => {
    const { out, ro } = readerOutput(
      WatermarkStrategy.forBoundedOutOfOrderness<number>(0).withTimestampAssigner((n) => n),
      () => 0,
    )
    const a = ro.createOutputForSplit('a')
    const b = ro.createOutputForSplit('b')
    assert.equal(ro.createOutputForSplit('a'), a)
    a.collect(100)
    b.collect(10)
    a.collect(200)
    ro.periodicEmit()
    b.collect(50)
    ro.periodicEmit()
    ro.releaseOutputForSplit('b')
    a.collect(300)
    ro.periodicEmit()
    assert.deepStrictEqual(out.elements, [
      record(100, 100),
      record(10, 10),
      record(200, 200),
      watermark(9),
      record(50, 50),
      watermark(49),
      watermark(199),
      record(300, 300),
      watermark(299),
    ])
  })

  it('an idle split does not hold time back; all splits idle make the source idle', () => {
    let now = 0
    const { out, ro } = readerOutput(
      WatermarkStrategy.forBoundedOutOfOrderness<number>(0)
        .withTimestampAssigner((n) => n)
        .withIdleness(1000),
      () => now,
    )
    const a = ro.createOutputForSplit('a')
    const b = ro.createOutputForSplit('b')
    b.collect(5)
    a.collect(100)
    ro.periodicEmit()
    now = 1000
    a.collect(150)
    ro.periodicEmit()
    now = 2000
    ro.periodicEmit()
    b.collect(7)
    ro.periodicEmit()
    assert.deepStrictEqual(out.elements, [
      record(5, 5),
      record(100, 100),
      watermark(4),
      record(150, 150),
      watermark(149),
      watermarkStatus('IDLE'),
      record(7, 7),
      watermarkStatus('ACTIVE'),
    ])
  })
})
