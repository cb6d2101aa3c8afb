// Window functions in a WindowOperator: incremental reduce and aggregate, ProcessWindowFunction
// (with per-window and global state), incremental aggregation combined with a
// ProcessWindowFunction, and the WindowFunction/AllWindowFunction forms.
// Flink: WindowOperatorTest, WindowOperatorContractTest, InternalWindowFunctionTest.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  EventTimeSessionWindows,
  EventTimeTrigger,
  OutputTag,
  ProcessAllWindowFunction,
  ProcessWindowFunction,
  TumblingEventTimeWindows,
  ValueStateDescriptor,
  type AggregateFunction,
  type Collector,
  type ProcessWindowFunctionContext,
  type TimeWindow,
} from '../../../src/index.js'
import {
  allWindowFunction,
  processAllWindowFunction,
} from '../../../src/api/windowing/internal-window-functions.js'
import { WindowOperator, record, watermark } from '../../../src/testing/index.js'
import { harness, windowHarness } from './support.js'

interface Reading {
  sensor: string
  value: number
}

const reading = (sensor: string, value: number): Reading => ({ sensor, value })
const bySensor = (r: Reading) => r.sensor
const span = (w: TimeWindow) => `[${w.start},${w.end})`

interface Avg {
  sum: number
  count: number
}

/** Flink's AverageAggregate; counts its merge calls. */
class Average implements AggregateFunction<number, Avg, number> {
  merges = 0
  createAccumulator(): Avg {
    return { sum: 0, count: 0 }
  }
  add(value: number, acc: Avg): Avg {
    return { sum: acc.sum + value, count: acc.count + 1 }
  }
  getResult(acc: Avg): number {
    return acc.sum / acc.count
  }
  merge(a: Avg, b: Avg): Avg {
    this.merges++
    return { sum: a.sum + b.sum, count: a.count + b.count }
  }
}

describe('reduce', () => {
  it('reduces each window incrementally and emits the result at end - 1', () => {
    const h = windowHarness<number>({
      assigner: TumblingEventTimeWindows.of(10),
      reduce: (a: number, b: number) => a + b,
    })
    h.processElement(1, 1)
    h.processElement(2, 2)
    h.processElement(3, 12)
    h.processElement(4, 5)
    h.processWatermark(20)
    assert.deepStrictEqual(h.extractOutput(), [record(7, 9), record(3, 19), watermark(20)])
    assert.equal(h.numKeyedStateEntries(), 0)
  })

  it('takes a ReduceFunction object and reduces per key', () => {
    const h = windowHarness<Reading>(
      {
        assigner: TumblingEventTimeWindows.of(10),
        reduce: {
          reduce: (a: Reading, b: Reading) => (b.value > a.value ? b : a),
        },
      },
      bySensor,
    )
    h.processElement(reading('s1', 3), 1)
    h.processElement(reading('s2', 1), 2)
    h.processElement(reading('s1', 8), 3)
    h.processElement(reading('s1', 5), 4)
    h.processWatermark(9)
    assert.deepStrictEqual(h.extractOutput(), [
      record(reading('s1', 8), 9),
      record(reading('s2', 1), 9),
      watermark(9),
    ])
  })
})

describe('aggregate', () => {
  it('folds each window into an accumulator and emits getResult', () => {
    const h = windowHarness<number>({
      assigner: TumblingEventTimeWindows.of(10),
      aggregate: new Average(),
    })
    h.processElement(1, 1)
    h.processElement(2, 2)
    h.processElement(6, 3)
    h.processElement(10, 15)
    h.processWatermark(19)
    assert.deepStrictEqual(h.extractOutput(), [record(3, 9), record(10, 19), watermark(19)])
  })

  it("merges the accumulators of merging session windows with the function's merge", () => {
    const average = new Average()
    const h = windowHarness<number>({
      assigner: EventTimeSessionWindows.withGap(5),
      aggregate: average,
    })
    h.processElement(1, 0) // [0, 5)
    h.processElement(3, 10) // [10, 15)
    h.processElement(2, 5) // [5, 10) bridges both: [0, 15)
    h.processWatermark(14)
    assert.deepStrictEqual(h.extractOutput(), [record(2, 14), watermark(14)])
    assert.equal(average.merges, 1)
    assert.equal(h.numKeyedStateEntries(), 0)
  })
})

/** Counts its firings per window (window state) and per key (global state). */
class FiringCounter extends ProcessWindowFunction<string, string, string, TimeWindow> {
  static readonly perWindow = new ValueStateDescriptor<number>('firings-of-window')
  static readonly perKey = new ValueStateDescriptor<number>('firings-of-key')
  readonly cleared: string[] = []

  process(
    key: string,
    ctx: ProcessWindowFunctionContext<TimeWindow>,
    elements: Iterable<string>,
    out: Collector<string>,
  ): void {
    const ofWindow = ctx.windowState().getState(FiringCounter.perWindow)
    ofWindow.update((ofWindow.value() ?? 0) + 1)
    const ofKey = ctx.globalState().getState(FiringCounter.perKey)
    ofKey.update((ofKey.value() ?? 0) + 1)
    out.collect(
      `${key} ${span(ctx.window())}: ${[...elements].join(',')}, ` +
        `firing ${ofWindow.value()} of the window, ${ofKey.value()} of the key`,
    )
  }

