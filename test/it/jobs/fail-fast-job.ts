// A tiny job for the errors test: subtask 1 of a parallel map fails on the first record, which
// reaches it before subtask 2 has run at all (the source needs no splits, and the record is larger
// than a network buffer, so it is sent in the source's first slice); the source then idles,
// unbounded. Prints the failure and lets the process end by itself, so the test can check that a
// failed job leaves nothing running.
import { StreamExecutionEnvironment, WatermarkStrategy } from '../../../src/index.js'
import { PacedSource } from '../support.js'

const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
env
  .fromSource(
    new PacedSource(['x'.repeat(40_000)], { intervalMs: 0, bounded: false }),
    WatermarkStrategy.noWatermarks(),
    'Paced',
  )
  .setParallelism(1)
  .rebalance()
  .map(() => {
    throw new Error('fail fast')
  })
  .sinkTo({ createWriter: () => ({ write() {}, flush() {}, close() {} }) })
try {
  await env.execute('fail fast job')
} catch (e: unknown) {
  console.log(e instanceof Error ? e.message : String(e))
}
