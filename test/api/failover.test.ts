// Failover on the MiniCluster: a task fails once in the middle of a checkpointed keyed count; the
// restart strategy redeploys the job from the latest completed checkpoint, sources resume from
// their checkpointed splits, and every key's final count is exact (no record counted twice or
// lost), although records after the checkpoint were read twice. Without a restart strategy the
// same failure fails the job.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  Configuration,
  StreamExecutionEnvironment,
  Types,
  WatermarkStrategy,
} from '../../src/index.js'
import { DataGeneratorSource, RateLimiterStrategy } from '../../src/connectors/datagen/index.js'
import { MaxCountSink } from './support/max-count-sink.js'

const RECORDS = 20_000
const KEYS = 10
const FAIL_AT = 12_345

let failed = false
// One sink object for every subtask and attempt: the job runs in this process.
let sink = new MaxCountSink()

function countingJob(configuration: Configuration): StreamExecutionEnvironment {
  const env = StreamExecutionEnvironment.getExecutionEnvironment(configuration).setParallelism(2)
  env
    .fromSource(
      new DataGeneratorSource((i) => i, RECORDS, RateLimiterStrategy.perSecond(40_000), Types.LONG),
      WatermarkStrategy.noWatermarks(),
      'numbers',
    )
    .map(
      (i): [number, number] => {
        if (i === FAIL_AT && !failed) {
          failed = true
          throw new Error(`injected failure at ${i}`)
        }
        return [i % KEYS, 1]
      },
      Types.TUPLE([Types.INT, Types.INT]),
    )
    .keyBy((t) => t[0])
    .sum(1)
    .sinkTo(sink)
  return env
}

describe('failover', () => {
  it(
    'restarts from the latest checkpoint and counts every record exactly once',
    { timeout: 60_000 },
    async () => {
      failed = false
      sink = new MaxCountSink()
      const configuration = Configuration.fromMap({
        'execution.checkpointing.interval': '50 ms',
        'restart-strategy.type': 'fixed-delay',
        'restart-strategy.fixed-delay.attempts': 1,
        'restart-strategy.fixed-delay.delay': '10 ms',
      })
      await countingJob(configuration).execute('failover')
      assert.equal(failed, true)
      assert.deepEqual(
        sink.sorted(),
        Array.from({ length: KEYS }, (_, k) => [k, RECORDS / KEYS]),
      )
      // Records after the restored checkpoint went through the sum again.
      assert.ok(sink.writes > RECORDS, `sink saw ${sink.writes} records`)
    },
  )

  it('fails the job when the restart strategy is none', { timeout: 60_000 }, async () => {
    failed = false
    const configuration = Configuration.fromMap({
      'execution.checkpointing.interval': '50 ms',
      'restart-strategy.type': 'none',
    })
    await assert.rejects(
      countingJob(configuration).execute('no restart'),
      /injected failure at 12345/,
    )
  })
})
