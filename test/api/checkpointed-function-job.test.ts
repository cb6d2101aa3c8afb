// CheckpointedFunction and CheckpointListener in jobs on the MiniCluster: a map that counts in its
// own operator state goes on from the checkpointed count after a failure, so the counts add up
// to exactly the records read; and a checkpoint the function fails to snapshot is reported
// aborted to the functions of every subtask, while the later ones complete.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  Configuration,
  ListStateDescriptor,
  RichMapFunction,
  Types,
  type CheckpointListener,
  type CheckpointedFunction,
  type FunctionInitializationContext,
  type FunctionSnapshotContext,
  type ListState,
  type Sink,
} from '../../src/index.js'
import { pacedNumbers } from './support/paced-numbers.js'

const RECORDS = 20_000
/** Late in the second source split, so that checkpoints have completed before it. */
const FAIL_AT = 19_000
const COUNT = new ListStateDescriptor('count', Types.INT)

/** What the test's functions saw; one object for every subtask and attempt (one process). */
const seen = { failed: false, failSnapshotOf: 0, events: [] as string[] }

/** Emits [subtask, records counted so far]; the count lives in operator state. */
class CountingMap
  extends RichMapFunction<number, [number, number]>
  implements CheckpointedFunction, CheckpointListener
{
  private count = 0
  private state!: ListState<number>

  map(i: number): [number, number] {
    if (i === FAIL_AT && !seen.failed) {
      seen.failed = true
      throw new Error(`injected failure at ${i}`)
    }
    this.count++
    return [this.getRuntimeContext().getIndexOfThisSubtask(), this.count]
  }

  initializeState(context: FunctionInitializationContext): void {
    this.state = context.getOperatorStateStore().getListState(COUNT)
    // After rescaling a subtask may get several counts: they add up.
    for (const c of this.state.get()) this.count += c
  }

  snapshotState(context: FunctionSnapshotContext): void {
    if (context.getCheckpointId() === seen.failSnapshotOf) {
      throw new Error(`cannot snapshot checkpoint ${context.getCheckpointId()}`)
    }
    this.state.update([this.count])
  }

  notifyCheckpointComplete(checkpointId: number): void {
    seen.events.push(`${this.getRuntimeContext().getIndexOfThisSubtask()} complete ${checkpointId}`)
  }

  notifyCheckpointAborted(checkpointId: number): void {
    seen.events.push(`${this.getRuntimeContext().getIndexOfThisSubtask()} aborted ${checkpointId}`)
  }
}

/** Keeps the last count written per subtask: the final one. */
class LastCountSink implements Sink<[number, number]> {
  readonly last = new Map<number, number>()
  createWriter() {
    return {
      write: ([subtask, count]: [number, number]) => void this.last.set(subtask, count),
      flush: () => {},
      close: () => {},
    }
  }
}

async function countingJob(configuration: Configuration, sink: LastCountSink): Promise<void> {
  const { env, numbers } = pacedNumbers(configuration, RECORDS)
  numbers.map(new CountingMap(), Types.TUPLE([Types.INT, Types.INT])).sinkTo(sink)
  await env.execute('counting in operator state')
}

describe('CheckpointedFunction in a job', () => {
  it(
    'restores the count it checkpointed after a failure: the counts add up to every record once',
    { timeout: 60_000 },
    async () => {
      Object.assign(seen, { failed: false, failSnapshotOf: 0, events: [] })
      const sink = new LastCountSink()
      await countingJob(
        Configuration.fromMap({
          'execution.checkpointing.interval': '50 ms',
          'restart-strategy.type': 'fixed-delay',
          'restart-strategy.fixed-delay.attempts': 1,
          'restart-strategy.fixed-delay.delay': '10 ms',
        }),
        sink,
      )
      assert.equal(seen.failed, true)
      assert.deepEqual([...sink.last.keys()].sort(), [0, 1])
      assert.equal(sink.last.get(0)! + sink.last.get(1)!, RECORDS)
    },
  )

  it(
    'tells every subtask of a checkpoint it could not snapshot, and of the later ones',
    { timeout: 60_000 },
    async () => {
      Object.assign(seen, { failed: true, failSnapshotOf: 2, events: [] })
      const sink = new LastCountSink()
      await countingJob(
        Configuration.fromMap({
          'execution.checkpointing.interval': '50 ms',
          'execution.checkpointing.tolerable-failed-checkpoints': 1,
        }),
        sink,
      )
      assert.equal(sink.last.get(0)! + sink.last.get(1)!, RECORDS)
      const of = (subtask: number) =>
        seen.events.filter((e) => e.startsWith(`${subtask} `)).map((e) => e.slice(2))
      for (const subtask of [0, 1]) {
        const events = of(subtask)
        assert.deepEqual(events.slice(0, 2), ['complete 1', 'aborted 2'])
        // Later checkpoints complete, in order (one may be aborted as the sources finish).
        const completed = events
          .slice(2)
          .flatMap((e) => (e.startsWith('complete ') ? [Number(e.slice(9))] : []))
        assert.ok(completed.length > 0, 'a checkpoint after the aborted one completed')
        assert.ok(completed[0]! > 2, `${completed[0]} completed after 2`)
        assert.deepEqual(
          completed,
          [...completed].sort((a, b) => a - b),
        )
      }
    },
  )
})
