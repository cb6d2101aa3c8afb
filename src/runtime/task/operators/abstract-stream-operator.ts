// Base of the operator classes: holds the setup parameters, sets the key context per record,
// tracks the (combined) watermark and owns the operator's timer service.
// Flink: org.apache.flink.streaming.api.operators.{AbstractStreamOperator, AbstractUdfStreamOperator}.
import { operatorStateShare, type RestoredOperatorState } from '../../checkpoint/job-restore.js'
import { HeapKeyedStateBackend } from '../../state/heap/heap-keyed-state-backend.js'
import { DefaultOperatorStateBackend } from '../../state/default-operator-state-backend.js'
import { restoreKeyedState } from '../../state/snapshot/keyed-state-restore.js'
import { restoreOperatorState } from '../../state/snapshot/operator-state-redistribution.js'
import { readTimers } from '../timers/timer-snapshot.js'
import { InvalidProgramError } from '../../../core/errors.js'
import type { KeyExtractor } from '../../../api/dag/transformation.js'
import type { TaskInfo } from '../../../api/functions/runtime-context.js'
import { isRichFunction } from '../../../api/functions/rich-function.js'
import {
  hasAbortListener,
  type FunctionInitializationContext,
  type OperatorStateStore,
  isCheckpointListener,
  isCheckpointedFunction,
} from '../../../api/state/checkpointed-function.js'
import { MIN_WATERMARK, StreamRecord } from '../../common/stream-element.js'
import type { KeyedStateBackend } from '../../state/keyed-state-backend.js'
import type { OperatorStateBackend } from '../../state/operator-state-backend.js'
import { StreamingRuntimeContext } from '../streaming-runtime-context.js'
import type { ProcessingTimeService } from '../processing-time-service.js'
import { InternalTimerService, type Triggerable } from '../timers/internal-timer-service.js'
import { UserTimerService } from '../timers/user-timer-service.js'
import { TimerSnapshotWriter } from '../timers/timer-snapshot.js'
import type { OutputTag } from '../../../api/output-tag.js'
import type { OperatorSubtaskState } from '../../common/checkpoint-state.js'
import { snapshotBackends } from '../checkpointing/snapshot-backends.js'
import type { Output, StreamOperator } from './stream-operator.js'
import type { StreamOperatorParameters } from './stream-operator-parameters.js'

const NO_METRICS: Readonly<Record<string, number>> = Object.freeze({})

export abstract class AbstractStreamOperator implements StreamOperator {
  protected chainOutput!: Output
  protected taskInfo!: TaskInfo
  protected runtimeContext!: StreamingRuntimeContext
  protected keyedStateBackend: KeyedStateBackend | undefined
  protected operatorStateBackend!: OperatorStateBackend
  protected processingTimeService!: ProcessingTimeService
  private keySelector1: KeyExtractor | undefined
  private keySelector2: KeyExtractor | undefined
  private internalTimerService: InternalTimerService<unknown> | undefined
  protected operatorWatermark = MIN_WATERMARK
  private input1Watermark = MIN_WATERMARK
  private input2Watermark = MIN_WATERMARK
  /** The record emitted by collectors; reused for every output record. */
  protected readonly outRecord = new StreamRecord<unknown>(undefined)
  /**
   * Set for a chain's head whose input is hash-partitioned by its own key selector: the key group
   * network records carry is then the one the backend would compute (see StreamRecord.keyGroup).
   */
  trustsInputKeyGroup = false

  setup(params: StreamOperatorParameters): void {
    this.chainOutput = params.output
    this.taskInfo = params.taskInfo
    this.keyedStateBackend = params.keyedStateBackend
    this.operatorStateBackend = params.operatorStateBackend
    this.processingTimeService = params.processingTimeService
    this.keySelector1 = params.keySelectors[0]
    this.keySelector2 = params.keySelectors[1]
    this.runtimeContext = new StreamingRuntimeContext(
      params.taskInfo,
      params.jobId,
      params.keyedStateBackend,
    )
  }

  open(): void {}
  finish(): void {}
  close(): void {}

  /**
   * Restores what a savepoint or checkpoint holds for this subtask, before `open`: keyed and
   * operator state at once, timers once the operator creates its timer service.
   * Flink: AbstractStreamOperator#initializeState.
   */
  initializeState(restored: RestoredOperatorState): void {
    const keyed = this.keyedStateBackend
    if (restored.keyedState.length > 0 && keyed instanceof HeapKeyedStateBackend) {
      restoreKeyedState(keyed, restored.keyedState)
    }
    const operator = this.operatorStateBackend
    const share = operatorStateShare(
      restored,
      this.taskInfo.getNumberOfParallelSubtasks(),
      this.taskInfo.getIndexOfThisSubtask(),
    )
    if (share.length > 0 && operator instanceof DefaultOperatorStateBackend) {
      restoreOperatorState(operator, share)
    }
    this.restoredTimers = restored.timers
  }