  override clear(ctx: ProcessWindowFunctionContext<TimeWindow>): void {
    ctx.windowState().getState(FiringCounter.perWindow).clear()
    this.cleared.push(span(ctx.window()))
  }
}

describe('ProcessWindowFunction', () => {
  it('keeps per-window state until clear() at cleanup, and global state across windows', () => {
    const fn = new FiringCounter()
    const h = windowHarness({ assigner: TumblingEventTimeWindows.of(10), lateness: 5, process: fn })
    h.processElement('a', 1)
    h.processWatermark(9)
    h.processElement('b', 2) // late, within lateness: fires again
    h.processElement('c', 12)
    h.processWatermark(14) // cleanup of [0, 10)
    assert.deepStrictEqual(fn.cleared, ['[0,10)'])
    h.processWatermark(19)
    assert.deepStrictEqual(h.extractOutput(), [
      record('k [0,10): a, firing 1 of the window, 1 of the key', 9),
      watermark(9),
      record('k [0,10): a,b, firing 2 of the window, 2 of the key', 9),
      watermark(14),
      record('k [10,20): c, firing 1 of the window, 3 of the key', 19),
      watermark(19),
    ])
    h.processWatermark(24)
    assert.deepStrictEqual(fn.cleared, ['[0,10)', '[10,20)'])
    // Only the global state of key 'k' is left.
    assert.equal(h.numKeyedStateEntries(), 1)
  })

  it('sees the window, the current watermark and processing time, and emits to side outputs', () => {
    const side = new OutputTag<string>('window-side')
    class Probe extends ProcessWindowFunction<string, string, string, TimeWindow> {
      process(
        key: string,
        ctx: ProcessWindowFunctionContext<TimeWindow>,
        elements: Iterable<string>,
        out: Collector<string>,
      ): void {
        out.collect(
          `${key} ${span(ctx.window())} ${[...elements].join(',')} ` +
            `wm=${ctx.currentWatermark()} pt=${ctx.currentProcessingTime()}`,
        )
        ctx.output(side, `side of ${span(ctx.window())}`)
      }
    }
    const h = windowHarness({ assigner: TumblingEventTimeWindows.of(10), process: new Probe() })
    h.setProcessingTime(42)
    h.processElement('a', 1)
    h.processElement('b', 11)
    h.processWatermark(12)
    assert.deepStrictEqual(h.extractOutput(), [record('k [0,10) a wm=12 pt=42', 9), watermark(12)])
    assert.deepStrictEqual(h.getSideOutput(side), [record('side of [0,10)', 9)])
  })

  it('is opened with a runtime context before the first firing and closed with the operator', () => {
    const calls: string[] = []
    class Lifecycle extends ProcessWindowFunction<string, string, string, TimeWindow> {
      override open(): void {
        calls.push(`open ${this.getRuntimeContext().getIndexOfThisSubtask()}`)
      }
      process(
        _key: string,
        _ctx: ProcessWindowFunctionContext<TimeWindow>,
        elements: Iterable<string>,
        out: Collector<string>,
      ): void {
        calls.push('process')
        out.collect([...elements].join(','))
      }
      override close(): void {
        calls.push('close')
      }
    }
    const h = windowHarness({ assigner: TumblingEventTimeWindows.of(10), process: new Lifecycle() })
    h.processElement('a', 1)
    h.processWatermark(9)
    h.close()
    assert.deepStrictEqual(calls, ['open 0', 'process', 'close'])
  })

  it('may not use per-window state with merging windows (Flink throws)', () => {
    const h = windowHarness({
      assigner: EventTimeSessionWindows.withGap(10),
      process: new FiringCounter(),
    })
    h.processElement('a', 1)
    assert.throws(
      () => h.processWatermark(10),
      /Per-window state is not allowed when using merging windows/,
    )
  })

  it('may use global state with merging windows', () => {
    const perKey = new ValueStateDescriptor<number>('sessions-of-key')
    class SessionCounter extends ProcessWindowFunction<string, string, string, TimeWindow> {
      process(
        key: string,
        ctx: ProcessWindowFunctionContext<TimeWindow>,
        elements: Iterable<string>,
        out: Collector<string>,
      ): void {
        const n = ctx.globalState().getState(perKey)
        n.update((n.value() ?? 0) + 1)
        out.collect(`${key} session ${n.value()}: ${[...elements].join(',')}`)
      }
    }
    const h = windowHarness({
      assigner: EventTimeSessionWindows.withGap(10),
      process: new SessionCounter(),
    })
    h.processElement('a', 1)
    h.processElement('b', 5)
    h.processElement('c', 40)
    h.processWatermark(100)
    assert.deepStrictEqual(h.extractOutputValues(), ['k session 1: a,b', 'k session 2: c'])
  })
})

