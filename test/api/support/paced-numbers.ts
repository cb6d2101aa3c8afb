// The numbers 0 .. count-1 at 40,000 per second over a parallelism-2 job: slow enough that a job
// over them takes several 50 ms checkpoints, which the failover tests rely on.
import {
  type Configuration,
  type DataStream,
  StreamExecutionEnvironment,
  Types,
  WatermarkStrategy,
} from '../../../src/index.js'
import { DataGeneratorSource, RateLimiterStrategy } from '../../../src/connectors/datagen/index.js'

export function pacedNumbers(
  configuration: Configuration,
  count: number,
): { env: StreamExecutionEnvironment; numbers: DataStream<number> } {
  const env = StreamExecutionEnvironment.getExecutionEnvironment(configuration).setParallelism(2)
  const numbers = env.fromSource(
    new DataGeneratorSource((i) => i, count, RateLimiterStrategy.perSecond(40_000), Types.LONG),
    WatermarkStrategy.noWatermarks(),
    'numbers',
  )
  return { env, numbers }
}
