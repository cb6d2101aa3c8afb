// Timers of a KeyedProcessFunction on the MiniCluster. Processing-time timers fire while input is
// open; as FLIP-147 specifies, pending processing-time timers do NOT fire after the end of input,
// while event-time timers do, because a finished source emits the max watermark.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  FromElementsSource,
  JobExecutionException,
  KeyedBroadcastProcessFunction,
  KeyedCoProcessFunction,
  KeyedProcessFunction,
  MapStateDescriptor,
  OutputTag,
  ProcessFunction,
  StreamExecutionEnvironment,
  WatermarkStrategy,
  type Collector,
  type KeyedBroadcastContext,
  type KeyedBroadcastOnTimerContext,
  type KeyedBroadcastReadOnlyContext,
  type KeyedCoProcessFunctionOnTimerContext,
  type KeyedProcessFunctionContext,
  type KeyedProcessFunctionOnTimerContext,
  type ProcessFunctionContext,
} from '../../src/index.js'
import { ListSink, PacedSource, sorted } from './support.js'

function env(parallelism: number): StreamExecutionEnvironment {
  return StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism)
}

describe('processing-time timers', () => {
  it(
    'fire for a timer registered at currentProcessingTime(), per key, without a timestamp',
    { timeout: 10_000 },
    async () => {
      const registeredAt = new Map<string, number>()
      class FireNow extends KeyedProcessFunction<string, string, string> {
        processElement(_v: string, ctx: KeyedProcessFunctionContext<string>): void {
          const now = ctx.timerService().currentProcessingTime()
          registeredAt.set(ctx.getCurrentKey(), now)
          ctx.timerService().registerProcessingTimeTimer(now)
        }
        override onTimer(
          timestamp: number,
          ctx: KeyedProcessFunctionOnTimerContext<string>,
          out: Collector<string>,
        ): void {
          const key = ctx.getCurrentKey()
          const same = timestamp === registeredAt.get(key)
          out.collect(
            `${key} ${ctx.timeDomain()} ts=${String(ctx.timestamp())} atRegisteredTime=${same}`,
          )
        }
      }
      // The source stays open (unbounded), so the timers fire before any end of input; the job
      // ends when executeAndCollect has its 3 records.
      const e = env(2)
      const result = await e
        .fromSource(
          new PacedSource(['a', 'b', 'c'], { intervalMs: 5, bounded: false }),
          WatermarkStrategy.noWatermarks(),
          'Paced',
        )
        .setParallelism(1)
        .keyBy((k) => k)
        .process(new FireNow())
        .executeAndCollect(3)
      assert.deepStrictEqual(sorted(result), [
        'a PROCESSING_TIME ts=null atRegisteredTime=true',
        'b PROCESSING_TIME ts=null atRegisteredTime=true',
        'c PROCESSING_TIME ts=null atRegisteredTime=true',
      ])
    },
  )

  it(
    're-registers from onTimer: a periodic timer fires every 10 ms',
    { timeout: 10_000 },
    async () => {
      let first = 0
      class Periodic extends KeyedProcessFunction<string, string, string> {
        processElement(_v: string, ctx: KeyedProcessFunctionContext<string>): void {
          first = ctx.timerService().currentProcessingTime() + 10
          ctx.timerService().registerProcessingTimeTimer(first)
        }
        override onTimer(
          timestamp: number,
          ctx: KeyedProcessFunctionOnTimerContext<string>,
          out: Collector<string>,
        ): void {
          out.collect(`${ctx.getCurrentKey()}+${timestamp - first}`)
          ctx.timerService().registerProcessingTimeTimer(timestamp + 10)
        }
      }
      const result = await env(1)
        .fromSource(
          new PacedSource(['a'], { intervalMs: 1, bounded: false }),
          WatermarkStrategy.noWatermarks(),
          'Paced',
        )
        .keyBy((k) => k)
        .process(new Periodic())
        .executeAndCollect(4)
      assert.deepStrictEqual(result, ['a+0', 'a+10', 'a+20', 'a+30'])
    },
  )

  it('does not fire a deleted processing-time timer', { timeout: 10_000 }, async () => {
    class DeleteForA extends KeyedProcessFunction<string, string, string> {
      processElement(v: string, ctx: KeyedProcessFunctionContext<string>): void {
        const at = ctx.timerService().currentProcessingTime() + 20
        ctx.timerService().registerProcessingTimeTimer(at)
        if (v === 'a') ctx.timerService().deleteProcessingTimeTimer(at)
      }
      override onTimer(
        _ts: number,
        ctx: KeyedProcessFunctionOnTimerContext<string>,
        out: Collector<string>,
      ): void {
        out.collect(`fired ${ctx.getCurrentKey()}`)
      }
    }
    // 'b' comes 10 ms after 'a', so its timer fires after a's would have; one result ends the job.
    const result = await env(1)
      .fromSource(
        new PacedSource(['a', 'b'], { intervalMs: 10, bounded: false }),
        WatermarkStrategy.noWatermarks(),
        'Paced',
      )
      .keyBy((k) => k)
      .process(new DeleteForA())
      .executeAndCollect(1)
    assert.deepStrictEqual(result, ['fired b'])
  })

  it(
    'does not fire pending processing-time timers after the end of input (FLIP-147)',
    { timeout: 10_000 },
    async () => {
      class FireLater extends KeyedProcessFunction<string, string, string> {
        processElement(
          v: string,
          ctx: KeyedProcessFunctionContext<string>,
          out: Collector<string>,
        ): void {
          ctx
            .timerService()
            .registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 60_000)
          out.collect(`seen ${v}`)
        }
        override onTimer(
          _ts: number,
          ctx: KeyedProcessFunctionOnTimerContext<string>,
          out: Collector<string>,
        ): void {
          out.collect(`fired ${ctx.getCurrentKey()}`)
        }
      }
      const started = Date.now()
      const result = await env(1)
        .fromData('a', 'b')
        .keyBy((k) => k)
        .process(new FireLater())
        .executeAndCollect()
      assert.deepStrictEqual(result, ['seen a', 'seen b'])
      // The job did not wait for the minute-long timers.
      assert.ok(Date.now() - started < 30_000)
    },
  )
})

