// Keyed state in rich functions on the MiniCluster: each state kind scoped to the current key,
// with exact outputs, at parallelism 1 (one order) and 3 (order per key); and the error for keyed
// state on a non-keyed stream.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  AggregatingStateDescriptor,
  InvalidProgramError,
  JobExecutionException,
  KeyedProcessFunction,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  RichFlatMapFunction,
  RichMapFunction,
  StreamExecutionEnvironment,
  ValueStateDescriptor,
  type AggregateFunction,
  type AggregatingState,
  type Collector,
  type KeyedProcessFunctionContext,
  type KeyedProcessFunctionOnTimerContext,
  type ListState,
  type MapState,
  type ReducingState,
  type ValueState,
} from '../../src/index.js'
import { causeChain, groupInOrder, sorted } from './support.js'

function env(parallelism: number): StreamExecutionEnvironment {
  return StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism)
}

interface Event {
  user: string
  item: string
  amount: number
}

const events: Event[] = [
  { user: 'ann', item: 'tea', amount: 3 },
  { user: 'bob', item: 'pen', amount: 1 },
  { user: 'ann', item: 'cup', amount: 5 },
  { user: 'cid', item: 'ink', amount: 2 },
  { user: 'ann', item: 'tea', amount: 1 },
  { user: 'bob', item: 'pen', amount: 4 },
]

/** Runs `fn` keyed by user over `events` and returns its output grouped by user, in order. */
async function runKeyed(
  parallelism: number,
  fn: RichFlatMapFunction<Event, string>,
): Promise<Record<string, string[]>> {
  const result = await env(parallelism)
    .fromCollection(events)
    .keyBy((e) => e.user)
    .flatMap(fn)
    .executeAndCollect()
  return groupInOrder(result, (s) => s.slice(0, 3))
}

class CountWithValueState extends RichFlatMapFunction<Event, string> {
  private count!: ValueState<number>
  override open(): void {
    this.count = this.getRuntimeContext().getState(new ValueStateDescriptor<number>('count'))
  }
  flatMap(e: Event, out: Collector<string>): void {
    const before = this.count.value()
    const n = (before ?? 0) + 1
    this.count.update(n)
    out.collect(`${e.user} #${n} (was ${String(before)})`)
  }
}

class ItemsWithListState extends RichFlatMapFunction<Event, string> {
  private items!: ListState<string>
  override open(): void {
    this.items = this.getRuntimeContext().getListState(new ListStateDescriptor<string>('items'))
  }
  flatMap(e: Event, out: Collector<string>): void {
    this.items.add(e.item)
    out.collect(`${e.user} [${[...this.items.get()].join(',')}]`)
  }
}

class PerItemWithMapState extends RichFlatMapFunction<Event, string> {
  private perItem!: MapState<string, number>
  override open(): void {
    this.perItem = this.getRuntimeContext().getMapState(
      new MapStateDescriptor<string, number>('perItem'),
    )
  }
  flatMap(e: Event, out: Collector<string>): void {
    this.perItem.put(e.item, (this.perItem.get(e.item) ?? 0) + e.amount)
    const entries = [...this.perItem.entries()].map(([k, v]) => `${k}=${v}`).sort()
    out.collect(`${e.user} {${entries.join(',')}} has(tea)=${this.perItem.contains('tea')}`)
  }
}

class MaxWithReducingState extends RichFlatMapFunction<Event, string> {
  private max!: ReducingState<number>
  override open(): void {
    this.max = this.getRuntimeContext().getReducingState(
      new ReducingStateDescriptor<number>('max', (a, b) => Math.max(a, b)),
    )
  }
  flatMap(e: Event, out: Collector<string>): void {
    this.max.add(e.amount)
    out.collect(`${e.user} max=${String(this.max.get())}`)
  }
}

const average: AggregateFunction<number, { sum: number; count: number }, number> = {
  createAccumulator: () => ({ sum: 0, count: 0 }),
  add: (v, acc) => ({ sum: acc.sum + v, count: acc.count + 1 }),
  getResult: (acc) => acc.sum / acc.count,
  merge: (a, b) => ({ sum: a.sum + b.sum, count: a.count + b.count }),
}

class AverageWithAggregatingState extends RichFlatMapFunction<Event, string> {
  private avg!: AggregatingState<number, number>
  override open(): void {
    this.avg = this.getRuntimeContext().getAggregatingState(
      new AggregatingStateDescriptor('avg', average),
    )
  }
  flatMap(e: Event, out: Collector<string>): void {
    this.avg.add(e.amount)
    out.collect(`${e.user} avg=${String(this.avg.get())}`)
  }
}

