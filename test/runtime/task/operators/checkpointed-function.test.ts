// User functions in checkpoints (Flink's CheckpointedFunction and CheckpointListener), through the
// operator test harness: a function's operator state is initialized before open, written at the
// barrier after the function's snapshotState, restored (and redistributed when the parallelism
// changes), and the function hears of completed and aborted checkpoints; a window function
// takes part as any other operator's function (Flink unwraps the window operator's wrapper).
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  KeyedProcessFunction,
  ListStateDescriptor,
  ProcessWindowFunction,
  RichMapFunction,
  TumblingEventTimeWindows,
  Types,
  type ProcessWindowFunctionContext,
  type TimeWindow,
  type CheckpointListener,
  type CheckpointedFunction,
  type Collector,
  type FunctionInitializationContext,
  type FunctionSnapshotContext,
  type ListState,
} from '../../../../src/index.js'
import {
  KeyedOneInputStreamOperatorTestHarness,
  KeyedProcessOperator,
  OneInputStreamOperatorTestHarness,
  StreamMap,
} from '../../../../src/testing/index.js'
import type { OperatorSubtaskState } from '../../../../src/runtime/common/checkpoint-state.js'
import { windowHarness } from '../../windowing/support.js'

const BUFFERED = new ListStateDescriptor('buffered', Types.STRING)
const SEEN = new ListStateDescriptor('seen', Types.STRING)

/**
 * Keeps every value it maps since the last completed checkpoint, as Flink's BufferingSink example
 * does: in `buffered` (split evenly on rescaling); `seen` (a union list) holds all values ever.
 */
class BufferingMap
  extends RichMapFunction<string, string>
  implements CheckpointedFunction, CheckpointListener
{
  readonly events: string[] = []
  buffer: string[] = []
  private buffered!: ListState<string>
  private seen!: ListState<string>
  private opened = false

  map(value: string): string {
    this.buffer.push(value)
    this.seen.add(value)
    return value.toUpperCase()
  }

  initializeState(context: FunctionInitializationContext): void {
    this.events.push(
      `initializeState restored=${String(context.isRestored())} opened=${String(this.opened)}` +
        ` keyed=${String(context.getKeyedStateStore() !== undefined)}`,
    )
    const store = context.getOperatorStateStore()
    this.buffered = store.getListState(BUFFERED)
    this.seen = store.getUnionListState(SEEN)
    this.buffer = [...this.buffered.get()]
  }

  override open(): void {
    this.opened = true
  }

  snapshotState(context: FunctionSnapshotContext): void {
    this.events.push(
      `snapshotState ${context.getCheckpointId()} at ${context.getCheckpointTimestamp()}`,
    )
    this.buffered.update(this.buffer)
  }

  notifyCheckpointComplete(checkpointId: number): void {
    this.events.push(`complete ${checkpointId}`)
    this.buffer = []
  }

  notifyCheckpointAborted(checkpointId: number): void {
    this.events.push(`aborted ${checkpointId}`)
  }

  seenValues(): string[] {
    return [...this.seen.get()]
  }
}

function harnessOf(
  fn: BufferingMap,
  subtaskIndex = 0,
  parallelism = 1,
): OneInputStreamOperatorTestHarness {
  return new OneInputStreamOperatorTestHarness(new StreamMap(fn), { subtaskIndex, parallelism })
}

/** A snapshot of one subtask (of `parallelism`) that mapped `values`. */
function snapshotAfter(
  values: string[],
  subtaskIndex: number,
  parallelism: number,
): OperatorSubtaskState {
  const harness = harnessOf(new BufferingMap(), subtaskIndex, parallelism)
  harness.open()
  for (const v of values) harness.processElement(v)
  return harness.snapshot(1)
}

