// Window assigners, alone (assignWindows) and in a WindowOperator driven by a test harness.
// Flink: TumblingEventTimeWindowsTest, SlidingEventTimeWindowsTest, EventTimeSessionWindowsTest,
// the processing-time variants, GlobalWindowsTest and WindowOperatorTest.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  CountTrigger,
  EventTimeSessionWindows,
  EventTimeTrigger,
  GlobalWindow,
  GlobalWindows,
  InvalidProgramError,
  NeverTrigger,
  ProcessingTimeSessionWindows,
  ProcessingTimeTrigger,
  SlidingEventTimeWindows,
  SlidingProcessingTimeWindows,
  TimeWindow,
  Time,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
} from '../../../src/index.js'
import { record, watermark } from '../../../src/testing/index.js'
import { Describe, GLOBAL_TS, assign, windowHarness } from './support.js'

const w = (start: number, end: number) => new TimeWindow(start, end)

describe('TumblingEventTimeWindows', () => {
  it('assigns the window [start, start + size) aligned to the epoch', () => {
    const a = TumblingEventTimeWindows.of(Time.seconds(5))
    assert.deepStrictEqual(assign(a, 'x', 0), [w(0, 5000)])
    assert.deepStrictEqual(assign(a, 'x', 4999), [w(0, 5000)])
    assert.deepStrictEqual(assign(a, 'x', 5000), [w(5000, 10000)])
    assert.equal(a.isEventTime(), true)
    assert.ok(a.getDefaultTrigger() instanceof EventTimeTrigger)
  })

  it('shifts the windows by the offset', () => {
    const a = TumblingEventTimeWindows.of(5000, 100)
    assert.deepStrictEqual(assign(a, 'x', 100), [w(100, 5100)])
    assert.deepStrictEqual(assign(a, 'x', 5099), [w(100, 5100)])
    assert.deepStrictEqual(assign(a, 'x', 5100), [w(5100, 10100)])
    assert.deepStrictEqual(assign(a, 'x', 99), [w(-4900, 100)])
    const negative = TumblingEventTimeWindows.of(5000, -100)
    assert.deepStrictEqual(assign(negative, 'x', 4899), [w(-100, 4900)])
  })

  it('assigns negative timestamps to the window below them, not towards zero', () => {
    const a = TumblingEventTimeWindows.of(5000)
    assert.deepStrictEqual(assign(a, 'x', -1), [w(-5000, 0)])
    assert.deepStrictEqual(assign(a, 'x', -5000), [w(-5000, 0)])
    assert.deepStrictEqual(assign(a, 'x', -5001), [w(-10000, -5000)])
  })

  it('rejects a non-positive size and an offset not smaller than the size', () => {
    assert.throws(() => TumblingEventTimeWindows.of(0), InvalidProgramError)
    assert.throws(() => TumblingEventTimeWindows.of(-1), InvalidProgramError)
    assert.throws(() => TumblingEventTimeWindows.of(5000, 5000), InvalidProgramError)
    assert.throws(() => TumblingEventTimeWindows.of(5000, -5000), InvalidProgramError)
  })

  it('fires each window at end - 1, stamped end - 1, before forwarding the watermark', () => {
    const h = windowHarness({ assigner: TumblingEventTimeWindows.of(10) })
    h.processElement('a', 1)
    h.processElement('b', 9)
    h.processElement('c', 10)
    h.processElement('d', 25)
    h.processWatermark(9)
    h.processWatermark(19)
    h.processWatermark(30)
    assert.deepStrictEqual(h.extractOutput(), [
      record(['a', 'b'], 9),
      watermark(9),
      record(['c'], 19),
      watermark(19),
      record(['d'], 29),
      watermark(30),
    ])
    assert.equal(h.numKeyedStateEntries(), 0)
  })

  it('fires offset windows at their shifted ends', () => {
    const h = windowHarness({ assigner: TumblingEventTimeWindows.of(10, 3) })
    h.processElement('a', 2) // [-7, 3)
    h.processElement('b', 3) // [3, 13)
    h.processWatermark(2)
    h.processWatermark(12)
    assert.deepStrictEqual(h.extractOutput(), [
      record(['a'], 2),
      watermark(2),
      record(['b'], 12),
      watermark(12),
    ])
  })

  it('fires windows of negative time', () => {
    const h = windowHarness({ assigner: TumblingEventTimeWindows.of(10) })
    h.processElement('a', -5) // [-10, 0)
    h.processElement('b', -11) // [-20, -10)
    h.processWatermark(-11)
    h.processWatermark(-1)
    assert.deepStrictEqual(h.extractOutput(), [
      record(['b'], -11),
      watermark(-11),
      record(['a'], -1),
      watermark(-1),
    ])
  })

  it('windows each key separately', () => {
    const h = windowHarness<string>({ assigner: TumblingEventTimeWindows.of(10) }, (v) => v[0])
    h.processElement('x1', 1)
    h.processElement('y1', 2)
    h.processElement('x2', 3)
    h.processElement('y2', 12)
    h.processWatermark(9)
    assert.deepStrictEqual(h.extractOutput(), [
      record(['x1', 'x2'], 9),
      record(['y1'], 9),
      watermark(9),
    ])
  })

  it('throws a clear error for a record without a timestamp', () => {
    const h = windowHarness({ assigner: TumblingEventTimeWindows.of(10) })
    assert.throws(
      () => h.processElement('a'),
      (e: unknown) =>
        e instanceof InvalidProgramError &&
        /no timestamp/.test(e.message) &&
        /assignTimestampsAndWatermarks/.test(e.message),
    )
  })
})

