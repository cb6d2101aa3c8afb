// The broadcast state pattern on the MiniCluster. Which input a subtask reads first is not
// deterministic (in Flink either), so these tests make the order irrelevant: the data side waits
// behind a gate the broadcast side opens, or buffers in keyed state until the rule arrives and the
// broadcast side replays the buffers with applyToKeyedState.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  BroadcastProcessFunction,
  KeyedBroadcastProcessFunction,
  ListStateDescriptor,
  MapStateDescriptor,
  StreamExecutionEnvironment,
  WatermarkStrategy,
  type BroadcastContext,
  type BroadcastReadOnlyContext,
  type BroadcastState,
  type Collector,
  type KeyedBroadcastContext,
  type KeyedBroadcastReadOnlyContext,
  type ListState,
} from '../../src/index.js'
import { GatedSource, ListSink, latch, sorted } from './support.js'

interface Rule {
  name: string
  threshold: number
}

const rulesDescriptor = new MapStateDescriptor<string, Rule>('rules')

describe('broadcast state', () => {
  it('reaches every parallel instance of a BroadcastProcessFunction (parallelism 4)', async () => {
    const parallelism = 4
    // The data side starts only after all 4 instances stored the rule.
    const allHaveRule = latch()
    let instancesWithRule = 0
    const ruleStored = (): void => {
      if (++instancesWithRule === parallelism) allHaveRule.open()
    }

    class Threshold extends BroadcastProcessFunction<number, Rule, string> {
      processElement(n: number, ctx: BroadcastReadOnlyContext, out: Collector<string>): void {
        const rule = ctx.getBroadcastState(rulesDescriptor).get('limit')
        const subtask = this.getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()
        out.collect(
          `${n}${rule !== null && n > rule.threshold ? '>' : '<='}${rule?.threshold ?? '?'}@${subtask}`,
        )
      }
      processBroadcastElement(rule: Rule, ctx: BroadcastContext, out: Collector<string>): void {
        ctx.getBroadcastState(rulesDescriptor).put(rule.name, rule)
        out.collect(
          `rule ${rule.name}=${rule.threshold}@${this.getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()}`,
        )
        ruleStored()
      }
    }

    const e = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism)
    const rules = e.fromData<Rule>({ name: 'limit', threshold: 5 }).broadcast(rulesDescriptor)
    const data = e
      .fromSource(
        new GatedSource([3, 8, 5, 6], allHaveRule.promise),
        WatermarkStrategy.noWatermarks(),
        'Data',
      )
      .setParallelism(1)
      .rebalance()
    const sink = new ListSink<string>()
    data.connect(rules).process(new Threshold()).sinkTo(sink)
    await e.execute()

    const perSubtask = sink.perSubtask(parallelism)
    // Every instance got the rule (and, by the sink writer's own index, it is that instance).
    perSubtask.forEach((records, subtask) => {
      assert.equal(records[0], `rule limit=5@${subtask}`)
    })
    // Round-robin from the single data producer: record i to subtask i; each sees the rule.
    assert.deepStrictEqual(perSubtask, [
      ['rule limit=5@0', '3<=5@0'],
      ['rule limit=5@1', '8>5@1'],
      ['rule limit=5@2', '5<=5@2'],
      ['rule limit=5@3', '6>5@3'],
    ])
  })

  it('lets the broadcast side write and the data side only read', async () => {
    const seen = latch()
    class TryWrite extends BroadcastProcessFunction<string, Rule, string> {
      processElement(v: string, ctx: BroadcastReadOnlyContext, out: Collector<string>): void {
        const state = ctx.getBroadcastState(rulesDescriptor)
        let error = 'none'
        try {
          // Not in the read-only type; reachable only by a cast.
          ;(state as BroadcastState<string, Rule>).put('x', { name: 'x', threshold: 0 })
        } catch (e: unknown) {
          error = e instanceof Error ? e.message : String(e)
        }
        const names = [...state.immutableEntries()].map(([k]) => k)
        out.collect(`${v}: rules=${names.join(',')} error=${error}`)
      }
      processBroadcastElement(rule: Rule, ctx: BroadcastContext): void {
        ctx.getBroadcastState(rulesDescriptor).put(rule.name, rule)
        seen.open()
      }
    }
    const e = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
    const result = await e
      .fromSource(new GatedSource(['v'], seen.promise), WatermarkStrategy.noWatermarks(), 'Data')
      .connect(e.fromData<Rule>({ name: 'r', threshold: 1 }).broadcast(rulesDescriptor))
      .process(new TryWrite())
      .executeAndCollect()
    assert.deepStrictEqual(result, [
      "v: rules=r error=Broadcast state 'rules' is read-only on the non-broadcast side (put() was called); only processBroadcastElement may modify it, so that all subtasks keep the same copy",
    ])
  })

  describe('KeyedBroadcastProcessFunction', () => {
    interface Reading {
      sensor: string
      value: number
    }
    const pendingDescriptor = new ListStateDescriptor<number>('pending')

    /**
     * Alerts on readings above the rule's threshold. Readings that arrive before the rule wait in
     * keyed state; the rule replays them for every key with applyToKeyedState. The output is the
     * same whichever input comes first.
     */
    class Alerts extends KeyedBroadcastProcessFunction<string, Reading, Rule, string> {
      private pending!: ListState<number>
      override open(): void {
        this.pending = this.getRuntimeContext().getListState(pendingDescriptor)
      }
      processElement(
        r: Reading,
        ctx: KeyedBroadcastReadOnlyContext<string>,
        out: Collector<string>,
      ): void {
        const rule = ctx.getBroadcastState(rulesDescriptor).get('limit')
        if (rule === null) this.pending.add(r.value)
        else if (r.value > rule.threshold) out.collect(`${ctx.getCurrentKey()}:${r.value}`)
      }
      processBroadcastElement(
        rule: Rule,
        ctx: KeyedBroadcastContext,
        out: Collector<string>,
      ): void {
        ctx.getBroadcastState(rulesDescriptor).put(rule.name, rule)
        ctx.applyToKeyedState<ListState<number>>(pendingDescriptor, (key, state) => {
          for (const v of state.get()) if (v > rule.threshold) out.collect(`${String(key)}:${v}`)
          state.clear()
        })
      }
    }

    const readings: Reading[] = [
      { sensor: 'a', value: 1 },
      { sensor: 'b', value: 9 },
      { sensor: 'c', value: 7 },
      { sensor: 'a', value: 6 },
      { sensor: 'd', value: 2 },
      { sensor: 'b', value: 4 },
      { sensor: 'e', value: 10 },
      { sensor: 'f', value: 5 },
      { sensor: 'g', value: 8 },
    ]

    for (const parallelism of [1, 4]) {
      it(`applies the rule to readings from before and after it (parallelism ${parallelism})`, async () => {
        const e = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism)
        const rules = e.fromData<Rule>({ name: 'limit', threshold: 5 }).broadcast(rulesDescriptor)
        const result = await e
          .fromCollection(readings)
          .keyBy((r) => r.sensor)
          .connect(rules)
          .process(new Alerts())
          .executeAndCollect()
        assert.deepStrictEqual(sorted(result), ['a:6', 'b:9', 'c:7', 'e:10', 'g:8'])
      })
    }

    it('replays keyed state that was buffered before the rule, for every key', async () => {
      // The rule is held back until all readings were buffered: everything goes through
      // applyToKeyedState.
      const e = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
      const readingsDone = latch()
      let buffered = 0
      class CountingAlerts extends Alerts {
        override processElement(
          r: Reading,
          ctx: KeyedBroadcastReadOnlyContext<string>,
          out: Collector<string>,
        ): void {
          super.processElement(r, ctx, out)
          if (++buffered === readings.length) readingsDone.open()
        }
      }
      const rules = e
        .fromSource(
          new GatedSource<Rule>([{ name: 'limit', threshold: 5 }], readingsDone.promise),
          WatermarkStrategy.noWatermarks(),
          'Rules',
        )
        .setParallelism(1)
        .broadcast(rulesDescriptor)
      const result = await e
        .fromCollection(readings)
        .keyBy((r) => r.sensor)
        .connect(rules)
        .process(new CountingAlerts())
        .executeAndCollect()
      assert.deepStrictEqual(sorted(result), ['a:6', 'b:9', 'c:7', 'e:10', 'g:8'])
    })
  })
})
