import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  KeyedProcessFunction,
  OutputTag,
  ProcessFunction,
  ValueStateDescriptor,
  type Collector,
  type KeyedProcessFunctionContext,
  type KeyedProcessFunctionOnTimerContext,
  type ProcessFunctionContext,
  type ValueState,
} from '../../src/index.js'
import {
  KeyedOneInputStreamOperatorTestHarness,
  KeyedProcessOperator,
  OneInputStreamOperatorTestHarness,
  ProcessOperator,
  StreamGroupedReduceOperator,
  record,
  watermark,
} from '../../src/testing/index.js'

interface Click {
  user: string
  n: number
}

class EmitOnTimer extends KeyedProcessFunction<string, Click, string> {
  processElement(c: Click, ctx: KeyedProcessFunctionContext<string>): void {
    ctx.timerService().registerEventTimeTimer(ctx.timestamp()! + 10)
    ctx.timerService().registerProcessingTimeTimer(100)
    void c
  }
  override onTimer(
    ts: number,
    ctx: KeyedProcessFunctionOnTimerContext<string>,
    out: Collector<string>,
  ): void {
    out.collect(`${ctx.getCurrentKey()}@${ts}:${ctx.timeDomain()}`)
  }
}

describe('KeyedOneInputStreamOperatorTestHarness', () => {
  it('fires an event-time timer once the watermark passes it, stamped with the timer time', () => {
    const h = new KeyedOneInputStreamOperatorTestHarness(
      new KeyedProcessOperator(new EmitOnTimer()),
      (c: Click) => c.user,
    )
    h.open()
    h.processElement({ user: 'a', n: 1 }, 10)
    h.processElement({ user: 'b', n: 1 }, 15)
    h.processWatermark(19)
    h.processWatermark(20)
    assert.deepStrictEqual(h.extractOutput(), [
      watermark(19),
      record('a@20:EVENT_TIME', 20),
      watermark(20),
    ])
  })

  it('fires processing-time timers once per key and time, without a timestamp', () => {
    const h = new KeyedOneInputStreamOperatorTestHarness(
      new KeyedProcessOperator(new EmitOnTimer()),
      (c: Click) => c.user,
    )
    h.open()
    h.processElement({ user: 'a', n: 1 }, 1)
    h.processElement({ user: 'a', n: 2 }, 2)
    h.processElement({ user: 'b', n: 1 }, 3)
    h.setProcessingTime(99)
    assert.deepStrictEqual(h.extractOutput(), [])
    h.setProcessingTime(100)
    assert.deepStrictEqual(h.extractOutput(), [
      record('a@100:PROCESSING_TIME'),
      record('b@100:PROCESSING_TIME'),
    ])
  })

  it('keeps a rolling reduce per key and emits every update', () => {
    const h = new KeyedOneInputStreamOperatorTestHarness(
      new StreamGroupedReduceOperator((a: Click, b: Click) => ({ user: a.user, n: a.n + b.n })),
      (c: Click) => c.user,
    )
    h.open()
    h.processElement({ user: 'a', n: 1 }, 1)
    h.processElement({ user: 'b', n: 5 }, 2)
    h.processElement({ user: 'a', n: 2 }, 3)
    assert.deepStrictEqual(h.extractOutput(), [
      record({ user: 'a', n: 1 }, 1),
      record({ user: 'b', n: 5 }, 2),
      record({ user: 'a', n: 3 }, 3),
    ])
    assert.equal(h.numKeyedStateEntries(), 2)
  })

  it('gives keyed state per key to a KeyedProcessFunction', () => {
    class Counter extends KeyedProcessFunction<string, Click, string> {
      private count!: ValueState<number>
      override open(): void {
        this.count = this.getRuntimeContext().getState(new ValueStateDescriptor<number>('count'))
      }
      processElement(
        c: Click,
        _ctx: KeyedProcessFunctionContext<string>,
        out: Collector<string>,
      ): void {
        const n = (this.count.value() ?? 0) + 1
        this.count.update(n)
        out.collect(`${c.user}:${n}`)
      }
    }
    const h = new KeyedOneInputStreamOperatorTestHarness(
      new KeyedProcessOperator(new Counter()),
      (c: Click) => c.user,
    )
    h.open()
    for (const user of ['a', 'b', 'a', 'a']) h.processElement({ user, n: 0 })
    assert.deepStrictEqual(h.extractOutputValues(), ['a:1', 'b:1', 'a:2', 'a:3'])
  })
})

describe('OneInputStreamOperatorTestHarness', () => {
  it('routes side outputs by tag and keeps the input timestamp', () => {
    const odd = new OutputTag<number>('odd')
    class Splitter extends ProcessFunction<number, number> {
      processElement(v: number, ctx: ProcessFunctionContext, out: Collector<number>): void {
        if (v % 2 === 0) out.collect(v)
        else ctx.output(odd, v)
      }
    }
    const h = new OneInputStreamOperatorTestHarness(new ProcessOperator(new Splitter()))
    h.open()
    h.processElement(1, 5)
    h.processElement(2, 6)
    h.processElement(3)
    assert.deepStrictEqual(h.extractOutput(), [record(2, 6)])
    assert.deepStrictEqual(h.getSideOutput(odd), [record(1, 5), record(3)])
  })

  it('rejects timers on a non-keyed stream with a clear error', () => {
    class Timed extends ProcessFunction<number, number> {
      processElement(_v: number, ctx: ProcessFunctionContext): void {
        ctx.timerService().registerProcessingTimeTimer(5)
      }
    }
    const h = new OneInputStreamOperatorTestHarness(new ProcessOperator(new Timed()))
    h.open()
    assert.throws(() => h.processElement(1), /Setting timers is only supported on a keyed streams/)
  })
})
