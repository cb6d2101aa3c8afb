// Triggers in a WindowOperator: when windows fire and purge, and how watermarks interleave.
// Flink: EventTimeTriggerTest, ProcessingTimeTriggerTest, CountTriggerTest, PurgingTriggerTest,
// ContinuousEventTimeTriggerTest, ContinuousProcessingTimeTriggerTest, WindowOperatorTest.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  ContinuousEventTimeTrigger,
  ContinuousProcessingTimeTrigger,
  CountTrigger,
  DeltaTrigger,
  EventTimeSessionWindows,
  EventTimeTrigger,
  GlobalWindows,
  ProcessingTimeTrigger,
  PurgingTrigger,
  Trigger,
  TriggerResult,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
  ValueStateDescriptor,
  type TimeWindow,
  type TriggerContext,
} from '../../../src/index.js'
import { record, watermark } from '../../../src/testing/index.js'
import { Describe, GLOBAL_TS, windowHarness } from './support.js'

describe('EventTimeTrigger', () => {
  it('fires a window when the watermark reaches end - 1, not before, then emits the watermark', () => {
    const h = windowHarness({ assigner: TumblingEventTimeWindows.of(10) })
    h.processElement('a', 3)
    h.processWatermark(8) // end - 2
    assert.deepStrictEqual(h.extractOutput(), [watermark(8)])
    h.processWatermark(9) // end - 1
    assert.deepStrictEqual(h.extractOutput(), [watermark(8), record(['a'], 9), watermark(9)])
  })

  it('fires every window a watermark jumps over in time order, before that watermark', () => {
    const h = windowHarness({ assigner: TumblingEventTimeWindows.of(10) })
    h.processElement('c', 27)
    h.processElement('a', 1)
    h.processElement('b', 15)
    h.processWatermark(100)
    assert.deepStrictEqual(h.extractOutput(), [
      record(['a'], 9),
      record(['b'], 19),
      record(['c'], 29),
      watermark(100),
    ])
  })

  it('fires each window once and drops its state (no allowed lateness)', () => {
    const h = windowHarness({ assigner: TumblingEventTimeWindows.of(10) })
    h.processElement('a', 3)
    assert.ok(h.numKeyedStateEntries() > 0)
    h.processWatermark(9)
    h.processWatermark(15)
    assert.deepStrictEqual(h.extractOutput(), [record(['a'], 9), watermark(9), watermark(15)])
    assert.equal(h.numKeyedStateEntries(), 0)
  })

  it('is the default trigger of event-time tumbling windows, equal when set explicitly', () => {
    const h = windowHarness({
      assigner: TumblingEventTimeWindows.of(10),
      trigger: EventTimeTrigger.create(),
    })
    h.processElement('a', 3)
    h.processWatermark(9)
    assert.deepStrictEqual(h.extractOutput(), [record(['a'], 9), watermark(9)])
  })
})

describe('ProcessingTimeTrigger', () => {
  it('fires an event-time window by processing time; the watermark then only cleans it up', () => {
    const h = windowHarness({
      assigner: TumblingEventTimeWindows.of(10),
      trigger: ProcessingTimeTrigger.create(),
    })
    h.processElement('a', 1)
    h.processWatermark(5)
    h.setProcessingTime(8)
    h.setProcessingTime(9)
    assert.deepStrictEqual(h.extractOutput(), [watermark(5), record(['a'], 9)])
    h.processWatermark(9)
    assert.deepStrictEqual(h.extractOutput(), [watermark(5), record(['a'], 9), watermark(9)])
    assert.equal(h.numKeyedStateEntries(), 0)
  })
})

