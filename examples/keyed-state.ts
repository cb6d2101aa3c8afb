// Keyed state, as Flink's CountWindowAverage example: a ValueState per key holds (count, sum) and
// every second element of a key emits the key's average and clears the state.
//   npx eddy run examples/keyed-state.ts      prints { key: 1, average: 4 } and { key: 1, average: 5 }
import {
  RichFlatMapFunction,
  StreamExecutionEnvironment,
  ValueStateDescriptor,
  type Collector,
  type ValueState,
} from 'eddy'

type Reading = [key: number, value: number]

class CountWindowAverage extends RichFlatMapFunction<Reading, { key: number; average: number }> {
  private sum!: ValueState<{ count: number; sum: number }>

  override open(): void {
    this.sum = this.getRuntimeContext().getState(new ValueStateDescriptor('average'))
  }

  flatMap([key, value]: Reading, out: Collector<{ key: number; average: number }>): void {
    const current = this.sum.value() ?? { count: 0, sum: 0 }
    const next = { count: current.count + 1, sum: current.sum + value }
    if (next.count >= 2) {
      // Integer division, as the Long arithmetic of Flink's example.
      out.collect({ key, average: Math.trunc(next.sum / next.count) })
      this.sum.clear()
    } else {
      this.sum.update(next)
    }
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment()

env
  .fromData<Reading>([1, 3], [1, 5], [1, 7], [1, 4], [1, 2])
  .keyBy(([key]) => key)
  .flatMap(new CountWindowAverage())
  .print()

await env.execute('CountWindowAverage')
