// An idle source subtask does not stall event-time windows downstream (Flink's withIdleness):
// one of two source subtasks never emits and stays open, yet the window of the other's events
// fires while both are still running. Without idleness the job would wait forever (the test's
// timeout fails it).
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  StreamExecutionEnvironment,
  TumblingEventTimeWindows,
  WatermarkStrategy,
  type Sink,
} from '../../src/index.js'
import { GatedSource } from './support/gated-source.js'

let release: () => void = () => {}
let released = new Promise<void>((resolve) => (release = resolve))
const results: string[] = []
let firedWhileRunning = false

const resultSink: Sink<string> = {
  createWriter: () => ({
    write: (r: string) => {
      results.push(r)
      // The first window fired before any source ended: idleness moved time forward.
      if (results.length === 1) {
        firedWhileRunning = true
        release()
      }
    },
    flush: () => {},
    close: () => {},
  }),
}

describe('idleness', () => {
  it('an idle source subtask does not stall windows downstream', { timeout: 20_000 }, async () => {
    release = () => {}
    released = new Promise<void>((resolve) => (release = resolve))
    const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
    env.getConfig().setAutoWatermarkInterval(20)
    env
      .fromSource(
        // Subtask 0 emits three events then waits; subtask 1 emits nothing. Both end on release.
        new GatedSource((subtask) => (subtask === 0 ? [1000, 2000, 6000] : []), released),
        WatermarkStrategy.forBoundedOutOfOrderness<number>(0).withIdleness(100),
        'half idle',
      )
      .keyBy(() => 'k')
      .window(TumblingEventTimeWindows.of(5000))
      .apply((_k: string, w, events, out) => {
        out.collect(`${w.start}-${w.end}:${[...events].length}`)
      })
      .sinkTo(resultSink)
    await env.execute('idle source')
    assert.equal(firedWhileRunning, true)
    // The second window fires with the final watermark when the sources end.
    assert.deepStrictEqual(results, ['0-5000:2', '5000-10000:1'])
  })
})