  /** Timer snapshots waiting for the timer service to be created. */
  private restoredTimers: readonly Uint8Array[] = []

  /**
   * The operator's state for checkpoint `checkpointId` (triggered at `_timestamp`, epoch ms), taken
   * on the task thread between records. Flink: AbstractStreamOperator#snapshotState.
   */
  snapshotState(_checkpointId: number, _timestamp?: number): OperatorSubtaskState {
    return snapshotBackends(
      this.keyedStateBackend,
      this.operatorStateBackend,
      this.internalTimerService,
    )
  }

  /**
   * Writes this operator's timers for a snapshot of its keyed backend taken asynchronously (see
   * AsyncKeyedStateSnapshot); undefined when it has no timer service.
   */
  timerSnapshotWriter(): TimerSnapshotWriter<unknown> | undefined {
    const timers = this.internalTimerService
    const keyed = this.keyedStateBackend
    if (timers === undefined || keyed === undefined) return undefined
    return new TimerSnapshotWriter(timers, keyed.keyGroupRange)
  }

  /** Every task acknowledged checkpoint `checkpointId`: what it made durable may be published. */
  notifyCheckpointComplete(_checkpointId: number): void {}

  /** Checkpoint `checkpointId` was given up (declined, expired or subsumed). */
  notifyCheckpointAborted(_checkpointId: number): void {}

  /**
   * The operator's own counters by metric name (Flink's operator-scoped metrics, such as a window
   * operator's numLateRecordsDropped); sampled with the task's I/O metrics.
   */
  operatorMetrics(): Readonly<Record<string, number>> {
    return NO_METRICS
  }

  setKeyContextElement1(record: StreamRecord): void {
    if (this.keySelector1 === undefined) return
    const key = this.keySelector1(record.value)
    if (record.keyGroup >= 0 && this.trustsInputKeyGroup) {
      this.keyedStateBackend!.setCurrentKeyInKeyGroup(key, record.keyGroup)
    } else {
      this.keyedStateBackend!.setCurrentKey(key)
    }
  }

  setKeyContextElement2(record: StreamRecord): void {
    if (this.keySelector2 !== undefined)
      this.keyedStateBackend!.setCurrentKey(this.keySelector2(record.value))
  }

  getCurrentKey(): unknown {
    return this.keyedStateBackend?.getCurrentKey()
  }

  /** The operator's timer service; only keyed operators have one. */
  protected getInternalTimerService<N>(triggerable: Triggerable<N>): InternalTimerService<N> {
    if (this.keyedStateBackend === undefined) {
      throw new InvalidProgramError('Setting timers is only supported on a keyed streams.')
    }
    if (this.internalTimerService === undefined) {
      const service = new InternalTimerService<unknown>(
        this.keyedStateBackend,
        this.processingTimeService,
        triggerable as Triggerable<unknown>,
      )
      this.internalTimerService = service
      this.restoreTimers(service, this.keyedStateBackend)
    }
    return this.internalTimerService as InternalTimerService<N>
  }

  private restoreTimers(service: InternalTimerService<unknown>, keyed: KeyedStateBackend): void {
    for (const snapshot of this.restoredTimers) {
      for (const timer of readTimers(snapshot, keyed.keyGroupRange)) {
        keyed.setCurrentKey(timer.key)
        if (timer.domain === 'EVENT_TIME')
          service.registerEventTimeTimer(timer.namespace, timer.timestamp)
        else service.registerProcessingTimeTimer(timer.namespace, timer.timestamp)
      }
    }
    this.restoredTimers = []
  }

  /**
   * The TimerService user functions get: with `triggerable`, the keyed timers firing it (the
   * operator must be keyed); without, time only.
   */
  protected createUserTimerService(
    triggerable: Triggerable<unknown> | undefined,
  ): UserTimerService {
    const timers = triggerable === undefined ? undefined : this.getInternalTimerService(triggerable)
    return new UserTimerService(timers, this.processingTimeService, () => this.operatorWatermark)
  }

  /** Emits `value` to the side output `tag` with `timestamp` (NaN: none). */
  protected emitSide(tag: OutputTag<unknown>, value: unknown, timestamp: number): void {
    this.outRecord.value = value
    this.outRecord.timestamp = timestamp
    this.chainOutput.collectSide(tag, this.outRecord)
  }

