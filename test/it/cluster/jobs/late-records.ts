// A bounded event-time job whose watermark passes the first window before two of its records
// arrive: the window operator drops them and counts them in numLateRecordsDropped. The generator
// emits a watermark on every event, so which records are late does not depend on timing.
import {
  DiscardingSink,
  StreamExecutionEnvironment,
  TumblingEventTimeWindows,
  Types,
  WatermarkStrategy,
  type WatermarkOutput,
} from 'eddy'

const env = StreamExecutionEnvironment.getExecutionEnvironment()
const strategy = WatermarkStrategy.forGenerator<number>(() => {
  let max = Number.NEGATIVE_INFINITY
  return {
    onEvent(_event: number, timestamp: number, output: WatermarkOutput) {
      max = Math.max(max, timestamp)
      output.emitWatermark(max)
    },
    onPeriodicEmit() {},
  }
}).withTimestampAssigner((ts) => ts)
env
  .fromCollection([1, 2, 15, 3, 4, 16], Types.LONG)
  .setParallelism(1)
  .assignTimestampsAndWatermarks(strategy)
  .keyBy(() => 'all')
  .window(TumblingEventTimeWindows.of(10))
  .reduce((a, b) => a + b)
  .sinkTo(new DiscardingSink())
await env.execute('late-records')
