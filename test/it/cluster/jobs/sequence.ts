// A bounded job: the numbers 1..N (default 1000) rebalanced into a map and print(), so the source
// is a vertex of its own whose numRecordsOut is exactly N. Arguments: N.
import { StreamExecutionEnvironment, Types } from 'eddy'

const count = Number(process.argv[2] ?? '1000')

const env = StreamExecutionEnvironment.getExecutionEnvironment()
env
  .fromSequence(1, count)
  .rebalance()
  .map((i) => i * 2, Types.LONG)
  .name('double')
  .print()
await env.execute('sequence')
