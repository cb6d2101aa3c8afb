// Drives one operator without a cluster: feed records, watermarks and processing time, then read
// what it emitted. Time is manual; nothing runs unless the test calls it.
// Flink: org.apache.flink.streaming.util.{OneInputStreamOperatorTestHarness, KeyedOneInputStreamOperatorTestHarness}.
import { computeKeyGroupRangeForOperatorIndex } from '../core/keys/key-group-range-assignment.js'
import type { OutputTag } from '../api/output-tag.js'
import { NO_TIMESTAMP, StreamRecord } from '../runtime/common/stream-element.js'
import type { OperatorSubtaskState } from '../runtime/common/checkpoint-state.js'
import { DefaultOperatorStateBackend } from '../runtime/state/default-operator-state-backend.js'
import { HeapKeyedStateBackend } from '../runtime/state/heap/heap-keyed-state-backend.js'
import type { KeyedStateBackend } from '../runtime/state/keyed-state-backend.js'
import type { AbstractStreamOperator } from '../runtime/task/operators/abstract-stream-operator.js'
import type { OneInputStreamOperator } from '../runtime/task/operators/stream-operator.js'
import { ManualProcessingTimeService } from '../runtime/task/processing-time-service.js'
import { SubtaskInfo } from '../runtime/task/streaming-runtime-context.js'
import { CollectingOutput, type EmittedElement, type EmittedRecord } from './collecting-output.js'

export type HarnessOperator = AbstractStreamOperator & OneInputStreamOperator

export interface HarnessOptions {
  readonly maxParallelism?: number
  readonly parallelism?: number
  readonly subtaskIndex?: number
  /** As if execution.checkpointing.interval were set (default false). */
  readonly isCheckpointingEnabled?: boolean
}

/**
 * @public
 * @example
 * const h = new OneInputStreamOperatorTestHarness(new ProcessOperator(new Splitter()))
 * h.open()
 * h.processElement('a', 10)
 * assert.deepStrictEqual(h.extractOutput(), [record('A', 10)])
 */
export class OneInputStreamOperatorTestHarness {
  readonly operator: HarnessOperator
  protected readonly output = new CollectingOutput()
  protected readonly timeService = new ManualProcessingTimeService()
  protected readonly keyedBackend: KeyedStateBackend | undefined
  private readonly input = new StreamRecord<unknown>(undefined)
  private isOpen = false

  constructor(
    operator: HarnessOperator,
    options: HarnessOptions = {},
    keySelector?: (value: never) => unknown,
  ) {
    this.operator = operator
    const maxParallelism = options.maxParallelism ?? 128
    const parallelism = options.parallelism ?? 1
    const subtaskIndex = options.subtaskIndex ?? 0
    this.keyedBackend =
      keySelector === undefined
        ? undefined
        : new HeapKeyedStateBackend(
            computeKeyGroupRangeForOperatorIndex(maxParallelism, parallelism, subtaskIndex),
            maxParallelism,
          )
    operator.setup({
      output: this.output,
      taskInfo: new SubtaskInfo('Test Operator', subtaskIndex, parallelism, maxParallelism),
      jobId: '00000000000000000000000000000000',
      keyedStateBackend: this.keyedBackend,
      keySelectors: [keySelector as ((value: unknown) => unknown) | undefined],
      operatorStateBackend: new DefaultOperatorStateBackend(),
      processingTimeService: this.timeService,
      isCheckpointingEnabled: options.isCheckpointingEnabled ?? false,
    })
  }

