// Side outputs, union and connected streams on the MiniCluster: OutputTag from (Keyed)Process
// functions, union of three streams, CoMap/CoFlatMap/CoProcess, and keyed connect whose keyed
// state is shared by both inputs.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  CoProcessFunction,
  KeyedCoProcessFunction,
  KeyedProcessFunction,
  OutputTag,
  ProcessFunction,
  StreamExecutionEnvironment,
  ValueStateDescriptor,
  type BaseContext,
  type Collector,
  type KeyedProcessFunctionContext,
  type ProcessFunctionContext,
  type ValueState,
} from '../../src/index.js'
import { ListSink, sorted } from './support.js'

function env(parallelism: number): StreamExecutionEnvironment {
  return StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism)
}

describe('side outputs', () => {
  it('splits a stream with a ProcessFunction: main output and two typed side outputs', async () => {
    const odd = new OutputTag<number>('odd')
    const big = new OutputTag<string>('big')
    class Split extends ProcessFunction<number, number> {
      processElement(n: number, ctx: ProcessFunctionContext, out: Collector<number>): void {
        if (n % 2 === 0) out.collect(n)
        else ctx.output(odd, n)
        if (n > 7) ctx.output(big, `big:${n}`)
      }
    }
    const e = env(2)
    const main = e.fromSequence(1, 10).process(new Split())
    const mainSink = new ListSink<number>()
    const oddSink = new ListSink<number>()
    const bigSink = new ListSink<string>()
    main.sinkTo(mainSink)
    main.getSideOutput(odd).sinkTo(oddSink)
    main.getSideOutput(big).sinkTo(bigSink)
    await e.execute()
    assert.deepStrictEqual(sorted(mainSink.values), [2, 4, 6, 8, 10])
    assert.deepStrictEqual(sorted(oddSink.values), [1, 3, 5, 7, 9])
    assert.deepStrictEqual(sorted(bigSink.values), ['big:10', 'big:8', 'big:9'])
  })

  it('emits side outputs from a KeyedProcessFunction, per key in order', async () => {
    const rejected = new OutputTag<string>('rejected')
    class Limit extends KeyedProcessFunction<string, [string, number], string> {
      processElement(
        v: [string, number],
        ctx: KeyedProcessFunctionContext<string>,
        out: Collector<string>,
      ): void {
        if (v[1] <= 2) out.collect(`${ctx.getCurrentKey()}:${v[1]}`)
        else ctx.output(rejected, `${ctx.getCurrentKey()} rejects ${v[1]}`)
      }
    }
    const e = env(1)
    const main = e
      .fromData<[string, number]>(['a', 1], ['b', 3], ['a', 2], ['a', 5], ['b', 1])
      .keyBy((v) => v[0])
      .process(new Limit())
    const mainSink = new ListSink<string>()
    const sideSink = new ListSink<string>()
    main.sinkTo(mainSink)
    main.getSideOutput(rejected).sinkTo(sideSink)
    await e.execute()
    assert.deepStrictEqual(mainSink.values, ['a:1', 'a:2', 'b:1'])
    assert.deepStrictEqual(sideSink.values, ['b rejects 3', 'a rejects 5'])
  })
})

describe('union', () => {
  it('merges three streams into one, every record once', async () => {
    const e = env(2)
    const a = e.fromData('a1', 'a2')
    const b = e.fromData('b1')
    const c = e.fromData('c1', 'c2', 'c3')
    const result = await a
      .union(b, c)
      .map((s) => s.toUpperCase())
      .executeAndCollect()
    assert.deepStrictEqual(sorted(result), ['A1', 'A2', 'B1', 'C1', 'C2', 'C3'])
  })

  it('keeps the order of each input when everything runs at parallelism 1', async () => {
    const e = env(1)
    const result = await e
      .fromData(1, 2, 3)
      .union(e.fromData(10, 20), e.fromData(100))
      .executeAndCollect()
    const fromEach = (lo: number, hi: number): number[] => result.filter((x) => x >= lo && x < hi)
    assert.deepStrictEqual(sorted(result), [1, 2, 3, 10, 20, 100])
    assert.deepStrictEqual(fromEach(1, 10), [1, 2, 3])
    assert.deepStrictEqual(fromEach(10, 100), [10, 20])
  })
})

