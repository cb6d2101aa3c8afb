// Unaligned checkpoints on the MiniCluster under backpressure: the keyed count is slower than its
// source, so the channels between them stay full, and every checkpoint stores the data in flight.
// A task fails once after checkpoints completed; the job restores the latest one, replays its
// in-flight data before anything else, and every key's final count is exact — a record of the
// stored in-flight data lost or counted twice would show in the counts.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  Configuration,
  StreamExecutionEnvironment,
  Types,
  WatermarkStrategy,
} from '../../src/index.js'
import { DataGeneratorSource } from '../../src/connectors/datagen/index.js'
import { MaxCountSink } from './support/max-count-sink.js'

const RECORDS = 20_000
const KEYS = 10
const FAIL_AT = 15_000
/** Busy time per record of the slow stage: it is what backpressures the source. */
const SLOW_MS = 0.04

const PADDING = 'x'.repeat(200)

let failed = false
let sink = new MaxCountSink()

function slowCountingJob(configuration: Configuration): StreamExecutionEnvironment {
  const env = StreamExecutionEnvironment.getExecutionEnvironment(configuration).setParallelism(2)
  env
    .fromSource(
      new DataGeneratorSource((i) => i, RECORDS, Types.LONG),
      WatermarkStrategy.noWatermarks(),
      'numbers',
    )
    // Padded, so that the records in flight outnumber what the channels hold: the source stays
    // busy (and checkpointed) until the end.
    .map(
      (i): [number, number, string] => [i % KEYS, i, PADDING],
      Types.TUPLE([Types.INT, Types.LONG, Types.STRING]),
    )
    .keyBy((t) => t[0])
    .map(
      (t): [number, number] => {
        const until = performance.now() + SLOW_MS
        while (performance.now() < until);
        if (t[1] === FAIL_AT && !failed) {
          failed = true
          throw new Error(`injected failure at ${t[1]}`)
        }
        return [t[0], 1]
      },
      Types.TUPLE([Types.INT, Types.INT]),
    )
    .keyBy((t) => t[0])
    .sum(1)
    .sinkTo(sink)
  return env
}

describe('unaligned checkpoints', () => {
  for (const timeout of ['0 ms', '5 ms']) {
    it(
      `restore their in-flight data exactly once after a failure (aligned-checkpoint-timeout ${timeout})`,
      { timeout: 60_000 },
      async () => {
        failed = false
        sink = new MaxCountSink()
        const configuration = Configuration.fromMap({
          'execution.checkpointing.interval': '50 ms',
          'execution.checkpointing.unaligned.enabled': true,
          'execution.checkpointing.aligned-checkpoint-timeout': timeout,
          'restart-strategy.type': 'fixed-delay',
          'restart-strategy.fixed-delay.attempts': 1,
          'restart-strategy.fixed-delay.delay': '10 ms',
        })
        await slowCountingJob(configuration).execute('unaligned')
        assert.equal(failed, true)
        assert.deepEqual(
          sink.sorted(),
          Array.from({ length: KEYS }, (_, k) => [k, RECORDS / KEYS]),
        )
      },
    )
  }
})
