// Evictors in a WindowOperator (Flink's EvictingWindowOperator): elements removed before and/or
// after the window function, and the kept ones written back for the next firing.
// Flink: EvictingWindowOperatorTest, CountEvictor, TimeEvictor, DeltaEvictor, TopSpeedWindowing.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  CountEvictor,
  CountTrigger,
  DeltaEvictor,
  DeltaTrigger,
  EventTimeSessionWindows,
  GlobalWindows,
  TimeEvictor,
  TimestampedValue,
  TumblingEventTimeWindows,
  type AggregateFunction,
  type DeltaFunction,
} from '../../../src/index.js'
import { record, watermark } from '../../../src/testing/index.js'
import { Describe, GLOBAL_TS, windowHarness } from './support.js'

const globalCount = (n: number) => ({
  assigner: GlobalWindows.create(),
  trigger: CountTrigger.of(n),
})

describe('CountEvictor', () => {
  it('keeps the last n elements before evaluation, and only those stay in the window', () => {
    const h = windowHarness({ ...globalCount(3), evictor: CountEvictor.of(2) })
    for (let i = 1; i <= 6; i++) h.processElement(i)
    assert.deepStrictEqual(h.extractOutput(), [
      record([2, 3], GLOBAL_TS),
      record([5, 6], GLOBAL_TS),
    ])
  })

  it('evicts after evaluation with doEvictAfter', () => {
    const h = windowHarness({ ...globalCount(3), evictor: CountEvictor.of(2, true) })
    for (let i = 1; i <= 6; i++) h.processElement(i)
    assert.deepStrictEqual(h.extractOutput(), [
      record([1, 2, 3], GLOBAL_TS),
      record([2, 3, 4, 5, 6], GLOBAL_TS),
    ])
  })

  it('runs a reduce over the kept elements only', () => {
    const h = windowHarness<number>({
      ...globalCount(3),
      evictor: CountEvictor.of(2),
      reduce: (a: number, b: number) => a + b,
    })
    for (let i = 1; i <= 6; i++) h.processElement(i)
    assert.deepStrictEqual(h.extractOutput(), [record(5, GLOBAL_TS), record(11, GLOBAL_TS)])
  })

  it('keeps at most n elements in a time window fired by its watermark', () => {
    const h = windowHarness({
      assigner: TumblingEventTimeWindows.of(10),
      evictor: CountEvictor.of(2),
    })
    h.processElement('a', 1)
    h.processElement('b', 2)
    h.processElement('c', 3)
    h.processWatermark(9)
    assert.deepStrictEqual(h.extractOutput(), [record(['b', 'c'], 9), watermark(9)])
    assert.equal(h.numKeyedStateEntries(), 0)
  })
})

describe('evicting every element', () => {
  it('still calls the window function, with no elements', () => {
    const h = windowHarness({ ...globalCount(2), evictor: CountEvictor.of(0) })
    for (const v of ['a', 'b', 'c', 'd']) h.processElement(v)
    assert.deepStrictEqual(h.extractOutput(), [record([], GLOBAL_TS), record([], GLOBAL_TS)])
  })

  it('still emits an aggregate: the result of an empty accumulator', () => {
    // Flink's AggregateApplyWindowFunction: createAccumulator, add each kept element, getResult.
    const count: AggregateFunction<unknown, number, number> = {
      createAccumulator: () => 0,
      add: (_v, acc) => acc + 1,
      getResult: (acc) => acc,
      merge: (a, b) => a + b,
    }
    const h = windowHarness({ ...globalCount(2), evictor: CountEvictor.of(0), aggregate: count })
    for (const v of ['a', 'b', 'c', 'd']) h.processElement(v)
    assert.deepStrictEqual(h.extractOutput(), [record(0, GLOBAL_TS), record(0, GLOBAL_TS)])
  })
})

describe('evictors with merging windows', () => {
  it('evict from the merged contents of a session', () => {
    const h = windowHarness({
      assigner: EventTimeSessionWindows.withGap(3),
      evictor: CountEvictor.of(2),
      process: new Describe(true),
    })
    h.processElement('a', 0) // [0, 3)
    h.processElement('b', 5) // [5, 8)
    h.processElement('c', 3) // [0, 8): a, b, c in some order; the first one is evicted
    h.processElement('d', 6)
    h.processWatermark(8) // [0, 9)
    const out = h.extractOutput()
    assert.equal(out.length, 2)
    assert.deepStrictEqual(out[1], watermark(8))
    assert.match((out[0] as { value: string }).value, /^k \[0,9\): [abc],d$/)
    assert.equal((out[0] as { timestamp: number }).timestamp, 8)
    assert.equal(h.numKeyedStateEntries(), 0)
  })
})

