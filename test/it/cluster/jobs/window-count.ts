// An event-time window that only end of input closes: records 0..N-1 (event time i ms, key
// i % 10) from a rate-limited source are counted per key in one tumbling window of a day, and
// each key's count is printed when the window fires. A job stopped with `--drain` prints the
// counts of what its sources read before the savepoint; one stopped without prints nothing.
// Arguments: N, records per second.
import {
  StreamExecutionEnvironment,
  Time,
  TumblingEventTimeWindows,
  Types,
  WatermarkStrategy,
} from 'eddy'
import { DataGeneratorSource, RateLimiterStrategy } from 'eddy/connectors/datagen'

const records = Number(process.argv[2] ?? '20000')
const perSecond = Number(process.argv[3] ?? '20000')

const env = StreamExecutionEnvironment.getExecutionEnvironment()
env
  .fromSource(
    new DataGeneratorSource(
      (i) => i,
      records,
      RateLimiterStrategy.perSecond(perSecond),
      Types.LONG,
    ),
    WatermarkStrategy.forMonotonousTimestamps<number>().withTimestampAssigner((i) => i),
    'numbers',
  )
  .uid('numbers')
  .map((i): [number, number] => [i % 10, 1], Types.TUPLE([Types.INT, Types.INT]))
  .uid('pairs')
  .keyBy((t) => t[0])
  .window(TumblingEventTimeWindows.of(Time.days(1)))
  .sum(1)
  .uid('window')
  .map((t) => `${t[0]},${t[1]}`, Types.STRING)
  .uid('format')
  .print()
  .uid('print')
await env.execute('window count')
