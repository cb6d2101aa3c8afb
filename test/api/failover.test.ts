// Failover on the MiniCluster: a task fails once in the middle of a checkpointed keyed count; the
// restart strategy redeploys the job from the latest completed checkpoint, sources resume from
// their checkpointed splits, and every key's final count is exact (no record counted twice or
// lost), although records after the checkpoint were read twice. Without a restart strategy the
// same failure fails the job.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { StreamExecutionEnvironment } from '../../src/index.js'
import { Configuration, Types } from '../../src/index.js'
import { pacedNumbers } from './support/paced-numbers.js'
import { MaxCountSink } from './support/max-count-sink.js'

const RECORDS = 20_000
const KEYS = 10
/** Late in the second source split, so that checkpoints have completed before it. */
const FAIL_AT = 19_000

let failed = false
// One sink object for every subtask and attempt: the job runs in this process.
let sink = new MaxCountSink()

function countingJob(configuration: Configuration): StreamExecutionEnvironment {
  const { env, numbers } = pacedNumbers(configuration, RECORDS)
  numbers
    .map(
      (i): [number, number] => {
        if (i === FAIL_AT && !failed) {
          failed = true
          sink.mark()
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
      // The restart began at a checkpoint, not at the start: after the failure the sink saw
      // the records after that checkpoint (and what was in flight), far fewer than all.
      assert.ok(sink.writesSinceMark < RECORDS / 2, `${sink.writesSinceMark} after the failure`)
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
      /injected failure at 19000/,
    )
  })
})
