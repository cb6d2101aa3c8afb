// Session windows, as Flink's SessionWindowing example: clicks (user, timestamp ms, count) are
// grouped into per-user sessions that close after 3 ms without a click, and each session's
// clicks are summed. The result carries the session's first timestamp.
//   npx eddy run examples/session-windows.ts
import { EventTimeSessionWindows, StreamExecutionEnvironment, WatermarkStrategy } from 'eddy'

type Click = [user: string, timestamp: number, count: number]

const CLICKS: Click[] = [
  ['a', 1, 1],
  ['b', 1, 1],
  ['b', 3, 1],
  ['b', 5, 1],
  ['c', 6, 1],
  // 'a' is back after a gap longer than 3 ms: a new session.
  ['a', 10, 1],
  // 'c' also starts a new session: 11 - 6 > 3.
  ['c', 11, 1],
]

const env = StreamExecutionEnvironment.getExecutionEnvironment()

env
  .fromData(...CLICKS)
  // One reader, as Flink's example: sum() keeps the other fields of a session's first click in
  // arrival order, which parallel readers (or a rebalance before the window) would shuffle.
  .setParallelism(1)
  .assignTimestampsAndWatermarks(
    WatermarkStrategy.forMonotonousTimestamps<Click>().withTimestampAssigner((c) => c[1]),
  )
  .setParallelism(1)
  .keyBy((c) => c[0])
  .window(EventTimeSessionWindows.withGap(3))
  .sum(2)
  .print()

await env.execute('SessionWindowing')