describe('SlidingEventTimeWindows', () => {
  it('puts an element into size / slide windows, the latest start first', () => {
    const a = SlidingEventTimeWindows.of(Time.seconds(10), Time.seconds(2))
    assert.deepStrictEqual(assign(a, 'x', 3000), [
      w(2000, 12000),
      w(0, 10000),
      w(-2000, 8000),
      w(-4000, 6000),
      w(-6000, 4000),
    ])
    assert.deepStrictEqual(assign(a, 'x', 0), [
      w(0, 10000),
      w(-2000, 8000),
      w(-4000, 6000),
      w(-6000, 4000),
      w(-8000, 2000),
    ])
    assert.ok(a.getDefaultTrigger() instanceof EventTimeTrigger)
  })

  it('shifts the windows by the offset', () => {
    const a = SlidingEventTimeWindows.of(10000, 2000, 500)
    assert.deepStrictEqual(assign(a, 'x', 3000), [
      w(2500, 12500),
      w(500, 10500),
      w(-1500, 8500),
      w(-3500, 6500),
      w(-5500, 4500),
    ])
  })

  it('hands out the same object for a window while its slides follow each other', () => {
    const a = SlidingEventTimeWindows.of(10000, 2000)
    const first = assign(a, 'x', 3000)
    const next = assign(a, 'x', 4000)
    assert.deepStrictEqual(next, [
      w(4000, 14000),
      w(2000, 12000),
      w(0, 10000),
      w(-2000, 8000),
      w(-4000, 6000),
    ])
    // The four windows both slides share are the objects handed out before.
    assert.deepStrictEqual(
      next.map((window) => first.indexOf(window)),
      [-1, 0, 1, 2, 3],
    )
    // Back in time: new objects where the last answer has none, still the right windows.
    assert.deepStrictEqual(assign(a, 'x', 0), [
      w(0, 10000),
      w(-2000, 8000),
      w(-4000, 6000),
      w(-6000, 4000),
      w(-8000, 2000),
    ])
  })

  it('rejects an offset not smaller than the slide', () => {
    assert.throws(() => SlidingEventTimeWindows.of(10000, 2000, 2000), InvalidProgramError)
    assert.throws(() => SlidingEventTimeWindows.of(10000, 0), InvalidProgramError)
  })

  it('fires every window of an element, in order of their ends', () => {
    const h = windowHarness({
      assigner: SlidingEventTimeWindows.of(Time.seconds(10), Time.seconds(2)),
      process: new Describe(),
    })
    h.processElement('a', 3000)
    h.processElement('b', 9000)
    h.processWatermark(20000)
    assert.deepStrictEqual(h.extractOutput(), [
      record('k [-6000,4000): a', 3999),
      record('k [-4000,6000): a', 5999),
      record('k [-2000,8000): a', 7999),
      record('k [0,10000): a,b', 9999),
      record('k [2000,12000): a,b', 11999),
      record('k [4000,14000): b', 13999),
      record('k [6000,16000): b', 15999),
      record('k [8000,18000): b', 17999),
      watermark(20000),
    ])
    assert.equal(h.numKeyedStateEntries(), 0)
  })

  it('fires the windows one by one as the watermark passes their ends', () => {
    const h = windowHarness({ assigner: SlidingEventTimeWindows.of(10, 5) })
    h.processElement('a', 7) // [5, 15) and [0, 10)
    h.processWatermark(8)
    h.processWatermark(9)
    h.processWatermark(14)
    assert.deepStrictEqual(h.extractOutput(), [
      watermark(8),
      record(['a'], 9),
      watermark(9),
      record(['a'], 14),
      watermark(14),
    ])
  })

  it('throws a clear error for a record without a timestamp', () => {
    const h = windowHarness({ assigner: SlidingEventTimeWindows.of(10, 5) })
    assert.throws(() => h.processElement('a'), /assignTimestampsAndWatermarks/)
  })
})

