// A keyed count over a rate-limited, deterministic source: records 0..N-1, key i % 10. It prints
// each key once its count reaches N / 10 (and again if it ever went beyond), so an exactly-once
// run prints exactly one line per key, `key,N/10`. Arguments: N, records per second.
import { StreamExecutionEnvironment, Types, WatermarkStrategy } from 'eddy'
import { DataGeneratorSource, RateLimiterStrategy } from 'eddy/connectors/datagen'

const records = Number(process.argv[2] ?? '20000')
const perSecond = Number(process.argv[3] ?? '20000')
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
  .uid('numbers')
  .map((i): [number, number] => [i % keys, 1], Types.TUPLE([Types.INT, Types.INT]))
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