describe('connected streams', () => {
  it('maps each side with its own function (CoMapFunction)', async () => {
    const e = env(2)
    const result = await e
      .fromData('x', 'y')
      .connect(e.fromData(1, 2, 3))
      .map({ map1: (s: string) => `s:${s}`, map2: (n: number) => `n:${n}` })
      .executeAndCollect()
    assert.deepStrictEqual(sorted(result), ['n:1', 'n:2', 'n:3', 's:x', 's:y'])
  })

  it('flat-maps each side with its own function (CoFlatMapFunction)', async () => {
    const e = env(2)
    const result = await e
      .fromData('a b', 'c')
      .connect(e.fromData(2))
      .flatMap({
        flatMap1: (line: string, out: Collector<string>) => {
          for (const w of line.split(' ')) out.collect(w)
        },
        flatMap2: (n: number, out: Collector<string>) => {
          for (let i = 0; i < n; i++) out.collect(`#${i}`)
        },
      })
      .executeAndCollect()
    assert.deepStrictEqual(sorted(result), ['#0', '#1', 'a', 'b', 'c'])
  })

  it('processes both sides with a CoProcessFunction, with side outputs', async () => {
    const fromSecond = new OutputTag<number>('second')
    class Route extends CoProcessFunction<string, number, string> {
      processElement1(value: string, _ctx: BaseContext, out: Collector<string>): void {
        out.collect(`first:${value}`)
      }
      processElement2(value: number, ctx: BaseContext, out: Collector<string>): void {
        out.collect(`second:${value}`)
        ctx.output(fromSecond, value * 100)
      }
    }
    const e = env(1)
    const main = e.fromData('p', 'q').connect(e.fromData(1, 2)).process(new Route())
    const mainSink = new ListSink<string>()
    const sideSink = new ListSink<number>()
    main.sinkTo(mainSink)
    main.getSideOutput(fromSecond).sinkTo(sideSink)
    await e.execute()
    assert.deepStrictEqual(sorted(mainSink.values), ['first:p', 'first:q', 'second:1', 'second:2'])
    assert.deepStrictEqual(sideSink.values, [100, 200])
  })

  interface Order {
    id: string
    item: string
  }
  interface Payment {
    orderId: string
    amount: number
  }

  /** Joins an order with its payment through keyed state both inputs share. */
  class Join extends KeyedCoProcessFunction<string, Order, Payment, string> {
    private order!: ValueState<Order>
    private payment!: ValueState<Payment>
    override open(): void {
      this.order = this.getRuntimeContext().getState(new ValueStateDescriptor<Order>('order'))
      this.payment = this.getRuntimeContext().getState(new ValueStateDescriptor<Payment>('payment'))
    }
    processElement1(
      o: Order,
      ctx: KeyedProcessFunctionContext<string>,
      out: Collector<string>,
    ): void {
      const p = this.payment.value()
      if (p === null) this.order.update(o)
      else out.collect(`${ctx.getCurrentKey()}:${o.item}:${p.amount}`)
    }
    processElement2(
      p: Payment,
      ctx: KeyedProcessFunctionContext<string>,
      out: Collector<string>,
    ): void {
      const o = this.order.value()
      if (o === null) this.payment.update(p)
      else out.collect(`${ctx.getCurrentKey()}:${o.item}:${p.amount}`)
    }
  }

  // At parallelism 3 the keys a, b, c, e, f live on subtasks 0, 2, 1, 2, 1.
  async function runJoin(parallelism: number): Promise<string[]> {
    const e = env(parallelism)
    const orders = e.fromData<Order>(
      { id: 'a', item: 'book' },
      { id: 'b', item: 'pen' },
      { id: 'c', item: 'ink' },
      { id: 'e', item: 'cup' },
    )
    const payments = e.fromData<Payment>(
      { orderId: 'c', amount: 3 },
      { orderId: 'a', amount: 10 },
      { orderId: 'e', amount: 7 },
      { orderId: 'f', amount: 99 },
    )
    return orders
      .connect(payments)
      .keyBy(
        (o) => o.id,
        (p) => p.orderId,
      )
      .process(new Join())
      .executeAndCollect()
  }

  it('shares keyed state between both inputs of a keyed connect (parallelism 1)', async () => {
    assert.deepStrictEqual(sorted(await runJoin(1)), ['a:book:10', 'c:ink:3', 'e:cup:7'])
  })

  it('shares keyed state between both inputs of a keyed connect (parallelism 3)', async () => {
    assert.deepStrictEqual(sorted(await runJoin(3)), ['a:book:10', 'c:ink:3', 'e:cup:7'])
  })

  it('keys both sides of keyed connect by value: equal keys meet in one subtask', async () => {
    class Meet extends KeyedCoProcessFunction<number, number, string, string> {
      processElement1(
        n: number,
        ctx: KeyedProcessFunctionContext<number>,
        out: Collector<string>,
      ): void {
        out.collect(`${ctx.getCurrentKey()}<-num:${n}`)
      }
      processElement2(
        s: string,
        ctx: KeyedProcessFunctionContext<number>,
        out: Collector<string>,
      ): void {
        out.collect(`${ctx.getCurrentKey()}<-str:${s}`)
      }
    }
    const e = env(1)
    const result = await e
      .fromData(1, 2)
      .connect(e.fromData('x', 'yy'))
      .keyBy(
        (n) => n,
        (s) => s.length,
      )
      .process(new Meet())
      .executeAndCollect()
    assert.deepStrictEqual(sorted(result), ['1<-num:1', '1<-str:x', '2<-num:2', '2<-str:yy'])
  })
})