describe('EventTimeSessionWindows', () => {
  it('assigns [t, t + gap) and is a merging, event-time assigner', () => {
    const a = EventTimeSessionWindows.withGap(Time.seconds(10))
    assert.deepStrictEqual(assign(a, 'x', 5000), [w(5000, 15000)])
    assert.equal(a.isEventTime(), true)
    assert.ok(a.getDefaultTrigger() instanceof EventTimeTrigger)
    assert.throws(() => EventTimeSessionWindows.withGap(0), InvalidProgramError)
  })

  it('merges overlapping windows into one session, which fires at its end - 1', () => {
    const h = windowHarness({
      assigner: EventTimeSessionWindows.withGap(10),
      process: new Describe(),
    })
    h.processElement('a', 1) // [1, 11)
    h.processElement('b', 5) // [5, 15) -> [1, 15)
    h.processElement('c', 30) // [30, 40)
    h.processWatermark(10)
    h.processWatermark(14)
    h.processWatermark(39)
    assert.deepStrictEqual(h.extractOutput(), [
      watermark(10),
      record('k [1,15): a,b', 14),
      watermark(14),
      record('k [30,40): c', 39),
      watermark(39),
    ])
    assert.equal(h.numKeyedStateEntries(), 0)
  })

  it('takes each element its own gap with withDynamicGap', () => {
    interface Visit {
      page: string
      gap: number
    }
    const a = EventTimeSessionWindows.withDynamicGap((v: Visit) => v.gap)
    assert.deepStrictEqual(assign(a, { page: 'p', gap: 7 }, 3), [w(3, 10)])
    const h = windowHarness<Visit>({
      assigner: EventTimeSessionWindows.withDynamicGap({ extract: (v: Visit) => v.gap }),
      apply: (_key, window: TimeWindow, input: Iterable<Visit>, out) =>
        out.collect(`[${window.start},${window.end}): ${[...input].map((v) => v.page).join(',')}`),
    })
    h.processElement({ page: 'a', gap: 10 }, 0) // [0, 10)
    h.processElement({ page: 'b', gap: 2 }, 12) // [12, 14)
    h.processElement({ page: 'c', gap: 1 }, 13) // [13, 14), inside [12, 14)
    h.processWatermark(9)
    h.processWatermark(13)
    assert.deepStrictEqual(h.extractOutput(), [
      record('[0,10): a', 9),
      watermark(9),
      record('[12,14): b,c', 13),
      watermark(13),
    ])
  })

  it('rejects a dynamic gap that is not positive', () => {
    const a = EventTimeSessionWindows.withDynamicGap((gap: number) => gap)
    assert.throws(() => assign(a, 0, 5), InvalidProgramError)
    assert.throws(() => assign(a, -1, 5), InvalidProgramError)
  })
})

