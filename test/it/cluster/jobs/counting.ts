// A keyed count over a rate-limited, deterministic source: records 0..N-1, key i % 10. It prints
// each key once its count reaches N / 10 (and again if it ever went beyond), so an exactly-once
// run prints exactly one line per key, `key,N/10`. Arguments: N, records per second, and
// optionally the source's own parallelism: pinned, the keyed count rescales with -p while every
// source reader keeps a split (a restored source with more readers than splits finishes the extra
// ones at once, and Eddy cannot take a savepoint once a task has finished; Flink can since 1.15).
import { StreamExecutionEnvironment, Types, WatermarkStrategy } from 'eddy'
import { DataGeneratorSource, RateLimiterStrategy } from 'eddy/connectors/datagen'

const records = Number(process.argv[2] ?? '20000')
const perSecond = Number(process.argv[3] ?? '20000')
const sourceParallelism = process.argv[4] === undefined ? undefined : Number(process.argv[4])
const keys = 10

const env = StreamExecutionEnvironment.getExecutionEnvironment()
const numbers = env
  .fromSource(
    new DataGeneratorSource(
      (i) => i,
      records,
      RateLimiterStrategy.perSecond(perSecond),
      Types.LONG,
    ),
    WatermarkStrategy.noWatermarks(),
    'numbers',
  )
  .uid('numbers')
const pairs = numbers
  .map((i): [number, number] => [i % keys, 1], Types.TUPLE([Types.INT, Types.INT]))
  .uid('pairs')
if (sourceParallelism !== undefined) {
  numbers.setParallelism(sourceParallelism)
  pairs.setParallelism(sourceParallelism)
}
pairs
  .keyBy((t) => t[0])
  .sum(1)
  .uid('counter')
  .filter((t) => t[1] >= records / keys)
  .uid('complete')
  .map((t) => `${t[0]},${t[1]}`, Types.STRING)
  .uid('format')
  .print()
  .uid('print')
await env.execute('counting')