describe('event-time timers', () => {
  interface Ev {
    key: string
    ts: number
    cancel?: boolean
  }

  /** Registers a timer 10 ms after each event; a `cancel` event deletes its key's timer instead. */
  class After10 extends KeyedProcessFunction<string, Ev, string> {
    processElement(ev: Ev, ctx: KeyedProcessFunctionContext<string>): void {
      if (ev.cancel === true) ctx.timerService().deleteEventTimeTimer(ev.ts + 10)
      else ctx.timerService().registerEventTimeTimer(ctx.timestamp()! + 10)
    }
    override onTimer(
      timestamp: number,
      ctx: KeyedProcessFunctionOnTimerContext<string>,
      out: Collector<string>,
    ): void {
      out.collect(
        `${ctx.getCurrentKey()}@${timestamp} ${ctx.timeDomain()} ts=${String(ctx.timestamp())}`,
      )
    }
  }

  function events(...evs: Ev[]): FromElementsSource<Ev> {
    return new FromElementsSource(evs)
  }
  const strategy = WatermarkStrategy.forMonotonousTimestamps<Ev>().withTimestampAssigner(
    (e) => e.ts,
  )

  it(
    'fire at the end of input (max watermark), in timestamp order, de-duplicated per key and time',
    { timeout: 10_000 },
    async () => {
      const result = await env(1)
        .fromSource(
          events(
            { key: 'a', ts: 1 },
            { key: 'b', ts: 5 },
            { key: 'a', ts: 3 },
            { key: 'a', ts: 1 },
            { key: 'c', ts: 2 },
          ),
          strategy,
          'Events',
        )
        .keyBy((e) => e.key)
        .process(new After10())
        .executeAndCollect()
      assert.deepStrictEqual(result, [
        'a@11 EVENT_TIME ts=11',
        'c@12 EVENT_TIME ts=12',
        'a@13 EVENT_TIME ts=13',
        'b@15 EVENT_TIME ts=15',
      ])
    },
  )

  it(
    're-register from onTimer at the end of input until they stop',
    { timeout: 10_000 },
    async () => {
      class Countdown extends KeyedProcessFunction<string, Ev, string> {
        processElement(ev: Ev, ctx: KeyedProcessFunctionContext<string>): void {
          ctx.timerService().registerEventTimeTimer(ev.ts + 10)
        }
        override onTimer(
          timestamp: number,
          ctx: KeyedProcessFunctionOnTimerContext<string>,
          out: Collector<string>,
        ): void {
          out.collect(`${ctx.getCurrentKey()}@${timestamp}`)
          if (timestamp < 30) ctx.timerService().registerEventTimeTimer(timestamp + 10)
        }
      }
      const result = await env(1)
        .fromSource(events({ key: 'a', ts: 1 }, { key: 'b', ts: 5 }), strategy, 'Events')
        .keyBy((e) => e.key)
        .process(new Countdown())
        .executeAndCollect()
      assert.deepStrictEqual(result, ['a@11', 'b@15', 'a@21', 'b@25', 'a@31', 'b@35'])
    },
  )

  it('do not fire once deleted', { timeout: 10_000 }, async () => {
    const result = await env(1)
      .fromSource(
        events({ key: 'a', ts: 1 }, { key: 'b', ts: 2 }, { key: 'a', ts: 1, cancel: true }),
        strategy,
        'Events',
      )
      .keyBy((e) => e.key)
      .process(new After10())
      .executeAndCollect()
    assert.deepStrictEqual(result, ['b@12 EVENT_TIME ts=12'])
  })

  it('fire per key in timestamp order at parallelism 3', { timeout: 10_000 }, async () => {
    const evs: Ev[] = []
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) {
      for (const ts of [30, 10, 20]) evs.push({ key, ts })
    }
    const result = await env(3)
      .fromSource(new FromElementsSource(evs), strategy, 'Events')
      .setParallelism(1)
      .keyBy((e) => e.key)
      .process(new After10())
      .executeAndCollect()
    const expected = ['a', 'b', 'c', 'd', 'e', 'f'].flatMap((k) =>
      [20, 30, 40].map((t) => `${k}@${t} EVENT_TIME ts=${t}`),
    )
    assert.deepStrictEqual(sorted(result), sorted(expected))
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) {
      assert.deepStrictEqual(
        result.filter((r) => r.startsWith(`${key}@`)),
        [20, 30, 40].map((t) => `${key}@${t} EVENT_TIME ts=${t}`),
      )
    }
  })
})