describe('processing-time assigners', () => {
  it('TumblingProcessingTimeWindows assigns by the current processing time', () => {
    const a = TumblingProcessingTimeWindows.of(10)
    assert.deepStrictEqual(assign(a, 'x', 99, 13), [w(10, 20)])
    assert.deepStrictEqual(assign(TumblingProcessingTimeWindows.of(10, 3), 'x', 99, 2), [w(-7, 3)])
    assert.equal(a.isEventTime(), false)
    assert.ok(a.getDefaultTrigger() instanceof ProcessingTimeTrigger)
  })

  it('TumblingProcessingTimeWindows fires when processing time reaches end - 1', () => {
    const h = windowHarness({ assigner: TumblingProcessingTimeWindows.of(10) })
    h.setProcessingTime(3)
    h.processElement('a')
    h.setProcessingTime(7)
    h.processElement('b')
    h.setProcessingTime(8)
    assert.deepStrictEqual(h.extractOutput(), [])
    h.setProcessingTime(12)
    h.processElement('c') // [10, 20)
    assert.deepStrictEqual(h.extractOutput(), [record(['a', 'b'], 9)])
    h.setProcessingTime(19)
    assert.deepStrictEqual(h.extractOutput(), [record(['a', 'b'], 9), record(['c'], 19)])
    assert.equal(h.numKeyedStateEntries(), 0)
  })

  it('TumblingProcessingTimeWindows ignores event time and forwards watermarks', () => {
    const h = windowHarness({ assigner: TumblingProcessingTimeWindows.of(10) })
    h.processElement('a', 1000)
    h.processWatermark(5000)
    h.setProcessingTime(9)
    assert.deepStrictEqual(h.extractOutput(), [watermark(5000), record(['a'], 9)])
  })

  it('SlidingProcessingTimeWindows fires each window of an element at its end', () => {
    const a = SlidingProcessingTimeWindows.of(10, 5)
    assert.deepStrictEqual(assign(a, 'x', 0, 7), [w(5, 15), w(0, 10)])
    const h = windowHarness({ assigner: a })
    h.setProcessingTime(7)
    h.processElement('a')
    h.setProcessingTime(9)
    h.setProcessingTime(12)
    h.processElement('b') // [10, 20) and [5, 15)
    h.setProcessingTime(14)
    h.setProcessingTime(19)
    assert.deepStrictEqual(h.extractOutput(), [
      record(['a'], 9),
      record(['a', 'b'], 14),
      record(['b'], 19),
    ])
  })

  it('ProcessingTimeSessionWindows merges sessions by processing time', () => {
    const h = windowHarness({
      assigner: ProcessingTimeSessionWindows.withGap(10),
      process: new Describe(),
    })
    h.processElement('a') // at 0: [0, 10)
    h.setProcessingTime(5)
    h.processElement('b') // [5, 15) -> [0, 15)
    h.setProcessingTime(9)
    assert.deepStrictEqual(h.extractOutput(), [])
    h.setProcessingTime(14)
    h.setProcessingTime(20)
    h.processElement('c') // [20, 30)
    h.setProcessingTime(29)
    assert.deepStrictEqual(h.extractOutput(), [
      record('k [0,15): a,b', 14),
      record('k [20,30): c', 29),
    ])
    assert.equal(h.numKeyedStateEntries(), 0)
  })

  it('ProcessingTimeSessionWindows.withDynamicGap takes the gap of each element', () => {
    const h = windowHarness<number>({
      assigner: ProcessingTimeSessionWindows.withDynamicGap((gap: number) => gap),
      process: new Describe(),
    })
    h.setProcessingTime(1)
    h.processElement(3) // [1, 4)
    h.processElement(20) // [1, 21) with the first: merged
    h.setProcessingTime(4)
    h.setProcessingTime(20)
    assert.deepStrictEqual(h.extractOutput(), [record('k [1,21): 3,20', 20)])
  })
})

describe('GlobalWindows', () => {
  it('assigns the one GlobalWindow, whose default trigger never fires', () => {
    const a = GlobalWindows.create()
    assert.deepStrictEqual(assign(a, 'x', 5), [GlobalWindow.get()])
    assert.deepStrictEqual(assign(a, 'x', Number.NaN), [GlobalWindow.get()])
    assert.equal(a.isEventTime(), false)
    assert.ok(a.getDefaultTrigger() instanceof NeverTrigger)
    assert.equal(GlobalWindow.get().maxTimestamp(), GLOBAL_TS)
  })

  it('with the default trigger, emits nothing but the watermarks', () => {
    const h = windowHarness({ assigner: GlobalWindows.create() })
    h.processElement('a', 1)
    h.processElement('b')
    h.processWatermark(1000)
    h.setProcessingTime(1000)
    assert.deepStrictEqual(h.extractOutput(), [watermark(1000)])
  })

  it('with a CountTrigger, fires every n elements of a key, keeping the contents', () => {
    const h = windowHarness<string>(
      { assigner: GlobalWindows.create(), trigger: CountTrigger.of(2) },
      (v) => v[0],
    )
    h.processElement('x1')
    h.processElement('y1')
    h.processElement('x2')
    h.processWatermark(100)
    h.processElement('x3')
    h.processElement('x4')
    assert.deepStrictEqual(h.extractOutput(), [
      record(['x1', 'x2'], GLOBAL_TS),
      watermark(100),
      record(['x1', 'x2', 'x3', 'x4'], GLOBAL_TS),
    ])
  })
})