describe('incremental aggregation with a ProcessWindowFunction', () => {
  class MaxOfWindow extends ProcessWindowFunction<Reading, string, string, TimeWindow> {
    process(
      key: string,
      ctx: ProcessWindowFunctionContext<TimeWindow>,
      maxima: Iterable<Reading>,
      out: Collector<string>,
    ): void {
      const all = [...maxima]
      out.collect(`${key} ${span(ctx.window())}: max ${all[0]!.value} (${all.length} value given)`)
    }
  }

  it('reduce then process: the function gets the one reduced value with its window', () => {
    const h = windowHarness<Reading>(
      {
        assigner: TumblingEventTimeWindows.of(10),
        reduce: (a: Reading, b: Reading) => (b.value > a.value ? b : a),
        process: new MaxOfWindow(),
      },
      bySensor,
    )
    h.processElement(reading('s1', 3), 1)
    h.processElement(reading('s2', 4), 2)
    h.processElement(reading('s1', 7), 3)
    h.processElement(reading('s1', 5), 12)
    h.processWatermark(19)
    assert.deepStrictEqual(h.extractOutput(), [
      record('s1 [0,10): max 7 (1 value given)', 9),
      record('s2 [0,10): max 4 (1 value given)', 9),
      record('s1 [10,20): max 5 (1 value given)', 19),
      watermark(19),
    ])
  })

  it('aggregate then process: the function gets the one aggregate result', () => {
    class Labelled extends ProcessWindowFunction<number, string, string, TimeWindow> {
      process(
        key: string,
        ctx: ProcessWindowFunctionContext<TimeWindow>,
        averages: Iterable<number>,
        out: Collector<string>,
      ): void {
        out.collect(`${key} ${span(ctx.window())}: avg ${[...averages].join(',')}`)
      }
    }
    const h = windowHarness<number>({
      assigner: TumblingEventTimeWindows.of(10),
      aggregate: new Average(),
      process: new Labelled(),
    })
    h.processElement(2, 1)
    h.processElement(4, 2)
    h.processElement(9, 3)
    h.processWatermark(9)
    assert.deepStrictEqual(h.extractOutput(), [record('k [0,10): avg 5', 9), watermark(9)])
  })
})

describe('WindowFunction (apply)', () => {
  it('is called with the key, the window and all its elements', () => {
    const h = windowHarness<Reading>(
      {
        assigner: TumblingEventTimeWindows.of(10),
        apply: (sensor: string, window: TimeWindow, input: Iterable<Reading>, out) => {
          const values = [...input].map((r) => r.value)
          out.collect(`${sensor} ${span(window)}: ${values.join('+')}`)
        },
      },
      bySensor,
    )
    h.processElement(reading('s1', 1), 1)
    h.processElement(reading('s1', 2), 2)
    h.processElement(reading('s1', 3), 10)
    h.processWatermark(10)
    assert.deepStrictEqual(h.extractOutput(), [record('s1 [0,10): 1+2', 9), watermark(10)])
  })

  it('takes an object with apply(), and may emit several records per firing', () => {
    const h = windowHarness<string>({
      assigner: TumblingEventTimeWindows.of(10),
      apply: {
        apply(_key: string, window: TimeWindow, input: Iterable<string>, out: Collector<string>) {
          for (const v of input) out.collect(`${v}@${window.start}`)
        },
      },
    })
    h.processElement('a', 1)
    h.processElement('b', 2)
    h.processWatermark(9)
    assert.deepStrictEqual(h.extractOutput(), [record('a@0', 9), record('b@0', 9), watermark(9)])
  })
})

describe('all-window functions (windowAll)', () => {
  const allOperator = (fn: ReturnType<typeof allWindowFunction>) =>
    new WindowOperator({
      assigner: TumblingEventTimeWindows.of(10),
      trigger: EventTimeTrigger.create(),
      evictor: undefined,
      allowedLateness: 0,
      lateDataOutputTag: undefined,
      contents: { type: 'list' },
      windowFunction: fn,
    })

  it('ProcessAllWindowFunction gets the window and all elements', () => {
    class CountAll extends ProcessAllWindowFunction<string, string, TimeWindow> {
      process(
        ctx: ProcessWindowFunctionContext<TimeWindow>,
        elements: Iterable<string>,
        out: Collector<string>,
      ): void {
        out.collect(`${span(ctx.window())}: ${[...elements].length}`)
      }
    }
    const h = harness(allOperator(processAllWindowFunction(new CountAll())), () => 0)
    h.processElement('a', 1)
    h.processElement('b', 2)
    h.processWatermark(9)
    assert.deepStrictEqual(h.extractOutput(), [record('[0,10): 2', 9), watermark(9)])
  })

  it('AllWindowFunction gets the window and all elements', () => {
    const h = harness(
      allOperator(
        allWindowFunction((window: TimeWindow, input: Iterable<unknown>, out: Collector<unknown>) =>
          out.collect(`${span(window)}: ${[...input].join(',')}`),
        ),
      ),
      () => 0,
    )
    h.processElement('a', 1)
    h.processElement('b', 12)
    h.processWatermark(19)
    assert.deepStrictEqual(h.extractOutput(), [
      record('[0,10): a', 9),
      record('[10,20): b', 19),
      watermark(19),
    ])
  })
})
