// Allowed lateness (late firings, cleanup at end + lateness, late side output and dropped
// records) and merging session windows (state and trigger state merged, then cleaned up).
// Flink: WindowOperatorTest (testLateness*, testSideOutputDueToLatenessTumbling,
// testDropDueToLatenessSession*, testSessionWindows*, testCountTrigger with merging windows).
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  CountTrigger,
  EventTimeSessionWindows,
  MergingWindowAssigner,
  OutputTag,
  SlidingEventTimeWindows,
  TimeWindow,
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
  type Trigger,
} from '../../../src/index.js'
import {
  KeyedOneInputStreamOperatorTestHarness,
  record,
  watermark,
} from '../../../src/testing/index.js'
import { Describe, harness, seededRandom, windowOp } from './support.js'

describe('allowed lateness', () => {
  it('re-fires the window once per late element, purges at end + lateness, then side-outputs', () => {
    const late = new OutputTag<string>('late')
    const op = windowOp({ assigner: TumblingEventTimeWindows.of(10), lateness: 5, lateTag: late })
    const h = harness(op)
    h.processElement('a', 1)
    h.processWatermark(9)
    h.processElement('b', 3) // late, within lateness
    h.processElement('c', 5) // late, within lateness
    h.processWatermark(13)
    assert.ok(h.numKeyedStateEntries() > 0)
    h.processWatermark(14) // cleanup time: 9 + 5
    assert.equal(h.numKeyedStateEntries(), 0)
    h.processElement('d', 4) // after the cleanup: too late
    assert.deepStrictEqual(h.extractOutput(), [
      record(['a'], 9),
      watermark(9),
      record(['a', 'b'], 9),
      record(['a', 'b', 'c'], 9),
      watermark(13),
      watermark(14),
    ])
    assert.deepStrictEqual(h.getSideOutput(late), [record('d', 4)])
    assert.equal(op.numLateRecordsDropped, 0)
  })

  it('restores a window with its timers: it fires at its end after elements added since', () => {
    const options = { assigner: TumblingEventTimeWindows.of(10), lateness: 5 }
    const before = harness(windowOp(options), (v: string) => v[0])
    before.processElement('a1', 1)
    before.processElement('b1', 2)
    before.processWatermark(3)
    const state = before.snapshot(1)
    const after = new KeyedOneInputStreamOperatorTestHarness<string, unknown>(
      windowOp(options),
      (v) => v[0],
    )
    after.initializeState(state)
    after.open()
    // Not the windows' first elements: their timers come from the snapshot.
    after.processElement('a2', 4)
    after.processElement('b2', 5)
    after.processWatermark(9)
    after.processElement('a3', 6) // late, within lateness: fires again at once
    after.processWatermark(14) // cleanup
    assert.equal(after.numKeyedStateEntries(), 0)
    assert.deepStrictEqual(after.extractOutput(), [
      record(['a1', 'a2'], 9),
      record(['b1', 'b2'], 9),
      watermark(9),
      record(['a1', 'a2', 'a3'], 9),
      watermark(14),
    ])
  })

  it('re-registers the end timer of a restored window that fired before the snapshot', () => {
    // The watermark restarts from its minimum after a restore: an element of a window that
    // fired already (kept for lateness) makes the trigger register its end timer again.
    const options = { assigner: TumblingEventTimeWindows.of(10), lateness: 5 }
    const before = harness(windowOp(options))
    before.processElement('a1', 1)
    before.processWatermark(9)
    const state = before.snapshot(1)
    const after = new KeyedOneInputStreamOperatorTestHarness<string, unknown>(
      windowOp(options),
      () => 'k',
    )
    after.initializeState(state)
    after.open()
    after.processElement('a2', 4)
    after.processElement('a3', 12) // a new window [10, 20): its timers are its own
    after.processElement('a4', 13)
    after.processWatermark(19)
    assert.deepStrictEqual(after.extractOutput(), [
      record(['a1', 'a2'], 9),
      record(['a3', 'a4'], 19),
      watermark(19),
    ])
  })

  it('counts records dropped for lateness when there is no late-data tag', () => {
    const op = windowOp({ assigner: TumblingEventTimeWindows.of(10), lateness: 5 })
    const h = harness(op)
    h.processElement('a', 1)
    h.processWatermark(14)
    h.processElement('b', 4)
    h.processElement('c', 9) // 9 + 5 <= 14: late as well
    h.processElement('d', 10) // window [10, 20): on time
    h.processWatermark(19)
    assert.deepStrictEqual(h.extractOutput(), [
      record(['a'], 9),
      watermark(14),
      record(['d'], 19),
      watermark(19),
    ])
    assert.equal(op.numLateRecordsDropped, 2)
  })

  it('with no lateness, an element is late once the watermark reaches its window end - 1', () => {
    const op = windowOp({ assigner: TumblingEventTimeWindows.of(10) })
    const h = harness(op)
    h.processWatermark(8)
    h.processElement('just-in-time', 9) // window [0, 10) still open
    h.processWatermark(9)
    h.processElement('late', 9) // window [0, 10) is done
    h.processElement('on-time', 10)
    h.processWatermark(19)
    assert.deepStrictEqual(h.extractOutput(), [
      watermark(8),
      record(['just-in-time'], 9),
      watermark(9),
      record(['on-time'], 19),
      watermark(19),
    ])
    assert.equal(op.numLateRecordsDropped, 1)
  })

  it('keeps the window state until end + lateness even when nothing arrives late', () => {
    const h = harness(windowOp({ assigner: TumblingEventTimeWindows.of(10), lateness: 5 }))
    h.processElement('a', 1)
    h.processWatermark(9)
    assert.ok(h.numKeyedStateEntries() > 0)
    h.processWatermark(13)
    assert.ok(h.numKeyedStateEntries() > 0)
    h.processWatermark(14)
    assert.equal(h.numKeyedStateEntries(), 0)
    assert.deepStrictEqual(h.extractOutput(), [
      record(['a'], 9),
      watermark(9),
      watermark(13),
      watermark(14),
    ])
  })

  it('does not drop an element that is late for some of its sliding windows only', () => {
    const late = new OutputTag<string>('late')
    const op = windowOp({ assigner: SlidingEventTimeWindows.of(10, 5), lateTag: late })
    const h = harness(op)
    h.processWatermark(10)
    h.processElement('a', 7) // [0, 10) is done, [5, 15) is not
    h.processWatermark(14)
    assert.deepStrictEqual(h.extractOutput(), [watermark(10), record(['a'], 14), watermark(14)])
    assert.deepStrictEqual(h.getSideOutput(late), [])
    assert.equal(op.numLateRecordsDropped, 0)
  })

  it('does not apply to processing-time windows: their state goes at the window end', () => {
    const h = harness(windowOp({ assigner: TumblingProcessingTimeWindows.of(10), lateness: 100 }))
    h.setProcessingTime(3)
    h.processElement('a')
    h.setProcessingTime(9)
    assert.deepStrictEqual(h.extractOutput(), [record(['a'], 9)])
    assert.equal(h.numKeyedStateEntries(), 0)
  })

  it('rejects a negative allowed lateness', () => {
    assert.throws(
      () => windowOp({ assigner: TumblingEventTimeWindows.of(10), lateness: -1 }),
      RangeError,
    )
  })
})