describe('CheckpointedFunction and CheckpointListener', () => {
  it('initializes the state before open, snapshots it at the barrier and hears of checkpoints', () => {
    const fn = new BufferingMap()
    const harness = harnessOf(fn)
    harness.open()
    harness.processElement('a')
    harness.processElement('b')
    harness.snapshot(1, 1_700_000_000_000)
    harness.notifyOfAbortedCheckpoint(1)
    harness.processElement('c')
    harness.snapshot(2, 1_700_000_001_000)
    harness.notifyOfCompletedCheckpoint(2)
    assert.deepEqual(harness.extractOutputValues(), ['A', 'B', 'C'])
    assert.deepEqual(fn.events, [
      'initializeState restored=false opened=false keyed=false',
      'snapshotState 1 at 1700000000000',
      'aborted 1',
      'snapshotState 2 at 1700000001000',
      'complete 2',
    ])
    assert.deepEqual(fn.buffer, [])
  })

  it('restores what the function wrote into its state at the barrier', () => {
    const first = new BufferingMap()
    const before = harnessOf(first)
    before.open()
    before.processElement('a')
    before.processElement('b')
    const snapshot = before.snapshot(7)
    // After the barrier: in the next checkpoint, not in this one.
    before.processElement('c')

    const restored = new BufferingMap()
    const after = harnessOf(restored)
    after.initializeState(snapshot)
    after.open()
    assert.deepEqual(restored.events, ['initializeState restored=true opened=false keyed=false'])
    assert.deepEqual(restored.buffer, ['a', 'b'])
    assert.deepEqual(restored.seenValues(), ['a', 'b'])
  })

  it('splits list state evenly and gives union list state whole when the parallelism changes', () => {
    const snapshots = [snapshotAfter(['a', 'b', 'c'], 0, 2), snapshotAfter(['d'], 1, 2)]
    const restored = [0, 1, 2].map((subtask) => {
      const fn = new BufferingMap()
      const harness = harnessOf(fn, subtask, 3)
      harness.initializeState(snapshots)
      harness.open()
      return fn
    })
    // Four elements over three subtasks: 2, 1, 1, in order.
    assert.deepEqual(
      restored.map((fn) => fn.buffer),
      [['a', 'b'], ['c'], ['d']],
    )
    for (const fn of restored) assert.deepEqual(fn.seenValues(), ['a', 'b', 'c', 'd'])
  })

  it('gives a keyed function its keyed state store', () => {
    const events: string[] = []
    class CountPerKey
      extends KeyedProcessFunction<string, string, string>
      implements CheckpointedFunction
    {
      processElement(value: string, _ctx: unknown, out: Collector<string>): void {
        out.collect(value)
      }
      initializeState(context: FunctionInitializationContext): void {
        events.push(`keyed=${String(context.getKeyedStateStore() !== undefined)}`)
      }
      snapshotState(context: FunctionSnapshotContext): void {
        events.push(`snapshotState ${context.getCheckpointId()}`)
      }
    }
    const harness = new KeyedOneInputStreamOperatorTestHarness(
      new KeyedProcessOperator(new CountPerKey()),
      (v: string) => v,
    )
    harness.open()
    harness.processElement('x', 1)
    harness.snapshot(3)
    assert.deepEqual(events, ['keyed=true', 'snapshotState 3'])
  })

  it('gives a window function its state and checkpoints, and restores it', () => {
    const FIRED = new ListStateDescriptor('fired', Types.STRING)
    class Fired
      extends ProcessWindowFunction<string, string, string, TimeWindow>
      implements CheckpointedFunction, CheckpointListener
    {
      readonly events: string[] = []
      private fired: string[] = []
      private state!: ListState<string>

      process(
        key: string,
        ctx: ProcessWindowFunctionContext<TimeWindow>,
        elements: Iterable<string>,
        out: Collector<string>,
      ): void {
        this.fired.push(`${key}@${ctx.window().start}`)
        out.collect(`${key} ${[...elements].join(',')} after ${this.fired.join(' ')}`)
      }
      initializeState(context: FunctionInitializationContext): void {
        this.events.push(`initializeState restored=${String(context.isRestored())}`)
        this.state = context.getOperatorStateStore().getListState(FIRED)
        this.fired = [...this.state.get()]
      }
      override open(): void {
        this.events.push('open')
      }
      snapshotState(context: FunctionSnapshotContext): void {
        this.events.push(`snapshotState ${context.getCheckpointId()}`)
        this.state.update(this.fired)
      }
      notifyCheckpointComplete(checkpointId: number): void {
        this.events.push(`complete ${checkpointId}`)
      }
    }
    const first = new Fired()
    const before = windowHarness<string>({
      assigner: TumblingEventTimeWindows.of(10),
      process: first as ProcessWindowFunction<never, never, never, never>,
    })
    before.processElement('a', 1)
    before.processWatermark(9)
    const snapshot = before.snapshot(4)
    before.notifyOfCompletedCheckpoint(4)
    assert.deepEqual(before.extractOutputValues(), ['k a after k@0'])
    assert.deepEqual(first.events, [
      'initializeState restored=false',
      'open',
      'snapshotState 4',
      'complete 4',
    ])

    const second = new Fired()
    const after = windowHarness<string>(
      {
        assigner: TumblingEventTimeWindows.of(10),
        process: second as ProcessWindowFunction<never, never, never, never>,
      },
      undefined,
      snapshot,
    )
    after.processElement('b', 12)
    after.processWatermark(19)
    assert.deepEqual(after.extractOutputValues(), ['k b after k@0 k@10'])
    assert.deepEqual(second.events, ['initializeState restored=true', 'open'])
  })
})
