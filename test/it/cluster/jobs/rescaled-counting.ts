// counting.ts with the source pinned at a parallelism of its own (argument 3), so that the keyed
// count rescales with -p while every source reader keeps a split: a restored source with more
// readers than splits finishes the extra ones at once, and Eddy cannot take a savepoint once a
// task has finished (Flink can since 1.15, FLIP-147). Same uids as counting.ts.
// Arguments: N, records per second, source parallelism.
import { StreamExecutionEnvironment, Types, WatermarkStrategy } from 'eddy'
import { DataGeneratorSource, RateLimiterStrategy } from 'eddy/connectors/datagen'

const records = Number(process.argv[2] ?? '20000')
const perSecond = Number(process.argv[3] ?? '20000')
const sourceParallelism = Number(process.argv[4] ?? '1')
const keys = 10

const env = StreamExecutionEnvironment.getExecutionEnvironment()
env
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
  .setParallelism(sourceParallelism)
  .uid('numbers')
  .map((i): [number, number] => [i % keys, 1], Types.TUPLE([Types.INT, Types.INT]))
  .setParallelism(sourceParallelism)
  .uid('pairs')
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