describe('CountTrigger', () => {
  it('fires every n elements without purging, and the cleanup drops the rest unfired', () => {
    const h = windowHarness({
      assigner: TumblingEventTimeWindows.of(10),
      trigger: CountTrigger.of(2),
    })
    h.processElement('a', 1)
    h.processElement('b', 2)
    h.processElement('c', 3)
    h.processElement('d', 4)
    h.processElement('e', 5)
    h.processWatermark(9)
    assert.deepStrictEqual(h.extractOutput(), [
      record(['a', 'b'], 9),
      record(['a', 'b', 'c', 'd'], 9),
      watermark(9),
    ])
    assert.equal(h.numKeyedStateEntries(), 0)
  })

  it('counts per window', () => {
    const h = windowHarness({
      assigner: TumblingEventTimeWindows.of(10),
      trigger: CountTrigger.of(2),
    })
    h.processElement('a', 1)
    h.processElement('b', 11)
    h.processElement('c', 2)
    h.processElement('d', 12)
    assert.deepStrictEqual(h.extractOutput(), [record(['a', 'c'], 9), record(['b', 'd'], 19)])
  })

  it('rejects a count that is not a positive integer', () => {
    assert.throws(() => CountTrigger.of(0), RangeError)
    assert.throws(() => CountTrigger.of(1.5), RangeError)
  })
})

describe('PurgingTrigger', () => {
  it('purges the contents after each firing of the nested trigger', () => {
    const h = windowHarness({
      assigner: TumblingEventTimeWindows.of(10),
      trigger: PurgingTrigger.of(CountTrigger.of(2)),
    })
    h.processElement('a', 1)
    h.processElement('b', 2)
    h.processElement('c', 3)
    h.processElement('d', 4)
    h.processElement('e', 5)
    h.processWatermark(9)
    assert.deepStrictEqual(h.extractOutput(), [
      record(['a', 'b'], 9),
      record(['c', 'd'], 9),
      watermark(9),
    ])
    assert.equal(h.numKeyedStateEntries(), 0)
  })

  it('turns the late firings of an EventTimeTrigger into firings of the late elements only', () => {
    const h = windowHarness({
      assigner: TumblingEventTimeWindows.of(10),
      trigger: PurgingTrigger.of(EventTimeTrigger.create()),
      lateness: 10,
    })
    h.processElement('a', 1)
    h.processElement('b', 2)
    h.processWatermark(9)
    h.processElement('c', 3)
    assert.deepStrictEqual(h.extractOutput(), [
      record(['a', 'b'], 9),
      watermark(9),
      record(['c'], 9),
    ])
  })
})

describe('ContinuousEventTimeTrigger', () => {
  it('fires every interval of event time, aligned to the interval, and at the window end', () => {
    const h = windowHarness({
      assigner: TumblingEventTimeWindows.of(10),
      trigger: ContinuousEventTimeTrigger.of(3),
    })
    h.processElement('a', 1) // first firing at 3
    h.processWatermark(2)
    h.processWatermark(3)
    h.processElement('b', 4)
    h.processWatermark(7) // the firing at 6
    h.processWatermark(8)
    h.processWatermark(9) // min(9, window end - 1)
    assert.deepStrictEqual(h.extractOutput(), [
      watermark(2),
      record(['a'], 9),
      watermark(3),
      record(['a', 'b'], 9),
      watermark(7),
      watermark(8),
      record(['a', 'b'], 9),
      watermark(9),
    ])
    assert.equal(h.numKeyedStateEntries(), 0)
  })

  it('fires at once for an element that arrives after the window end (within lateness)', () => {
    const h = windowHarness({
      assigner: TumblingEventTimeWindows.of(10),
      trigger: ContinuousEventTimeTrigger.of(3),
      lateness: 5,
    })
    h.processElement('a', 8)
    h.processWatermark(9)
    h.processElement('b', 2)
    assert.deepStrictEqual(h.extractOutput(), [
      record(['a'], 9),
      watermark(9),
      record(['a', 'b'], 9),
    ])
  })
})

