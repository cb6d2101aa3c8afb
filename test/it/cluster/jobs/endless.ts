// A job that never ends: a rate-limited generator into a discarding sink behind a rebalance, so
// that at parallelism > 1 its subtasks exchange data across TaskManagers. For cancellation and
// failure tests.
import { DiscardingSink, StreamExecutionEnvironment, Types, WatermarkStrategy } from 'eddy'
import { DataGeneratorSource, RateLimiterStrategy } from 'eddy/connectors/datagen'

const env = StreamExecutionEnvironment.getExecutionEnvironment()
env
  .fromSource(
    new DataGeneratorSource(
      (i) => i % 1000,
      Number.MAX_SAFE_INTEGER,
      RateLimiterStrategy.perSecond(200),
      Types.LONG,
    ),
    WatermarkStrategy.noWatermarks(),
    'endless generator',
  )
  .rebalance()
  .map((i) => i * 2, Types.LONG)
  .sinkTo(new DiscardingSink())
  .name('discard')
await env.execute('endless')
