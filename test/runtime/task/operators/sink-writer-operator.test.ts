// The SinkWriterOperator's two-phase commit through the operator test harness: committables go
// into checkpoints and are committed when those complete, retries wait for the next one, a restore
// commits what it restored (also after a rescale), and the end of input commits at once without
// checkpointing or leaves its committables to the job's end with it.
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type {
  CommitRequest,
  Committer,
  CommittingSinkWriter,
  SimpleVersionedSerializer,
  Sink,
  StatefulSinkWriter,
  SupportsCommitter,
  SupportsWriterState,
} from '../../../../src/index.js'
import {
  FileSink,
  BasePathBucketAssigner,
  SimpleStringEncoder,
  readFinishedLines,
} from '../../../../src/connectors/file/index.js'
import type { OperatorSubtaskState } from '../../../../src/runtime/common/checkpoint-state.js'
import { commitFinal } from '../../../../src/runtime/task/operators/sink/commit-final.js'
import {
  OneInputStreamOperatorTestHarness,
  SinkWriterOperator,
} from '../../../../src/testing/index.js'
import { tempBasePath } from '../../../connectors/file/support.js'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

const STRINGS: SimpleVersionedSerializer<string> = {
  getVersion: () => 1,
  serialize: (s) => encoder.encode(s),
  deserialize: (_v, b) => decoder.decode(b),
}

const NUMBERS: SimpleVersionedSerializer<number> = {
  getVersion: () => 1,
  serialize: (n) => encoder.encode(String(n)),
  deserialize: (_v, b) => Number(decoder.decode(b)),
}

/** Each committable is the records since the last one, joined with commas. */
class BatchWriter
  implements CommittingSinkWriter<string, string>, StatefulSinkWriter<string, number>
{
  private batch: string[] = []
  private count: number

  constructor(count: number) {
    this.count = count
  }
  write(element: string): void {
    this.batch.push(element)
    this.count++
  }
  flush(): void {}
  prepareCommit(): string[] {
    if (this.batch.length === 0) return []
    const committable = this.batch.join(',')
    this.batch = []
    return [committable]
  }
  /** How many records the writer (and the writers it was restored from) saw. */
  snapshotState(): number[] {
    return [this.count]
  }
  close(): void {}
}

/** Commits into a list; committables named in `retryOnce` are retried once, in `fail` fail. */
class ListCommittingSink
  implements Sink<string>, SupportsCommitter<string>, SupportsWriterState<string, number>
{
  readonly committed: string[] = []
  readonly restoredStates: number[][] = []
  readonly retryOnce = new Set<string>()
  readonly fail = new Set<string>()

  createWriter(): BatchWriter {
    return new BatchWriter(0)
  }
  restoreWriter(_context: unknown, recoveredState: readonly number[]): BatchWriter {
    this.restoredStates.push([...recoveredState])
    return new BatchWriter(recoveredState.reduce((a, b) => a + b, 0))
  }
  getWriterStateSerializer(): SimpleVersionedSerializer<number> {
    return NUMBERS
  }
  createCommitter(): Committer<string> {
    return {
      commit: (requests: readonly CommitRequest<string>[]) => {
        for (const r of requests) {
          const c = r.getCommittable()
          if (this.fail.has(c)) r.signalFailedWithUnknownReason(new Error(`cannot commit ${c}`))
          else if (this.retryOnce.has(c) && r.getNumberOfRetries() === 0) r.retryLater()
          else this.committed.push(`${c}${r.getNumberOfRetries() > 0 ? ' (retried)' : ''}`)
        }
      },
      close: () => {},
    }
  }
  getCommittableSerializer(): SimpleVersionedSerializer<string> {
    return STRINGS
  }
}

function harness(
  sink: Sink<string>,
  options: { isCheckpointingEnabled?: boolean; parallelism?: number; subtaskIndex?: number } = {},
): OneInputStreamOperatorTestHarness {
  return new OneInputStreamOperatorTestHarness(new SinkWriterOperator(sink), {
    isCheckpointingEnabled: options.isCheckpointingEnabled ?? true,
    parallelism: options.parallelism ?? 1,
    subtaskIndex: options.subtaskIndex ?? 0,
  })
}

