// The job of bench/cluster-keyed-count.ts: the numbers 1..N keyed by i % 10,000, a running count
// per key in a ValueState, every updated count into a DiscardingSink. Source, keyed count and
// sink are two tasks joined by a hash edge; at parallelism p each source subtask sends 1/p of
// its records to its own TaskManager and the rest over TCP. Arguments: N (default 1,000,000).
import {
  DiscardingSink,
  KeyedProcessFunction,
  StreamExecutionEnvironment,
  Types,
  ValueStateDescriptor,
  type Collector,
  type KeyedProcessFunctionContext,
  type ValueState,
} from 'eddy'

const DISTINCT_KEYS = 10_000
const records = Number(process.argv[2] ?? '1000000')

class CountPerKey extends KeyedProcessFunction<number, number, number> {
  private count!: ValueState<number>

  override open(): void {
    this.count = this.getRuntimeContext().getState(new ValueStateDescriptor('count', Types.LONG))
  }

  processElement(
    _value: number,
    _ctx: KeyedProcessFunctionContext<number>,
    out: Collector<number>,
  ): void {
    const next = (this.count.value() ?? 0) + 1
    this.count.update(next)
    out.collect(next)
  }
}

const env = StreamExecutionEnvironment.getExecutionEnvironment()
env
  .fromSequence(1, records)
  .keyBy((i) => i % DISTINCT_KEYS)
  .process(new CountPerKey(), Types.LONG)
  .name('count per key')
  .sinkTo(new DiscardingSink())
  .name('discard')
await env.execute('bench keyed count')