describe('session windows', () => {
  it('merge into one session when a bridging element arrives: one result with all elements', () => {
    const h = harness(
      windowOp({ assigner: EventTimeSessionWindows.withGap(3), process: new Describe(true) }),
    )
    h.processElement('a', 0) // [0, 3)
    h.processElement('b', 5) // [5, 8)
    h.processWatermark(1)
    h.processElement('c', 3) // [3, 6) touches both: [0, 8)
    h.processWatermark(2) // the end - 1 of [0, 3): no longer a window
    h.processWatermark(6)
    h.processWatermark(7)
    assert.deepStrictEqual(h.extractOutput(), [
      watermark(1),
      watermark(2),
      watermark(6),
      record('k [0,8): a,b,c', 7),
      watermark(7),
    ])
    assert.equal(h.numKeyedStateEntries(), 0)
  })

  it('do not merge windows that neither overlap nor touch', () => {
    const h = harness(
      windowOp({ assigner: EventTimeSessionWindows.withGap(3), process: new Describe(true) }),
    )
    h.processElement('a', 0) // [0, 3)
    h.processElement('b', 4) // [4, 7)
    h.processWatermark(10)
    assert.deepStrictEqual(h.extractOutput(), [
      record('k [0,3): a', 2),
      record('k [4,7): b', 6),
      watermark(10),
    ])
  })

  it('merge the count of a CountTrigger, which then fires the merged session', () => {
    const h = harness(
      windowOp({
        assigner: EventTimeSessionWindows.withGap(3),
        trigger: CountTrigger.of(3),
        process: new Describe(true),
      }),
    )
    h.processElement('a', 0) // [0, 3): count 1
    h.processElement('b', 5) // [5, 8): count 1
    assert.deepStrictEqual(h.extractOutput(), [])
    h.processElement('c', 3) // [0, 8): count 1 + 1 + 1
    assert.deepStrictEqual(h.extractOutput(), [record('k [0,8): a,b,c', 7)])
    h.processWatermark(7) // cleanup, no firing by a CountTrigger
    assert.deepStrictEqual(h.extractOutput(), [record('k [0,8): a,b,c', 7), watermark(7)])
    assert.equal(h.numKeyedStateEntries(), 0)
  })

  it('keep sessions per key', () => {
    const h = harness(
      windowOp({ assigner: EventTimeSessionWindows.withGap(3), process: new Describe(true) }),
      (v: string) => v[0],
    )
    h.processElement('x1', 0) // x [0, 3)
    h.processElement('y1', 1) // y [1, 4)
    h.processElement('x2', 2) // x [2, 5): merges with x1 only
    h.processElement('y2', 6) // y [6, 9): a new session of y
    h.processWatermark(10)
    assert.deepStrictEqual(h.extractOutput(), [
      record('y [1,4): y1', 3),
      record('x [0,5): x1,x2', 4),
      record('y [6,9): y2', 8),
      watermark(10),
    ])
    assert.equal(h.numKeyedStateEntries(), 0)
  })

  it('give the same output on the shortcut for one or two windows as on the general merge', () => {
    // The built-in session assigner takes MergingWindowSet's shortcut; this one merges the same
    // way but is not recognised as sessions, so it takes the general path.
    const gap = 5
    class GeneralPathSessions extends MergingWindowAssigner<unknown, TimeWindow> {
      private readonly sessions = EventTimeSessionWindows.withGap(gap)
      assignWindows(element: unknown, timestamp: number): TimeWindow[] {
        return this.sessions.assignWindows(element, timestamp)
      }
      getDefaultTrigger(): Trigger<unknown, TimeWindow> {
        return this.sessions.getDefaultTrigger()
      }
      isEventTime(): boolean {
        return true
      }
      mergeWindows(
        windows: readonly TimeWindow[],
        merge: (toBeMerged: TimeWindow[], mergeResult: TimeWindow) => void,
      ): void {
        TimeWindow.mergeWindows(windows, merge)
      }
    }
    const run = (assigner: MergingWindowAssigner<unknown, TimeWindow>): unknown[] => {
      const h = harness(
        windowOp({ assigner, lateness: 3, process: new Describe(true) }),
        (v: string) => v[0],
      )
      const random = seededRandom(7)
      let time = 0
      for (let i = 0; i < 400; i++) {
        time += random(4)
        // Out of order by up to 12: elements bridge, extend, fall inside and come late.
        h.processElement(`${'abc'[random(3)]!}${i}`, time - random(13))
        if (random(5) === 0) h.processWatermark(time - 6)
      }
      h.processWatermark(time + 100)
      return h.extractOutput()
    }
    const expected = run(new GeneralPathSessions())
    // Sessions of several elements each, re-fired late ones among them.
    assert.equal(
      expected.filter((e) => String((e as { value?: unknown }).value).includes(',')).length,
      150,
    )
    assert.deepStrictEqual(run(EventTimeSessionWindows.withGap(gap)), expected)
  })

  it('restore in-flight sessions from snapshots, also ones restored and not touched since', () => {
    const options = {
      assigner: EventTimeSessionWindows.withGap(5),
      lateness: 3,
      process: new Describe(true),
    }
    const key = (v: string): string => v[0]!
    // Snapshots, restored into a new operator, after the elements `restoreAt` names.
    const run = (restoreAt: readonly number[]): unknown[] => {
      let h = harness(windowOp(options), key)
      const output: unknown[] = []
      // What the current harness emitted before the run's own elements (see below).
      let skip = 0
      const random = seededRandom(11)
      let time = 0
      for (let i = 0; i < 450; i++) {
        time += random(4)
        h.processElement(`${'ab'[random(2)]!}${i}`, time - random(13))
        // A session far ahead in event time: restored twice, untouched by elements or timers.
        if (i === 100) h.processElement('c-far', time + 1000)
        if (random(5) === 0 || i === 150 || i === 300) h.processWatermark(time - 6)
        if (!restoreAt.includes(i)) continue
        const state = h.snapshot(i)
        output.push(...h.extractOutput().slice(skip))
        h = new KeyedOneInputStreamOperatorTestHarness<string, unknown>(windowOp(options), key)
        h.initializeState(state)
        h.open()
        // The watermark restarts from its minimum after a restore: bring it back, and leave
        // out the watermark this emits again.
        h.processWatermark(time - 6)
        skip = h.extractOutput().length
      }
      h.processWatermark(time + 2000)
      output.push(...h.extractOutput().slice(skip))
      return output
    }
    const expected = run([])
    const far = expected.filter((e) => String((e as { value?: unknown }).value).startsWith('c '))
    assert.deepStrictEqual(far, [record('c [1135,1140): c-far', 1139)])
    assert.deepStrictEqual(run([150, 300]), expected)
  })

  it('re-fire a fired session at once when a late element within lateness merges into it', () => {
    const h = harness(
      windowOp({
        assigner: EventTimeSessionWindows.withGap(3),
        lateness: 10,
        process: new Describe(true),
      }),
    )
    h.processElement('a', 0) // [0, 3)
    h.processWatermark(5)
    h.processElement('b', 1) // [1, 4) merges: [0, 4), already past the watermark
    h.processWatermark(13) // cleanup of [0, 4): 3 + 10
    assert.deepStrictEqual(h.extractOutput(), [
      record('k [0,3): a', 2),
      watermark(5),
      record('k [0,4): a,b', 3),
      watermark(13),
    ])
    assert.equal(h.numKeyedStateEntries(), 0)
  })

  it('send an element whose session is already cleaned up to the late side output', () => {
    const late = new OutputTag<string>('late')
    const op = windowOp({ assigner: EventTimeSessionWindows.withGap(3), lateTag: late })
    const h = harness(op)
    h.processElement('a', 0)
    h.processWatermark(5)
    h.processElement('b', 1) // [1, 4): 3 <= 5, late, and merges with nothing in flight
    assert.deepStrictEqual(h.extractOutput(), [record(['a'], 2), watermark(5)])
    assert.deepStrictEqual(h.getSideOutput(late), [record('b', 1)])
    assert.equal(h.numKeyedStateEntries(), 0)
  })
})
