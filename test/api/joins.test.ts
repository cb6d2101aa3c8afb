// Stream joins on the MiniCluster, with Flink's answers: a window join emits every pair of equal
// keys in the same window, a co-group hands both sides' groups (either may be empty) to the
// function, an interval join pairs elements within [lower, upper] of the left timestamp (with
// exclusive bounds on request) and stamps results with the larger timestamp.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  ProcessJoinFunction,
  RichCoGroupFunction,
  RichJoinFunction,
  StreamExecutionEnvironment,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  type Collector,
  type DataStream,
  type OpenContext,
  type ProcessJoinFunctionContext,
} from '../../src/index.js'

type Ev = [key: string, ts: number, v: string]

function events(env: StreamExecutionEnvironment, ...data: Ev[]): DataStream<Ev> {
  return env
    .fromData(...data)
    .assignTimestampsAndWatermarks(
      WatermarkStrategy.forMonotonousTimestamps<Ev>().withTimestampAssigner((e) => e[1]),
    )
}

class Pair extends ProcessJoinFunction<Ev, Ev, string> {
  processElement(l: Ev, r: Ev, ctx: ProcessJoinFunctionContext, out: Collector<string>): void {
    out.collect(
      `${l[2]}+${r[2]}@${ctx.getTimestamp()}(${ctx.getLeftTimestamp()},${ctx.getRightTimestamp()})`,
    )
  }
}

const LEFT: Ev[] = [
  ['a', 1000, 'L1'],
  ['b', 2000, 'L2'],
  ['a', 6000, 'L3'],
]
const RIGHT: Ev[] = [
  ['a', 1500, 'R1'],
  ['a', 4000, 'R2'],
  ['c', 4500, 'R3'],
  ['a', 7000, 'R4'],
]

describe('stream joins', () => {
  for (const parallelism of [1, 4]) {
    it(`window join: every pair of equal keys in a window (p=${parallelism})`, async () => {
      const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism)
      const out = await events(env, ...LEFT)
        .join(events(env, ...RIGHT))
        .where((e) => e[0])
        .equalTo((e) => e[0])
        .window(TumblingEventTimeWindows.of(5000))
        .apply((l: Ev, r: Ev) => `${l[2]}+${r[2]}`)
        .executeAndCollect()
      assert.deepStrictEqual(out.sort(), ['L1+R1', 'L1+R2', 'L3+R4'])
    })
  }

  it('a flat join function emits any number of results per pair', async () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
    const out = await events(env, ...LEFT)
      .join(events(env, ...RIGHT))
      .where((e) => e[0])
      .equalTo((e) => e[0])
      .window(TumblingEventTimeWindows.of(5000))
      .apply((l: Ev, r: Ev, c: Collector<string>) => {
        if (r[2] !== 'R2') c.collect(`${l[2]}${r[2]}`)
      })
      .executeAndCollect()
    assert.deepStrictEqual(out.sort(), ['L1R1', 'L3R4'])
  })

  it('coGroup: both groups per key and window, one of them possibly empty', async () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
    const out = await events(env, ...LEFT)
      .coGroup(events(env, ...RIGHT))
      .where((e) => e[0])
      .equalTo((e) => e[0])
      .window(TumblingEventTimeWindows.of(5000))
      .apply((ls: Iterable<Ev>, rs: Iterable<Ev>, c: Collector<string>) => {
        c.collect(`${[...ls].map((e) => e[2]).join(',')}|${[...rs].map((e) => e[2]).join(',')}`)
      })
      .executeAndCollect()
    assert.deepStrictEqual(out.sort(), ['L1|R1,R2', 'L2|', 'L3|R4', '|R3'])
  })

  it('rich join and coGroup functions are opened with their runtime context', async () => {
    class Tagged extends RichJoinFunction<Ev, Ev, string> {
      private suffix = ''
      override open(_context: OpenContext): void {
        this.suffix = `/${this.getRuntimeContext().getNumberOfParallelSubtasks()}`
      }
      join(l: Ev, r: Ev): string {
        return `${l[2]}+${r[2]}${this.suffix}`
      }
    }
    class Counted extends RichCoGroupFunction<Ev, Ev, string> {
      private suffix = ''
      override open(_context: OpenContext): void {
        this.suffix = `/${this.getRuntimeContext().getNumberOfParallelSubtasks()}`
      }
      coGroup(ls: Iterable<Ev>, rs: Iterable<Ev>, out: Collector<string>): void {
        out.collect(`${[...ls].length}|${[...rs].length}${this.suffix}`)
      }
    }
    const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
    const joined = events(env, ...LEFT)
      .join(events(env, ...RIGHT))
      .where((e) => e[0])
      .equalTo((e) => e[0])
      .window(TumblingEventTimeWindows.of(5000))
      .apply(new Tagged())
    const grouped = events(env, ...LEFT)
      .coGroup(events(env, ...RIGHT))
      .where((e) => e[0])
      .equalTo((e) => e[0])
      .window(TumblingEventTimeWindows.of(5000))
      .apply(new Counted())
    const out = await joined.union(grouped).executeAndCollect()
    assert.deepStrictEqual(out.sort(), [
      '0|1/2',
      '1|0/2',
      '1|1/2',
      '1|2/2',
      'L1+R1/2',
      'L1+R2/2',
      'L3+R4/2',
    ])
  })

  for (const parallelism of [1, 4]) {
    it(`interval join: [lower, upper] around the left timestamp, inclusive (p=${parallelism})`, async () => {
      const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism)
      const out = await events(env, ...LEFT)
        .keyBy((e) => e[0])
        .intervalJoin(events(env, ...RIGHT).keyBy((e) => e[0]))
        .between(-500, 3000)
        .process(new Pair())
        .executeAndCollect()
      // L1@1000 meets [500, 4000]: R1@1500, R2@4000; L3@6000 meets [5500, 9000]: R4@7000.
      assert.deepStrictEqual(out.sort(), [
        'L1+R1@1500(1000,1500)',
        'L1+R2@4000(1000,4000)',
        'L3+R4@7000(6000,7000)',
      ])
    })
  }

  it('interval join with exclusive bounds leaves out partners exactly at the bounds', async () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
    const out = await events(env, ...LEFT)
      .keyBy((e) => e[0])
      .intervalJoin(events(env, ...RIGHT).keyBy((e) => e[0]))
      .between(500, 3000)
      .lowerBoundExclusive()
      .upperBoundExclusive()
      .process(new Pair())
      .executeAndCollect()
    // L1: (1500, 4000) excludes R1@1500 and R2@4000; L3: (6500, 9000) has R4@7000.
    assert.deepStrictEqual(out, ['L3+R4@7000(6000,7000)'])
  })

  it('rejects bounds with lower > upper', () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment()
    const left = events(env, ...LEFT).keyBy((e) => e[0])
    assert.throws(
      () => left.intervalJoin(events(env, ...RIGHT).keyBy((e) => e[0])).between(10, 5),
      /lower <= upper, got \(10, 5\)/,
    )
  })
})
