// Watermark alignment on the MiniCluster: a fast source and a stalled one share an alignment
// group. The fast one reads until its watermark is more than the allowed drift ahead of the
// stalled one's, then stops reading while both are running; when the stalled source ends it
// no longer holds the group back, and the fast one reads on.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  DiscardingSink,
  NumberSequenceSource,
  StreamExecutionEnvironment,
  WatermarkStrategy,
} from '../../src/index.js'
import { GatedSource } from './support/gated-source.js'

/** More than the test ever reads: it cancels the job once the fast source moved on. */
const FAST_RECORDS = 1_000_000_000
const DRIFT = 100_000
let release: () => void = () => {}
const released = new Promise<void>((resolve) => (release = resolve))
let fastEmitted = 0
let fastMaxTimestamp = -1

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('watermark alignment', () => {
  it(
    'pauses a source that runs ahead of its group until the group catches up',
    { timeout: 60_000 },
    async () => {
      const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
      env.getConfig().setAutoWatermarkInterval(10)
      const aligned = <T>(strategy: WatermarkStrategy<T>): WatermarkStrategy<T> =>
        strategy.withWatermarkAlignment('group', DRIFT, 20)
      env
        .fromSource(
          // One record at event time 0, then nothing until released.
          new GatedSource(() => [0], released),
          aligned(WatermarkStrategy.forMonotonousTimestamps<number>()),
          'stalled',
        )
        .sinkTo(new DiscardingSink())
      env
        .fromSource(
          new NumberSequenceSource(0, FAST_RECORDS - 1),
          aligned(
            WatermarkStrategy.forMonotonousTimestamps<number>().withTimestampAssigner((i) => i),
          ),
          'fast',
        )
        .map((i) => {
          fastEmitted++
          fastMaxTimestamp = Math.max(fastMaxTimestamp, i)
          return i
        })
        .sinkTo(new DiscardingSink())
      const client = await env.executeAsync('alignment')
      try {
        // The stalled source's watermark (-1) allows the group up to DRIFT - 1; once the fast one
        // passed that, it stops. It may overshoot by what it reads between two of its watermarks.
        let paused = -1
        for (let i = 0; i < 100 && paused !== fastEmitted; i++) {
          paused = fastEmitted
          await sleep(300)
        }
        assert.equal(fastEmitted, paused)
        assert.ok(fastMaxTimestamp >= DRIFT - 1, `max timestamp ${fastMaxTimestamp}`)
        assert.ok(fastEmitted < FAST_RECORDS)
        // The stalled source ends and reports the maximum watermark: the fast one reads on.
        release()
        for (let i = 0; i < 100 && fastEmitted < paused + 2 * DRIFT; i++) await sleep(50)
        assert.ok(fastEmitted >= paused + 2 * DRIFT, `emitted ${fastEmitted} after ${paused}`)
      } finally {
        release()
        await client.cancel()
      }
    },
  )
})