  processWatermark(watermark: number): void {
    this.operatorWatermark = watermark
    this.internalTimerService?.advanceWatermark(watermark)
    this.chainOutput.emitWatermark(watermark)
  }

  /** WatermarkStatus of the (only) input: passed on, so idleness reaches the next task. */
  processWatermarkStatus(idle: boolean): void {
    this.chainOutput.emitWatermarkStatus(idle)
  }

  processWatermark1(watermark: number): void {
    this.input1Watermark = watermark
    this.combineWatermarks()
  }

  processWatermark2(watermark: number): void {
    this.input2Watermark = watermark
    this.combineWatermarks()
  }

  processWatermarkStatus1(idle: boolean): void {
    this.setInputIdle(idle, this.input2Idle)
  }

  processWatermarkStatus2(idle: boolean): void {
    this.setInputIdle(this.input1Idle, idle)
  }

  private input1Idle = false
  private input2Idle = false

  /** The operator is idle when both inputs are; an idle input does not hold time back. */
  private setInputIdle(idle1: boolean, idle2: boolean): void {
    const wasIdle = this.input1Idle && this.input2Idle
    this.input1Idle = idle1
    this.input2Idle = idle2
    const isIdle = idle1 && idle2
    if (isIdle !== wasIdle) this.chainOutput.emitWatermarkStatus(isIdle)
    this.combineWatermarks()
  }

  private combineWatermarks(): void {
    if (this.input1Idle && this.input2Idle) return
    const combined = this.input1Idle
      ? this.input2Watermark
      : this.input2Idle
        ? this.input1Watermark
        : Math.min(this.input1Watermark, this.input2Watermark)
    if (combined > this.operatorWatermark) this.processWatermark(combined)
  }
}

/**
 * An operator around one user function, which it opens and closes, and which takes part in
 * checkpoints if it is a CheckpointedFunction or a CheckpointListener.
 * Flink: AbstractUdfStreamOperator and StreamingFunctionUtils.
 */
export abstract class AbstractUdfStreamOperator<F> extends AbstractStreamOperator {
  readonly userFunction: F
  private isRestored = false

  constructor(userFunction: F) {
    super()
    this.userFunction = userFunction
  }

  override initializeState(restored: RestoredOperatorState): void {
    super.initializeState(restored)
    this.isRestored = true
  }

  override open(): void {
    const fn = this.userFunction
    if (isRichFunction(fn)) fn.setRuntimeContext(this.runtimeContext)
    // As Flink: the function's state is initialized before it is opened.
    if (isCheckpointedFunction(fn)) fn.initializeState(this.functionInitializationContext())
    if (isRichFunction(fn)) fn.open({})
  }

  override close(): void {
    if (isRichFunction(this.userFunction)) this.userFunction.close()
  }

  override snapshotState(checkpointId: number, timestamp = Date.now()): OperatorSubtaskState {
    const fn = this.userFunction
    // First, so that what the function writes into its states is in this snapshot.
    if (isCheckpointedFunction(fn)) {
      fn.snapshotState({
        getCheckpointId: () => checkpointId,
        getCheckpointTimestamp: () => timestamp,
      })
    }
    return super.snapshotState(checkpointId, timestamp)
  }

  override notifyCheckpointComplete(checkpointId: number): void {
    const fn = this.userFunction
    if (isCheckpointListener(fn)) fn.notifyCheckpointComplete(checkpointId)
  }

  override notifyCheckpointAborted(checkpointId: number): void {
    const fn = this.userFunction
    if (hasAbortListener(fn)) fn.notifyCheckpointAborted(checkpointId)
  }

  private functionInitializationContext(): FunctionInitializationContext {
    const backend = this.operatorStateBackend
    // The backend without dispose(), which is the task's to call.
    const operatorStateStore: OperatorStateStore = {
      getListState: (descriptor) => backend.getListState(descriptor),
      getUnionListState: (descriptor) => backend.getUnionListState(descriptor),
      getBroadcastState: (descriptor) => backend.getBroadcastState(descriptor),
      getRegisteredStateNames: () => backend.getRegisteredStateNames(),
      getRegisteredBroadcastStateNames: () => backend.getRegisteredBroadcastStateNames(),
    }
    const keyedStateStore = this.keyedStateBackend === undefined ? undefined : this.runtimeContext
    return {
      isRestored: () => this.isRestored,
      getOperatorStateStore: () => operatorStateStore,
      getKeyedStateStore: () => keyedStateStore,
    }
  }
}