/** Keeps a running total and clears it once it reaches 5: the next record starts from null. */
class ClearAtFive extends RichFlatMapFunction<Event, string> {
  private total!: ValueState<number>
  override open(): void {
    this.total = this.getRuntimeContext().getState(new ValueStateDescriptor<number>('total'))
  }
  flatMap(e: Event, out: Collector<string>): void {
    const t = (this.total.value() ?? 0) + e.amount
    if (t >= 5) {
      this.total.clear()
      out.collect(`${e.user} reached ${t}, cleared`)
    } else {
      this.total.update(t)
      out.collect(`${e.user} at ${t}`)
    }
  }
}

describe('keyed state in a RichFlatMapFunction', () => {
  for (const parallelism of [1, 3]) {
    describe(`at parallelism ${parallelism}`, () => {
      it('ValueState counts per key, null before the first update', async () => {
        assert.deepStrictEqual(await runKeyed(parallelism, new CountWithValueState()), {
          ann: ['ann #1 (was null)', 'ann #2 (was 1)', 'ann #3 (was 2)'],
          bob: ['bob #1 (was null)', 'bob #2 (was 1)'],
          cid: ['cid #1 (was null)'],
        })
      })

      it('ListState appends per key', async () => {
        assert.deepStrictEqual(await runKeyed(parallelism, new ItemsWithListState()), {
          ann: ['ann [tea]', 'ann [tea,cup]', 'ann [tea,cup,tea]'],
          bob: ['bob [pen]', 'bob [pen,pen]'],
          cid: ['cid [ink]'],
        })
      })

      it('MapState keeps a map per key (entries shown sorted)', async () => {
        assert.deepStrictEqual(await runKeyed(parallelism, new PerItemWithMapState()), {
          ann: [
            'ann {tea=3} has(tea)=true',
            'ann {cup=5,tea=3} has(tea)=true',
            'ann {cup=5,tea=4} has(tea)=true',
          ],
          bob: ['bob {pen=1} has(tea)=false', 'bob {pen=5} has(tea)=false'],
          cid: ['cid {ink=2} has(tea)=false'],
        })
      })

      it('ReducingState combines added values per key', async () => {
        assert.deepStrictEqual(await runKeyed(parallelism, new MaxWithReducingState()), {
          ann: ['ann max=3', 'ann max=5', 'ann max=5'],
          bob: ['bob max=1', 'bob max=4'],
          cid: ['cid max=2'],
        })
      })

      it('AggregatingState folds added values through an AggregateFunction per key', async () => {
        assert.deepStrictEqual(await runKeyed(parallelism, new AverageWithAggregatingState()), {
          ann: ['ann avg=3', 'ann avg=4', 'ann avg=3'],
          bob: ['bob avg=1', 'bob avg=2.5'],
          cid: ['cid avg=2'],
        })
      })

      it('clear() removes the value of the current key only', async () => {
        assert.deepStrictEqual(await runKeyed(parallelism, new ClearAtFive()), {
          ann: ['ann at 3', 'ann reached 8, cleared', 'ann at 1'],
          bob: ['bob at 1', 'bob reached 5, cleared'],
          cid: ['cid at 2'],
        })
      })
    })
  }
})