describe('TimeEvictor', () => {
  it('keeps the elements within the window size of the latest timestamp', () => {
    const h = windowHarness({
      assigner: TumblingEventTimeWindows.of(10_000),
      evictor: TimeEvictor.of(3000),
    })
    h.processElement('a', 1000)
    h.processElement('b', 9000)
    h.processElement('c', 5000)
    h.processElement('d', 6000) // at the cutoff 9000 - 3000: evicted
    h.processElement('e', 7000)
    h.processWatermark(9999)
    assert.deepStrictEqual(h.extractOutput(), [record(['b', 'e'], 9999), watermark(9999)])
  })

  it('evicts before evaluation: the evicted elements are gone from the next firing', () => {
    const h = windowHarness({ ...globalCount(2), evictor: TimeEvictor.of(3000) })
    h.processElement('a', 1000)
    h.processElement('b', 5000) // cutoff 2000: a evicted
    h.processElement('c', 6000)
    h.processElement('d', 9000) // cutoff 6000: b and c evicted
    assert.deepStrictEqual(h.extractOutput(), [record(['b'], GLOBAL_TS), record(['d'], GLOBAL_TS)])
  })

  it('evicts after evaluation with doEvictAfter', () => {
    const h = windowHarness({ ...globalCount(2), evictor: TimeEvictor.of(3000, true) })
    h.processElement('a', 1000)
    h.processElement('b', 5000)
    h.processElement('c', 6000)
    h.processElement('d', 9000)
    assert.deepStrictEqual(h.extractOutput(), [
      record(['a', 'b'], GLOBAL_TS),
      record(['b', 'c', 'd'], GLOBAL_TS),
    ])
  })

  it('leaves elements without timestamps alone', () => {
    const h = windowHarness({ ...globalCount(3), evictor: TimeEvictor.of(1) })
    h.processElement('a')
    h.processElement('b')
    h.processElement('c')
    assert.deepStrictEqual(h.extractOutput(), [record(['a', 'b', 'c'], GLOBAL_TS)])
  })
})

describe('DeltaEvictor', () => {
  // getDelta(element, last): with the arguments swapped every delta is negative.
  const distance: DeltaFunction<number> = (element, last) => last - element

  it('evicts, before evaluation, the elements at least the threshold away from the last one', () => {
    const h = windowHarness({ ...globalCount(4), evictor: DeltaEvictor.of(5, distance) })
    for (const v of [1, 3, 8, 10]) h.processElement(v) // 10-1=9, 10-3=7 evicted; 2 and 0 kept
    for (const v of [11, 20, 21, 22]) h.processElement(v) // last 22: keeps 20, 21, 22
    assert.deepStrictEqual(h.extractOutput(), [
      record([8, 10], GLOBAL_TS),
      record([20, 21, 22], GLOBAL_TS),
    ])
  })

  it('evicts after evaluation with doEvictAfter', () => {
    const h = windowHarness({ ...globalCount(4), evictor: DeltaEvictor.of(5, distance, true) })
    for (const v of [1, 3, 8, 10]) h.processElement(v)
    for (const v of [11, 20, 21, 22]) h.processElement(v)
    assert.deepStrictEqual(h.extractOutput(), [
      record([1, 3, 8, 10], GLOBAL_TS),
      record([8, 10, 11, 20, 21, 22], GLOBAL_TS),
    ])
  })

  it('evicts exactly at the threshold', () => {
    const h = windowHarness({ ...globalCount(3), evictor: DeltaEvictor.of(5, distance) })
    for (const v of [5, 6, 10]) h.processElement(v) // 10-5=5 evicted, 10-6=4 kept
    assert.deepStrictEqual(h.extractOutput(), [record([6, 10], GLOBAL_TS)])
  })
})

describe('GlobalWindows + DeltaTrigger + TimeEvictor (Flink TopSpeedWindowing)', () => {
  interface CarEvent {
    id: number
    speed: number
    distance: number
  }

  it('emits the top speed of the last 10 s each time a car has covered 50 more meters', () => {
    const h = windowHarness<CarEvent>(
      {
        assigner: GlobalWindows.create(),
        trigger: DeltaTrigger.of(50, (a: CarEvent, b: CarEvent) => b.distance - a.distance),
        evictor: TimeEvictor.of(10_000),
        reduce: (a: CarEvent, b: CarEvent) => (b.speed > a.speed ? b : a),
      },
      (e) => e.id,
    )
    const car = (speed: number, distance: number, time: number) =>
      h.processElement({ id: 0, speed, distance }, time)
    car(50, 0, 0)
    car(70, 20, 5000)
    car(60, 40, 12_000)
    car(55, 60, 16_000) // 60 m since 0: fires over [12 s, 16 s]; 0 s and 5 s are evicted
    car(90, 80, 20_000)
    car(40, 111, 30_000) // 51 m since 60: fires over [30 s]; the rest is more than 10 s old
    h.processElement({ id: 1, speed: 10, distance: 55 }, 30_000) // another car: its first event
    assert.deepStrictEqual(h.extractOutput(), [
      record({ id: 0, speed: 60, distance: 40 }, GLOBAL_TS),
      record({ id: 0, speed: 40, distance: 111 }, GLOBAL_TS),
    ])
  })
})

describe('TimestampedValue', () => {
  it('carries the value and its timestamp; NaN means none', () => {
    const v = new TimestampedValue('a', 5)
    assert.equal(v.getValue(), 'a')
    assert.equal(v.getTimestamp(), 5)
    assert.equal(v.hasTimestamp(), true)
    assert.equal(new TimestampedValue('a', Number.NaN).hasTimestamp(), false)
  })
})
