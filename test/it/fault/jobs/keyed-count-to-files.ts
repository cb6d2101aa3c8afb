// The fault tests' job: a keyed running count over a rate-limited, deterministic source of
// records 0..N-1 (key i % K), written through the exactly-once FileSink as one `key,count` line
// per record. Its output does not depend on timing: key k's lines are `k,1` … `k,N/K`.
// Arguments: N, K, records per second, output directory, and optionally the microseconds the
// formatting step spends per record (a slow step backpressures the source).
import { StreamExecutionEnvironment, Types, WatermarkStrategy } from 'eddy'
import { DataGeneratorSource, RateLimiterStrategy } from 'eddy/connectors/datagen'
import { FileSink, SimpleStringEncoder } from 'eddy/connectors/file'

const [records, keys, perSecond] = process.argv.slice(2, 5).map(Number) as [number, number, number]
const output = process.argv[5]!
const slowMs = Number(process.argv[6] ?? 0) / 1000

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
  .map((t) => {
    if (slowMs > 0) {
      const until = performance.now() + slowMs
      while (performance.now() < until);
    }
    return `${t[0]},${t[1]}`
  }, Types.STRING)
  .uid('format')
  .sinkTo(FileSink.forRowFormat(output, new SimpleStringEncoder<string>()).build())
  .uid('files')
await env.execute('keyed count to files')