describe('SinkWriterOperator', () => {
  it('commits what a checkpoint prepared once that checkpoint completes', () => {
    const sink = new ListCommittingSink()
    const h = harness(sink)
    h.open()
    h.processElement('a')
    h.processElement('b')
    h.snapshot(1)
    h.processElement('c')
    h.snapshot(2)
    assert.deepStrictEqual(sink.committed, [])
    h.notifyOfCompletedCheckpoint(1)
    assert.deepStrictEqual(sink.committed, ['a,b'])
    h.notifyOfCompletedCheckpoint(2)
    assert.deepStrictEqual(sink.committed, ['a,b', 'c'])
    h.close()
  })

  it('commits the committables of earlier checkpoints when a later one completes', () => {
    const sink = new ListCommittingSink()
    const h = harness(sink)
    h.open()
    h.processElement('a')
    h.snapshot(1)
    h.processElement('b')
    h.snapshot(2)
    h.processElement('c')
    h.snapshot(3)
    h.notifyOfCompletedCheckpoint(2)
    assert.deepStrictEqual(sink.committed, ['a', 'b'])
    h.close()
  })

  it('retries a committable the committer asks to retry when the next checkpoint completes', () => {
    const sink = new ListCommittingSink()
    sink.retryOnce.add('a')
    const h = harness(sink)
    h.open()
    h.processElement('a')
    h.snapshot(1)
    h.notifyOfCompletedCheckpoint(1)
    assert.deepStrictEqual(sink.committed, [])
    h.processElement('b')
    h.snapshot(2)
    h.notifyOfCompletedCheckpoint(2)
    assert.deepStrictEqual(sink.committed, ['a (retried)', 'b'])
    h.close()
  })

  it('fails when the committer signals an unknown failure', () => {
    const sink = new ListCommittingSink()
    sink.fail.add('a')
    const h = harness(sink)
    h.open()
    h.processElement('a')
    h.snapshot(1)
    assert.throws(() => h.notifyOfCompletedCheckpoint(1), {
      code: 'sink.commit-failed',
      message: "Committing a sink's committable failed: cannot commit a",
    })
    h.close()
  })

  it('commits restored committables at once and restores the writer from its state', () => {
    const sink = new ListCommittingSink()
    const first = harness(sink)
    first.open()
    first.processElement('a')
    first.snapshot(1)
    first.processElement('b')
    const state = first.snapshot(2)
    first.close()
    // Neither checkpoint's completion reached the operator; the job restores checkpoint 2.
    const second = harness(sink)
    second.initializeState(state)
    second.open()
    assert.deepStrictEqual(sink.committed, ['a', 'b'])
    assert.deepStrictEqual(sink.restoredStates, [[2]])
    second.processElement('c')
    second.snapshot(3)
    second.notifyOfCompletedCheckpoint(3)
    assert.deepStrictEqual(sink.committed, ['a', 'b', 'c'])
    second.close()
  })

  it('splits committables and writer states among the subtasks of a rescaled restore', () => {
    const sink = new ListCommittingSink()
    const old: OperatorSubtaskState[] = [0, 1].map((subtask) => {
      const h = harness(sink, { parallelism: 2, subtaskIndex: subtask })
      h.open()
      for (let i = 0; i < 3; i++) {
        h.processElement(`s${subtask}-${i}`)
        h.snapshot(i + 1)
      }
      const state = h.snapshot(4)
      h.close()
      return state
    })
    const committedBy: string[][] = [0, 1, 2].map((subtask) => {
      const before = sink.committed.length
      const h = harness(sink, { parallelism: 3, subtaskIndex: subtask })
      h.initializeState(old)
      h.open()
      h.close()
      return sink.committed.slice(before)
    })
    assert.deepStrictEqual(committedBy, [
      ['s0-0', 's0-1'],
      ['s0-2', 's1-0'],
      ['s1-1', 's1-2'],
    ])
    assert.deepStrictEqual(sink.restoredStates, [[3], [3], []])
  })

  it('commits what the end of input prepared at once when the job does not checkpoint', () => {
    const sink = new ListCommittingSink()
    const h = harness(sink, { isCheckpointingEnabled: false })
    h.open()
    h.processElement('a')
    h.processElement('b')
    h.endInput()
    assert.deepStrictEqual(sink.committed, ['a,b'])
    assert.equal((h.operator as SinkWriterOperator).finalCommittables(), undefined)
    h.close()
  })

  it('leaves what is not committed at the end of input to the job end when the job checkpoints', () => {
    const sink = new ListCommittingSink()
    const h = harness(sink)
    h.open()
    h.processElement('a')
    h.snapshot(1)
    h.processElement('b')
    h.endInput()
    h.close()
    assert.deepStrictEqual(sink.committed, [])
    const final = (h.operator as SinkWriterOperator).finalCommittables()
    assert.deepStrictEqual(
      final?.committables.map((b) => STRINGS.deserialize(final.version, b)),
      ['a', 'b'],
    )
    commitFinal(sink as Sink<unknown>, final!, '00000000000000000000000000000000')
    assert.deepStrictEqual(sink.committed, ['a', 'b'])
  })

  it('counts commits in its operator metrics', () => {
    const sink = new ListCommittingSink()
    sink.retryOnce.add('a')
    const h = harness(sink)
    h.open()
    h.processElement('a')
    h.snapshot(1)
    h.notifyOfCompletedCheckpoint(1)
    h.notifyOfCompletedCheckpoint(2)
    assert.deepStrictEqual(h.operator.operatorMetrics(), {
      numCommittablesTotal: 2,
      numCommittablesSuccess: 1,
      numCommittablesAlreadyCommitted: 0,
      numCommittablesRetry: 1,
      numCommittablesFailure: 0,
    })
    h.close()
  })
})

describe('SinkWriterOperator with a FileSink', () => {
  let base: { path: string; remove: () => void }
  beforeEach(() => (base = tempBasePath()))
  afterEach(() => base.remove())

  it('makes part files visible when their checkpoint completes', () => {
    const sink = FileSink.forRowFormat(base.path, new SimpleStringEncoder<string>())
      .withBucketAssigner(new BasePathBucketAssigner())
      .build()
    const h = harness(sink as Sink<string>)
    h.open()
    h.processElement('a')
    h.processElement('b')
    const state = h.snapshot(1)
    h.processElement('c')
    h.snapshot(2)
    assert.deepStrictEqual(readFinishedLines(base.path), [])
    h.notifyOfCompletedCheckpoint(1)
    assert.deepStrictEqual(readFinishedLines(base.path), ['a', 'b'])
    h.close()
    // A restore of checkpoint 1 commits its part file again: nothing changes.
    const restored = harness(sink as Sink<string>)
    restored.initializeState(state)
    restored.open()
    restored.close()
    assert.deepStrictEqual(readFinishedLines(base.path), ['a', 'b'])
  })
})