describe('timers of other keyed functions', () => {
  interface Ev {
    key: string
    ts: number
  }
  const strategy = WatermarkStrategy.forMonotonousTimestamps<Ev>().withTimestampAssigner(
    (e) => e.ts,
  )
  const events = (...evs: Ev[]): FromElementsSource<Ev> => new FromElementsSource(evs)

  it('emit to side outputs from onTimer', { timeout: 10_000 }, async () => {
    const fired = new OutputTag<string>('fired')
    class SideOnTimer extends KeyedProcessFunction<string, Ev, string> {
      processElement(ev: Ev, ctx: KeyedProcessFunctionContext<string>): void {
        ctx.timerService().registerEventTimeTimer(ev.ts + 1)
      }
      override onTimer(
        timestamp: number,
        ctx: KeyedProcessFunctionOnTimerContext<string>,
        out: Collector<string>,
      ): void {
        ctx.output(fired, `side ${ctx.getCurrentKey()}@${timestamp}`)
        out.collect(`main ${ctx.getCurrentKey()}@${timestamp}`)
      }
    }
    const e = env(1)
    const main = e
      .fromSource(events({ key: 'a', ts: 5 }, { key: 'b', ts: 7 }), strategy, 'Events')
      .keyBy((ev) => ev.key)
      .process(new SideOnTimer())
    const mainSink = new ListSink<string>()
    const sideSink = new ListSink<string>()
    main.sinkTo(mainSink)
    main.getSideOutput(fired).sinkTo(sideSink)
    await e.execute()
    assert.deepStrictEqual(mainSink.values, ['main a@6', 'main b@8'])
    assert.deepStrictEqual(sideSink.values, ['side a@6', 'side b@8'])
  })

  it('fire in a KeyedCoProcessFunction once both inputs end', { timeout: 10_000 }, async () => {
    class Both extends KeyedCoProcessFunction<string, Ev, Ev, string> {
      processElement1(ev: Ev, ctx: KeyedProcessFunctionContext<string>): void {
        ctx.timerService().registerEventTimeTimer(ev.ts + 100)
      }
      processElement2(ev: Ev, ctx: KeyedProcessFunctionContext<string>): void {
        ctx.timerService().registerEventTimeTimer(ev.ts + 200)
      }
      override onTimer(
        timestamp: number,
        ctx: KeyedCoProcessFunctionOnTimerContext<string>,
        out: Collector<string>,
      ): void {
        out.collect(`${ctx.getCurrentKey()}@${timestamp} ${ctx.timeDomain()}`)
      }
    }
    const e = env(2)
    const first = e.fromSource(events({ key: 'a', ts: 5 }, { key: 'b', ts: 7 }), strategy, 'First')
    const second = e.fromSource(events({ key: 'a', ts: 1 }), strategy, 'Second')
    const result = await first
      .connect(second)
      .keyBy(
        (ev) => ev.key,
        (ev) => ev.key,
      )
      .process(new Both())
      .executeAndCollect()
    assert.deepStrictEqual(sorted(result), [
      'a@105 EVENT_TIME',
      'a@201 EVENT_TIME',
      'b@107 EVENT_TIME',
    ])
  })

  it(
    'fire in a KeyedBroadcastProcessFunction, which reads broadcast state in onTimer',
    { timeout: 10_000 },
    async () => {
      const factor = new MapStateDescriptor<string, number>('factor')
      class Scale extends KeyedBroadcastProcessFunction<string, Ev, number, string> {
        processElement(ev: Ev, ctx: KeyedBroadcastReadOnlyContext<string>): void {
          ctx.timerService().registerEventTimeTimer(ev.ts + 10)
        }
        processBroadcastElement(f: number, ctx: KeyedBroadcastContext): void {
          ctx.getBroadcastState(factor).put('f', f)
        }
        override onTimer(
          timestamp: number,
          ctx: KeyedBroadcastOnTimerContext<string>,
          out: Collector<string>,
        ): void {
          const f = ctx.getBroadcastState(factor).get('f')
          out.collect(`${ctx.getCurrentKey()}@${timestamp}*${String(f)}=${timestamp * (f ?? 0)}`)
        }
      }
      const e = env(2)
      const result = await e
        .fromSource(events({ key: 'a', ts: 5 }, { key: 'b', ts: 7 }), strategy, 'Events')
        .keyBy((ev) => ev.key)
        .connect(e.fromData(3).broadcast(factor))
        .process(new Scale())
        .executeAndCollect()
      // The timers fire at the end of both inputs, so the broadcast value is always there.
      assert.deepStrictEqual(sorted(result), ['a@15*3=45', 'b@17*3=51'])
    },
  )
})

describe('timers on a non-keyed stream', () => {
  it('fail with Flink’s message', { timeout: 10_000 }, async () => {
    class SetsTimer extends ProcessFunction<number, number> {
      processElement(_v: number, ctx: ProcessFunctionContext): void {
        ctx.timerService().registerEventTimeTimer(5)
      }
    }
    await assert.rejects(
      env(1).fromData(1).process(new SetsTimer()).executeAndCollect(),
      (err: unknown) => {
        assert.ok(err instanceof JobExecutionException)
        assert.match(
          err.message,
          /Operator 'Process' \(subtask 1\/1\) failed: Setting timers is only supported on a keyed streams/,
        )
        return true
      },
    )
  })
})
