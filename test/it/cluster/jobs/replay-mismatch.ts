// A program whose structure depends on where it runs (what a program must not do): its map's
// parallelism is 1 when started as a file by the client and 2 when its bundle (an .mjs file) is
// replayed on the cluster, so the replayed job graph differs from the submitted one.
import { DiscardingSink, StreamExecutionEnvironment, Types } from 'eddy'

const isReplay = (process.argv[1] ?? '').endsWith('.mjs')

const env = StreamExecutionEnvironment.getExecutionEnvironment()
env
  .fromSequence(1, 10)
  .map((i) => i + 1, Types.LONG)
  .setParallelism(isReplay ? 2 : 1)
  .sinkTo(new DiscardingSink())
await env.execute('replay mismatch')