describe('ContinuousEventTimeTrigger with merging windows', () => {
  it('merges the next fire times of merged sessions: the earliest wins', () => {
    const h = windowHarness({
      assigner: EventTimeSessionWindows.withGap(10),
      trigger: ContinuousEventTimeTrigger.of(5),
      process: new Describe(true),
    })
    h.processElement('a', 1) // [1, 11): next firing at 5
    h.processElement('b', 12) // [12, 22): next firing at 15
    h.processElement('c', 8) // [8, 18) bridges both: [1, 22), next firing at min(5, 15)
    h.processWatermark(5)
    h.processWatermark(10)
    h.processWatermark(21) // firings at 15, 20 and the end - 1, 21
    assert.deepStrictEqual(h.extractOutput(), [
      record('k [1,22): a,b,c', 21),
      watermark(5),
      record('k [1,22): a,b,c', 21),
      watermark(10),
      record('k [1,22): a,b,c', 21),
      record('k [1,22): a,b,c', 21),
      record('k [1,22): a,b,c', 21),
      watermark(21),
    ])
    assert.equal(h.numKeyedStateEntries(), 0)
  })
})

describe('ContinuousProcessingTimeTrigger', () => {
  it('fires every interval of processing time, aligned to the interval, up to the window end', () => {
    const h = windowHarness({
      assigner: TumblingProcessingTimeWindows.of(10),
      trigger: ContinuousProcessingTimeTrigger.of(3),
    })
    h.setProcessingTime(1)
    h.processElement('a') // first firing at 3
    h.setProcessingTime(2)
    h.setProcessingTime(3)
    h.setProcessingTime(4)
    h.processElement('b')
    h.setProcessingTime(6)
    h.setProcessingTime(9) // min(9, window end - 1)
    h.setProcessingTime(30)
    assert.deepStrictEqual(h.extractOutput(), [
      record(['a'], 9),
      record(['a', 'b'], 9),
      record(['a', 'b'], 9),
    ])
    assert.equal(h.numKeyedStateEntries(), 0)
  })

  it('keeps firing a global window every interval, with or without new elements', () => {
    const h = windowHarness({
      assigner: GlobalWindows.create(),
      trigger: ContinuousProcessingTimeTrigger.of(5),
    })
    h.setProcessingTime(2)
    h.processElement('a') // first firing at 5
    h.setProcessingTime(5)
    h.processElement('b')
    h.setProcessingTime(10)
    h.setProcessingTime(14)
    h.setProcessingTime(15)
    assert.deepStrictEqual(h.extractOutput(), [
      record(['a'], GLOBAL_TS),
      record(['a', 'b'], GLOBAL_TS),
      record(['a', 'b'], GLOBAL_TS),
    ])
  })
})

describe('DeltaTrigger', () => {
  it('fires when an element is more than the threshold away from the last firing element', () => {
    const h = windowHarness<number>({
      assigner: GlobalWindows.create(),
      // Called as (old, new): with the arguments swapped the delta is negative and never fires.
      trigger: DeltaTrigger.of(10, (oldPos: number, newPos: number) => newPos - oldPos),
    })
    for (const pos of [0, 5, 10, 11, 15, 21, 22]) h.processElement(pos)
    assert.deepStrictEqual(h.extractOutput(), [
      record([0, 5, 10, 11], GLOBAL_TS),
      record([0, 5, 10, 11, 15, 21, 22], GLOBAL_TS),
    ])
  })

  it('takes the delta function as an object too, and keeps the reference per key', () => {
    const h = windowHarness<{ car: string; pos: number }>(
      {
        assigner: GlobalWindows.create(),
        trigger: DeltaTrigger.of(5, {
          getDelta: (a: { pos: number }, b: { pos: number }) => b.pos - a.pos,
        }),
        apply: (key, _w, input: Iterable<{ pos: number }>, out) =>
          out.collect(`${String(key)}: ${[...input].map((e) => e.pos).join(',')}`),
      },
      (e) => e.car,
    )
    h.processElement({ car: 'x', pos: 0 })
    h.processElement({ car: 'y', pos: 100 })
    h.processElement({ car: 'x', pos: 6 })
    h.processElement({ car: 'y', pos: 104 })
    h.processElement({ car: 'y', pos: 106 })
    assert.deepStrictEqual(h.extractOutputValues(), ['x: 0,6', 'y: 100,104,106'])
  })
})

/**
 * Fires early on processing time, 5 ms after a window's first element; fires and purges on a
 * 'flush' element; fires on time at the window end. Counts the elements of each window in trigger
 * state and logs its calls.
 */
