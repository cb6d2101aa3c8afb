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
  type InputStatus,
  type ReaderOutput,
  type Sink,
  type SimpleVersionedSerializer,
  type Source,
  type SourceReader,
  type SourceReaderContext,
  type SourceSplit,
  type SplitEnumerator,
} from '../../src/index.js'

let release: () => void = () => {}
let released = new Promise<void>((resolve) => (release = resolve))
const results: string[] = []
let firedWhileRunning = false

/** Subtask 0 emits three events then waits; subtask 1 emits nothing. Both end on release. */
class HalfIdleSource implements Source<number, SourceSplit, null> {
  getBoundedness(): 'CONTINUOUS_UNBOUNDED' {
    return 'CONTINUOUS_UNBOUNDED'
  }
  createEnumerator(): SplitEnumerator<SourceSplit, null> {
    return noSplits()
  }
  restoreEnumerator(): SplitEnumerator<SourceSplit, null> {
    return noSplits()
  }
  getSplitSerializer(): SimpleVersionedSerializer<SourceSplit> {
    return {
      getVersion: () => 1,
      serialize: () => new Uint8Array(),
      deserialize: () => ({ splitId: () => '' }),
    }
  }
  createReader(context: SourceReaderContext): SourceReader<number, SourceSplit> {
    const pending = context.getIndexOfSubtask() === 0 ? [1000, 2000, 6000] : []
    let done = false
    void released.then(() => (done = true))
    return {
      start: () => {},
      pollNext(output: ReaderOutput<number>): InputStatus {
        const next = pending.shift()
        if (next !== undefined) {
          output.collect(next, next)
          return 'MORE_AVAILABLE'
        }
        return done ? 'END_OF_INPUT' : 'NOTHING_AVAILABLE'
      },
      isAvailable: () => released,
      addSplits: () => {},
      notifyNoMoreSplits: () => {},
      snapshotState: () => [],
      close: () => {},
    }
  }
}

function noSplits(): SplitEnumerator<SourceSplit, null> {
  return {
    start: () => {},
    handleSplitRequest: () => {},
    addSplitsBack: () => {},
    addReader: () => {},
    snapshotState: () => null,
    close: () => {},
  }
}

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
        new HalfIdleSource(),
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
