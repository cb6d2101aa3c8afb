// Watermark generators and strategies, with Flink's answers: forBoundedOutOfOrderness(d) emits
// the highest timestamp minus d minus 1, monotonous timestamps emit the highest minus 1, idleness
// marks an input idle after its timeout and active with the next event; sources run the strategy.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  BoundedOutOfOrdernessWatermarks,
  WatermarksWithIdleness,
  type WatermarkOutput,
} from '../../src/api/eventtime/watermark-generator.js'
import {
  NumberSequenceSource,
  ProcessFunction,
  StreamExecutionEnvironment,
  WatermarkStrategy,
  type ProcessFunctionContext,
  type Collector,
} from '../../src/index.js'
import {
  OneInputStreamOperatorTestHarness,
  TimestampsAndWatermarksOperator,
  record,
  watermark,
  watermarkStatus,
} from '../../src/testing/index.js'

class RecordingOutput implements WatermarkOutput {
  readonly events: (number | 'idle' | 'active')[] = []
  emitWatermark(watermark: number): void {
    this.events.push(watermark)
  }
  markIdle(): void {
    this.events.push('idle')
  }
  markActive(): void {
    this.events.push('active')
  }
}

describe('watermark generators', () => {
  it('forBoundedOutOfOrderness(d) emits maxTimestamp - d - 1', () => {
    const out = new RecordingOutput()
    const g = WatermarkStrategy.forBoundedOutOfOrderness<string>(1000).createWatermarkGenerator({
      currentProcessingTime: () => 0,
    })
    g.onPeriodicEmit(out)
    for (const ts of [5000, 3000, 7000, 6000]) g.onEvent('x', ts, out)
    g.onPeriodicEmit(out)
    assert.deepStrictEqual(out.events, [Number.NEGATIVE_INFINITY, 5999])
  })

  it('forMonotonousTimestamps emits the highest timestamp - 1', () => {
    const out = new RecordingOutput()
    const g = WatermarkStrategy.forMonotonousTimestamps<number>().createWatermarkGenerator({
      currentProcessingTime: () => 0,
    })
    g.onEvent(1, 10, out)
    g.onEvent(2, 20, out)
    g.onPeriodicEmit(out)
    assert.deepStrictEqual(out.events, [19])
  })

  it('withIdleness marks idle after the timeout and active with the next event', () => {
    let now = 0
    const out = new RecordingOutput()
    const g = new WatermarksWithIdleness(
      new BoundedOutOfOrdernessWatermarks<number>(0),
      100,
      () => now,
    )
    g.onEvent(1, 50, out)
    now = 60
    g.onPeriodicEmit(out)
    now = 160
    g.onPeriodicEmit(out)
    g.onPeriodicEmit(out)
    now = 170
    g.onEvent(2, 80, out)
    g.onPeriodicEmit(out)
    assert.deepStrictEqual(out.events, [49, 'idle', 'active', 79])
  })

  it('rejects a negative out-of-orderness and a non-positive idle timeout', () => {
    assert.throws(() => WatermarkStrategy.forBoundedOutOfOrderness(-1), /non-negative/)
    assert.throws(() => WatermarkStrategy.noWatermarks().withIdleness(0), /positive/)
  })
})

/** Emits a watermark of `timestamp - 1` with every event (a punctuated generator). */
function punctuated(): WatermarkStrategy<number> {
  return WatermarkStrategy.forGenerator<number>(() => ({
    onEvent: (_e, ts, out) => out.emitWatermark(ts - 1),
    onPeriodicEmit: () => undefined,
  })).withTimestampAssigner((n) => n * 1000)
}

class WatermarkSeen extends ProcessFunction<number, [number, number]> {
  processElement(n: number, ctx: ProcessFunctionContext, out: Collector<[number, number]>): void {
    out.collect([n, ctx.timerService().currentWatermark()])
  }
}

describe('sources with a watermark strategy', () => {
  it('assign timestamps and emit the generator watermarks downstream, in order', async () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
    const seen = await env
      .fromSource(new NumberSequenceSource(1, 4), punctuated(), 'numbers')
      .process(new WatermarkSeen())
      .executeAndCollect()
    assert.deepStrictEqual(seen, [
      [1, Number.NEGATIVE_INFINITY],
      [2, 999],
      [3, 1999],
      [4, 2999],
    ])
  })
})

class TimestampSeen extends ProcessFunction<number, [number, number | null]> {
  processElement(
    n: number,
    ctx: ProcessFunctionContext,
    out: Collector<[number, number | null]>,
  ): void {
    out.collect([n, ctx.timestamp()])
  }
}

describe('assignTimestampsAndWatermarks', () => {
  it('assigns timestamps and generates watermarks in the middle of a pipeline', async () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
    const seen = await env
      .fromData(1, 2, 3)
      .map((n) => n)
      .assignTimestampsAndWatermarks(punctuated())
      .process(new WatermarkSeen())
      .executeAndCollect()
    assert.deepStrictEqual(seen, [
      [1, Number.NEGATIVE_INFINITY],
      [2, 999],
      [3, 1999],
    ])
  })

  it('replaces the record timestamps, and drops upstream watermarks', async () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
    // No periodic emission: only per-event watermarks could reach the process function.
    env.getConfig().setAutoWatermarkInterval(0)
    const seen = await env
      .fromSource(new NumberSequenceSource(1, 3), punctuated(), 'numbers')
      .assignTimestampsAndWatermarks(
        WatermarkStrategy.forBoundedOutOfOrderness<number>(0).withTimestampAssigner((n) => n + 5),
      )
      .process(new WatermarkSeen())
      .executeAndCollect()
    // The source's per-event watermarks (999, 1999) do not pass the operator.
    assert.deepStrictEqual(seen, [
      [1, Number.NEGATIVE_INFINITY],
      [2, Number.NEGATIVE_INFINITY],
      [3, Number.NEGATIVE_INFINITY],
    ])
    const stamped = await env
      .fromData(7, 8)
      .assignTimestampsAndWatermarks(
        WatermarkStrategy.forMonotonousTimestamps<number>().withTimestampAssigner((n) => n * 10),
      )
      .process(new TimestampSeen())
      .executeAndCollect()
    assert.deepStrictEqual(stamped, [
      [7, 70],
      [8, 80],
    ])
  })
})

describe('TimestampsAndWatermarksOperator (harness)', () => {
  it('emits periodic watermarks, goes idle after the idle timeout and active with the next event', () => {
    const h = new OneInputStreamOperatorTestHarness(
      new TimestampsAndWatermarksOperator(
        WatermarkStrategy.forBoundedOutOfOrderness<number>(0)
          .withTimestampAssigner((n) => n)
          .withIdleness(1000) as WatermarkStrategy<unknown>,
        200,
      ),
    )
    h.open()
    h.processElement(10)
    h.setProcessingTime(200)
    h.setProcessingTime(1000)
    h.setProcessingTime(1200)
    // Upstream WatermarkStatus is not passed on: this operator decides it. As in Flink, the
    // record goes out before the generator sees it and marks the stream active.
    h.operator.processWatermarkStatus(false)
    h.processElement(20)
    h.setProcessingTime(1400)
    assert.deepStrictEqual(h.extractOutput(), [
      record(10, 10),
      watermark(9),
      watermarkStatus('IDLE'),
      record(20, 20),
      watermarkStatus('ACTIVE'),
      watermark(19),
    ])
  })
})