class EarlyAndOnTimeTrigger extends Trigger<string, TimeWindow> {
  readonly log: string[] = []
  private readonly count = new ValueStateDescriptor<number>('element-count')

  onElement(element: string, _ts: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    const count = ctx.getPartitionedState(this.count)
    const n = (count.value() ?? 0) + 1
    count.update(n)
    if (n === 1) ctx.registerProcessingTimeTimer(ctx.getCurrentProcessingTime() + 5)
    ctx.registerEventTimeTimer(window.maxTimestamp())
    return element === 'flush' ? TriggerResult.FIRE_AND_PURGE : TriggerResult.CONTINUE
  }

  onProcessingTime(time: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    this.log.push(`early ${name(window)} at ${time}: ${this.countOf(ctx)} elements`)
    return TriggerResult.FIRE
  }

  onEventTime(time: number, window: TimeWindow, ctx: TriggerContext): TriggerResult {
    if (time !== window.maxTimestamp()) return TriggerResult.CONTINUE
    this.log.push(`on time ${name(window)}: ${this.countOf(ctx)} elements`)
    return TriggerResult.FIRE
  }

  clear(window: TimeWindow, ctx: TriggerContext): void {
    this.log.push(`clear ${name(window)}`)
    ctx.getPartitionedState(this.count).clear()
    ctx.deleteEventTimeTimer(window.maxTimestamp())
  }

  private countOf(ctx: TriggerContext): number {
    return ctx.getPartitionedState(this.count).value() ?? 0
  }
}

const name = (w: TimeWindow) => `[${w.start},${w.end})`

describe('a custom Trigger', () => {
  it('gets onElement, onProcessingTime, onEventTime and clear, with state per window', () => {
    const trigger = new EarlyAndOnTimeTrigger()
    const h = windowHarness({ assigner: TumblingEventTimeWindows.of(10), trigger })
    h.processElement('a', 1)
    h.processElement('b', 2)
    h.processElement('x', 15) // window [10, 20): its own count and timers
    h.setProcessingTime(5)
    h.processElement('flush', 3)
    h.processElement('c', 4)
    h.processWatermark(9)
    assert.deepStrictEqual(h.extractOutput(), [
      record(['a', 'b'], 9),
      record(['x'], 19),
      record(['a', 'b', 'flush'], 9),
      record(['c'], 9),
      watermark(9),
    ])
    assert.deepStrictEqual(trigger.log, [
      'early [0,10) at 5: 2 elements',
      'early [10,20) at 5: 1 elements',
      'on time [0,10): 4 elements',
      'clear [0,10)',
    ])
    h.processWatermark(19)
    assert.deepStrictEqual(trigger.log.slice(4), ['on time [10,20): 1 elements', 'clear [10,20)'])
    assert.equal(h.numKeyedStateEntries(), 0)
  })
})

/** PURGE on 'reset' (drops the contents without firing), FIRE on 'fire'. */
class ResetTrigger extends Trigger<string, TimeWindow> {
  onElement(element: string): TriggerResult {
    if (element === 'reset') return TriggerResult.PURGE
    return element === 'fire' ? TriggerResult.FIRE : TriggerResult.CONTINUE
  }
  onProcessingTime(): TriggerResult {
    return TriggerResult.CONTINUE
  }
  onEventTime(): TriggerResult {
    return TriggerResult.CONTINUE
  }
  clear(): void {}
}

describe('a trigger returning PURGE', () => {
  it('drops the contents (the purging element included) without firing', () => {
    const h = windowHarness({
      assigner: TumblingEventTimeWindows.of(10),
      trigger: new ResetTrigger(),
    })
    for (const [v, t] of [
      ['a', 1],
      ['reset', 2],
      ['b', 3],
      ['fire', 4],
    ] as const)
      h.processElement(v, t)
    h.processWatermark(9)
    assert.deepStrictEqual(h.extractOutput(), [record(['b', 'fire'], 9), watermark(9)])
    assert.equal(h.numKeyedStateEntries(), 0)
  })
})