  /**
   * Restores state before `open`: one snapshot, or the snapshots of every old subtask (each
   * index the old subtask's), redistributed to this subtask as a restore after rescaling would.
   */
  initializeState(state: OperatorSubtaskState | readonly OperatorSubtaskState[]): void {
    if (this.isOpen) throw new Error('Call initializeState() before open()')
    const states: readonly OperatorSubtaskState[] = Array.isArray(state)
      ? state
      : [state as OperatorSubtaskState]
    this.operator.initializeState({
      keyedState: states.flatMap((s) => (s.keyedState === undefined ? [] : [s.keyedState])),
      timers: states.flatMap((s) => (s.timers === undefined ? [] : [s.timers])),
      operatorState: states.map((s) => s.operatorState ?? null),
      sourceSplits: [],
    })
  }

  /**
   * The operator's state for checkpoint `checkpointId` (triggered at `timestamp`, epoch ms), as a
   * task would take it at the barrier.
   */
  snapshot(checkpointId: number, timestamp = Date.now()): OperatorSubtaskState {
    this.ensureOpen()
    return this.operator.snapshotState(checkpointId, timestamp)
  }

  /** Checkpoint `checkpointId` completed (every task acknowledged it). */
  notifyOfCompletedCheckpoint(checkpointId: number): void {
    this.ensureOpen()
    this.operator.notifyCheckpointComplete(checkpointId)
  }

  /** Checkpoint `checkpointId` was aborted (declined, expired or subsumed). */
  notifyOfAbortedCheckpoint(checkpointId: number): void {
    this.ensureOpen()
    this.operator.notifyCheckpointAborted(checkpointId)
  }

  open(): void {
    this.operator.open()
    this.isOpen = true
  }

  /** Feeds a record; `timestamp` omitted means a record without a timestamp. */
  processElement(value: unknown, timestamp?: number): void {
    this.ensureOpen()
    this.input.value = value
    this.input.timestamp = timestamp ?? NO_TIMESTAMP
    this.operator.processElement(this.input)
  }

  processWatermark(time: number): void {
    this.ensureOpen()
    this.operator.processWatermark(time)
  }

  /** Advances processing time, firing the processing-time timers that are due. */
  setProcessingTime(time: number): void {
    this.ensureOpen()
    this.timeService.setCurrentTime(time)
  }

  getProcessingTime(): number {
    return this.timeService.getCurrentProcessingTime()
  }

  /** Everything emitted on the main output so far (records and watermarks), in order. */
  extractOutput(): EmittedElement[] {
    return this.output.elements.slice()
  }

  /** The records emitted so far, without watermarks. */
  extractOutputValues(): unknown[] {
    return this.output.elements.flatMap((e) => ('value' in e ? [e.value] : []))
  }

  getSideOutput<X>(tag: OutputTag<X>): EmittedRecord<X>[] {
    return (this.output.sideOutputs.get(tag.id) ?? []).slice() as EmittedRecord<X>[]
  }

  /** Forgets what was emitted so far. */
  clearOutput(): void {
    this.output.elements.length = 0
    this.output.sideOutputs.clear()
  }

  /** End of input, then close (as a task does). */
  endInput(): void {
    this.operator.finish()
  }

  close(): void {
    this.operator.close()
    this.keyedBackend?.dispose()
    this.isOpen = false
  }

  private ensureOpen(): void {
    if (!this.isOpen) throw new Error('Call open() on the test harness first')
  }
}

/**
 * @public A harness for keyed operators: records are keyed with `keySelector`, so keyed state and
 * timers work as on a keyed stream.
 * @example
 * const h = new KeyedOneInputStreamOperatorTestHarness(new KeyedProcessOperator(new EmitOnTimer()), (c: Click) => c.user)
 */
export class KeyedOneInputStreamOperatorTestHarness<
  T,
  K,
> extends OneInputStreamOperatorTestHarness {
  constructor(
    operator: HarnessOperator,
    keySelector: (value: T) => K,
    options: HarnessOptions = {},
  ) {
    super(operator, options, keySelector as (value: never) => unknown)
  }

  /** Keyed state entries held, over all states, keys and namespaces. */
  numKeyedStateEntries(): number {
    return this.keyedBackend!.numKeyValueStateEntries()
  }
}