describe('keyed state API details', () => {
  it('reads empty state as null / empty, and update(null), update([]) and clear() empty it', async () => {
    class Probe extends RichFlatMapFunction<string, string> {
      private value!: ValueState<string>
      private list!: ListState<string>
      private map!: MapState<string, number>
      private sum!: ReducingState<number>
      override open(): void {
        const ctx = this.getRuntimeContext()
        this.value = ctx.getState(new ValueStateDescriptor<string>('value'))
        this.list = ctx.getListState(new ListStateDescriptor<string>('list'))
        this.map = ctx.getMapState(new MapStateDescriptor<string, number>('map'))
        this.sum = ctx.getReducingState(new ReducingStateDescriptor<number>('sum', (a, b) => a + b))
      }
      flatMap(key: string, out: Collector<string>): void {
        const list = (): string => JSON.stringify([...this.list.get()])
        out.collect(
          `${key} empty: value=${String(this.value.value())} list=${list()} map.isEmpty=${this.map.isEmpty()} sum=${String(this.sum.get())}`,
        )
        this.value.update(key)
        this.value.update(null)
        out.collect(`${key} value after update(null)=${String(this.value.value())}`)
        this.list.addAll(['x', 'y'])
        this.list.add('z')
        out.collect(`${key} list=${list()}`)
        this.list.update(['u'])
        out.collect(`${key} list after update=${list()}`)
        this.list.update([])
        out.collect(`${key} list after update([])=${list()}`)
        this.map.putAll([
          ['a', 1],
          ['b', 2],
        ])
        this.map.remove('a')
        out.collect(
          `${key} map keys=${[...this.map.keys()].join()} values=${[...this.map.values()].join()} get(a)=${String(this.map.get('a'))} contains(b)=${this.map.contains('b')}`,
        )
        this.map.clear()
        this.sum.add(2)
        this.sum.add(3)
        out.collect(
          `${key} map.isEmpty after clear=${this.map.isEmpty()} sum=${String(this.sum.get())}`,
        )
        this.sum.clear()
        out.collect(`${key} sum after clear=${String(this.sum.get())}`)
      }
    }
    const result = await env(1)
      .fromData('k1', 'k2')
      .keyBy((k) => k)
      .flatMap(new Probe())
      .executeAndCollect()
    const expected = (k: string): string[] => [
      `${k} empty: value=null list=[] map.isEmpty=true sum=null`,
      `${k} value after update(null)=null`,
      `${k} list=["x","y","z"]`,
      `${k} list after update=["u"]`,
      `${k} list after update([])=[]`,
      `${k} map keys=b values=2 get(a)=null contains(b)=true`,
      `${k} map.isEmpty after clear=true sum=5`,
      `${k} sum after clear=null`,
    ]
    assert.deepStrictEqual(result, [...expected('k1'), ...expected('k2')])
  })

  it('keeps the state of two operators apart even under the same state name', async () => {
    const result = await env(2)
      .fromCollection(events)
      .keyBy((e) => e.user)
      .flatMap(new CountWithValueState())
      .map((s) => ({ user: s.slice(0, 3), item: 'x', amount: 0 }))
      .keyBy((e) => e.user)
      .flatMap(new CountWithValueState())
      .executeAndCollect()
    assert.deepStrictEqual(
      groupInOrder(result, (s) => s.slice(0, 3)),
      {
        ann: ['ann #1 (was null)', 'ann #2 (was 1)', 'ann #3 (was 2)'],
        bob: ['bob #1 (was null)', 'bob #2 (was 1)'],
        cid: ['cid #1 (was null)'],
      },
    )
  })

  it('scopes state to the timer’s key in onTimer', async () => {
    class CountThenReport extends KeyedProcessFunction<string, string, string> {
      private count!: ValueState<number>
      override open(): void {
        this.count = this.getRuntimeContext().getState(new ValueStateDescriptor<number>('count'))
      }
      processElement(_v: string, ctx: KeyedProcessFunctionContext<string>): void {
        this.count.update((this.count.value() ?? 0) + 1)
        ctx.timerService().registerEventTimeTimer(100)
      }
      override onTimer(
        _ts: number,
        ctx: KeyedProcessFunctionOnTimerContext<string>,
        out: Collector<string>,
      ): void {
        out.collect(`${ctx.getCurrentKey()}=${String(this.count.value())}`)
      }
    }
    const result = await env(2)
      .fromData('a', 'b', 'a', 'c', 'a', 'b')
      .keyBy((k) => k)
      .process(new CountThenReport())
      .executeAndCollect()
    assert.deepStrictEqual(sorted(result), ['a=3', 'b=2', 'c=1'])
  })
})

describe('keyed state on a non-keyed stream', () => {
  it('fails the job with a clear error naming keyBy()', { timeout: 10_000 }, async () => {
    class Counter extends RichMapFunction<string, number> {
      private count!: ValueState<number>
      override open(): void {
        this.count = this.getRuntimeContext().getState(new ValueStateDescriptor<number>('count'))
      }
      map(): number {
        const n = (this.count.value() ?? 0) + 1
        this.count.update(n)
        return n
      }
    }
    const e = env(1)
    e.fromData('a', 'b')
      .map(new Counter())
      .sinkTo({ createWriter: () => ({ write() {}, flush() {}, close() {} }) })
    await assert.rejects(e.execute(), (err: unknown) => {
      assert.ok(err instanceof JobExecutionException)
      const cause = causeChain(err).find((c) => c instanceof InvalidProgramError)
      assert.ok(cause instanceof InvalidProgramError, 'an InvalidProgramError in the cause chain')
      assert.match(
        cause.message,
        /^Keyed state can only be used on a 'keyed stream', i\.e\., after a 'keyBy\(\)' operation/,
      )
      assert.match(err.message, /Keyed state can only be used on a 'keyed stream'/)
      return true
    })
  })
})
