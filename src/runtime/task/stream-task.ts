// One parallel subtask: runs its operator chain in a mailbox loop (DESIGN.md §4). A slice runs
// priority mails, then input synchronously until the input is empty, an output lacks credit or
// the time budget is spent, then ordinary mails; then it yields to the event loop so the other
// tasks of the process, timers and I/O get their turn. Flink: org.apache.flink.streaming.runtime.tasks.StreamTask.
import {
  alignmentTimerDelay,
  isTimeoutable,
  isUnalignedFromStart,
  type CheckpointBarrier,
} from '../common/checkpoint-barrier.js'
import type {
  CheckpointMetrics,
  CheckpointResponder,
  FinalCommittables,
  InputChannelState,
  ResultSubpartitionState,
} from '../common/checkpoint-state.js'
import { EddyError, UserFunctionError, asError } from '../../core/errors.js'
import type { InputStatus } from '../../api/connector/source/source.js'
import type { ReaderEvent } from '../common/source-events.js'
import type { RecordWriter } from '../network/record-writer.js'
import { TaskMailbox, type Mail } from './mailbox/task-mailbox.js'
import type { ChainSnapshot, OperatorChain } from './operator-chain.js'
import type { StreamInputProcessor } from './input/stream-input-processor.js'
import type { ProcessingTimeService } from './processing-time-service.js'
import { SourceOperator } from './operators/source-operator.js'
import { writeTaskStateFiles } from './checkpointing/task-state-files.js'

/** Flink's ExecutionState values a task goes through. */
export type ExecutionState =
  'CREATED' | 'INITIALIZING' | 'RUNNING' | 'FINISHED' | 'CANCELING' | 'CANCELED' | 'FAILED'

/** How long one slice may process input before yielding, in ms. */
const SLICE_BUDGET_MS = 5
/**
 * How long one slice of an asynchronous snapshot may write before records get their turn: the
 * longest pause a checkpoint adds to the record path, whatever the state size.
 */
const ASYNC_SNAPSHOT_SLICE_MS = 5
/** How many checkpoints aborted ahead of their barriers a task remembers (Flink's bound too). */
const MAX_ABORTED_AHEAD = 128

/**
 * A checkpoint taken at its barrier whose keyed state is still being written, or (unaligned)
 * whose input in flight is still being recorded.
 */
interface AsyncSnapshot {
  readonly checkpointId: number
  /** Where the state files go (the barrier's target location); undefined: inline. */
  readonly targetLocation: string | undefined
  readonly state: ChainSnapshot
  readonly metrics: CheckpointMetrics
  isKeyedStateWritten: boolean
  /** Unaligned: undefined until the input channel state is complete. */
  inputChannelState: InputChannelState | undefined
  readonly awaitsInputChannelState: boolean
  /** Unaligned: the output buffers the barrier overtook. */
  readonly resultSubpartitionState: ResultSubpartitionState | undefined
}

/** Cumulative I/O counters and wait times of a task; rates are derived by whoever samples them. */
export interface TaskIoCounters {
  readonly recordsIn: number
  readonly recordsOut: number
  readonly bytesIn: number
  readonly bytesOut: number
  /** Milliseconds spent waiting for input, and waiting for output credit (backpressure). */
  readonly idleTimeMs: number
  readonly backPressuredTimeMs: number
  /** Event time at the task's input and output (MIN_WATERMARK: none yet). */
  readonly currentInputWatermark: number
  readonly currentOutputWatermark: number
  /** The chain's operator metrics, as `<operator name>.<metric>`. */
  readonly operatorMetrics: Readonly<Record<string, number>>
}

export interface StreamTaskOptions {
  readonly bufferTimeoutMs: number
  readonly processingTimeService: ProcessingTimeService
  /** Where checkpoint acknowledgements go; without one the task takes no checkpoints. */
  readonly checkpointResponder?: CheckpointResponder | undefined
}

export class StreamTask {
  readonly chain: OperatorChain
  readonly mailbox: TaskMailbox
  private readonly input: StreamInputProcessor
  private readonly writers: readonly RecordWriter[]
  private readonly options: StreamTaskOptions
  private state: ExecutionState = 'CREATED'
  private scheduled = false
  private flushTimer: ReturnType<typeof setInterval> | undefined
  private settle!: { resolve: () => void; reject: (e: unknown) => void }
  private idleTimeMs = 0
  private backPressuredTimeMs = 0
  /** When the current wait for input / for credit began; NaN when not waiting. */
  private idleSince = Number.NaN
  private backPressuredSince = Number.NaN
  /** Resolves when the task finishes or is cancelled; rejects when it fails. */
  readonly termination: Promise<void>

  constructor(
    chain: OperatorChain,
    input: (chain: OperatorChain) => StreamInputProcessor,
    options: StreamTaskOptions,
  ) {
    this.chain = chain
    this.input = input(chain)
    this.writers = chain.recordWriters()
    this.options = options
    this.mailbox = new TaskMailbox(() => this.schedule())
    this.input.setBarrierListener({
      onBarriersAligned: (barrier, alignmentMs) =>
        this.performCheckpoint(barrier, alignmentMs, false),
      onUnalignedCheckpoint: (barrier, alignmentMs) =>
        this.performCheckpoint(barrier, alignmentMs, true),
      onInputChannelStateComplete: (state) => this.completeInputChannelState(state),
      onAlignmentAborted: (checkpointId) => {
        if (this.asyncSnapshot?.checkpointId === checkpointId) this.abandonAsyncSnapshot()
        this.options.checkpointResponder?.declineCheckpoint(
          checkpointId,
          `a barrier of a later checkpoint reached ${this.name} first`,
        )
      },
      registerAlignmentTimer: (delayMs, callback) => this.registerTimer(delayMs, callback),
    })
    this.termination = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject }
    })
  }

  getExecutionState(): ExecutionState {
    return this.state
  }

  private finalCommittablesByOperator: Readonly<Record<string, FinalCommittables>> = {}

  /**
   * What the chain's two-phase commit sinks left to commit once every task of the job has
   * finished, by operator id (`operatorIdOf(node)`); empty until the task is FINISHED, and when
   * the job does not checkpoint (sinks then commit at the end of input themselves). Plain data:
   * a TaskExecutor sends it to the JobMaster, which commits it with `commitFinalCommittables`.
   */
  finalCommittables(): Readonly<Record<string, FinalCommittables>> {
    return this.finalCommittablesByOperator
  }

  get name(): string {
    return this.chain.taskInfo.getTaskNameWithSubtasks()
  }

  start(): void {
    this.state = 'INITIALIZING'
    this.mailbox.put(() => {
      this.chain.open()
      this.state = 'RUNNING'
      const timeout = this.options.bufferTimeoutMs
      if (timeout > 0) {
        this.flushTimer = setInterval(() => this.mailbox.put(this.flushWriters), timeout)
      }
    })
  }

  /** Runs `mail` in the task, between slices of input. */
  enqueue(mail: Mail): void {
    if (!this.isTerminal()) this.mailbox.put(mail)
  }

  /** An event from this subtask's source coordinator. */
  deliverReaderEvent(event: ReaderEvent): void {
    this.enqueue(() => {
      const head = this.chain.head.operator
      if (head instanceof SourceOperator) head.handleOperatorEvent(event)
    })
  }

  /**
   * The coordinator starts a checkpoint at this source task. In mail order, not ahead: splits the
   * enumerator assigned before its snapshot are in mails already queued, and must be added to the
   * reader before the reader's snapshot, or neither snapshot would hold them.
   */
  triggerCheckpoint(barrier: CheckpointBarrier): void {
    if (this.isTerminal()) return
    this.mailbox.put(() => {
      if (this.state !== 'RUNNING') {
        this.options.checkpointResponder?.declineCheckpoint(
          barrier.checkpointId,
          `${this.name} is ${this.state}`,
        )
        return
      }
      this.performCheckpoint(barrier, 0, isUnalignedFromStart(barrier))
      if (barrier.isSynchronousSavepoint === true) this.isSuspendedForSavepoint = true
    })
  }

  /** A source stopped at a stop-with-savepoint's barrier: it reads nothing until told. */
  private isSuspendedForSavepoint = false

  /**
   * Ends a source task stopped at a stop-with-savepoint's barrier ('drain': its input ends, so
   * MAX_WATERMARK and end-of-partition follow and the job finishes), or lets it read on.
   */
  endSuspendedSource(action: 'drain' | 'resume'): void {
    this.enqueue(() => {
      if (!this.isSuspendedForSavepoint || this.state !== 'RUNNING') return
      this.isSuspendedForSavepoint = false
      if (action === 'drain') this.endOfInput()
      else this.schedule()
    })
  }

  /** Runs `callback` as a mail after `delayMs`, unless cancelled first. */
  private registerTimer(delayMs: number, callback: () => void): () => void {
    const timer = setTimeout(() => this.enqueue(callback), delayMs)
    return () => clearTimeout(timer)
  }

  /** Every task acknowledged the checkpoint: operators may publish what it made durable. */
  notifyCheckpointComplete(checkpointId: number): void {
    this.enqueue(() => this.chain.notifyCheckpointComplete(checkpointId))
  }

  /**
   * The checkpoint was given up: what is left of its snapshot is not written (nobody would read
   * it, and the next barrier would otherwise first write all of it), and the operators are told.
   * A barrier of it still to come is passed on without a snapshot.
   * Flink: SubtaskCheckpointCoordinatorImpl#notifyCheckpointAborted.
   */
  notifyCheckpointAborted(checkpointId: number): void {
    this.enqueue(() => {
      if (this.asyncSnapshot?.checkpointId === checkpointId) this.abandonAsyncSnapshot()
      else if (checkpointId > this.lastBarrierId) this.rememberAborted(checkpointId)
      this.chain.notifyCheckpointAborted(checkpointId)
    })
  }

  /** The newest checkpoint whose barrier this task has handled. */
  private lastBarrierId = 0
  /** Checkpoints aborted before their barrier reached this task; newer than `lastBarrierId`. */
  private readonly abortedAhead = new Set<number>()

  private rememberAborted(checkpointId: number): void {
    this.abortedAhead.add(checkpointId)
    // Bounded as Flink bounds it: a barrier that never comes must not keep ids forever.
    if (this.abortedAhead.size > MAX_ABORTED_AHEAD) {
      this.abortedAhead.delete(Math.min(...this.abortedAhead))
    }
  }

  /**
   * Whether the barrier's checkpoint was aborted before it came; the barrier also retires every
   * remembered id up to its own (barriers come in checkpoint order).
   */
  private takeAborted(checkpointId: number): boolean {
    this.lastBarrierId = Math.max(this.lastBarrierId, checkpointId)
    const aborted = this.abortedAhead.has(checkpointId)
    for (const id of this.abortedAhead) if (id <= checkpointId) this.abortedAhead.delete(id)
    return aborted
  }

  /**
   * Snapshots the chain, then sends the barrier on: records emitted after this belong to the
   * next checkpoint. Runs on the task thread between records, so the state is consistent.
   * Unaligned, the barrier overtakes the output queues, and the acknowledgement waits for the
   * input channel state besides the keyed state.
   */
  private performCheckpoint(
    barrier: CheckpointBarrier,
    alignmentDurationMs: number,
    unaligned: boolean,
  ): void {
    const responder = this.options.checkpointResponder
    if (responder === undefined || this.takeAborted(barrier.checkpointId)) {
      // Aborted already: the tasks downstream must still see the barrier to align on it.
      this.forwardBarrier(barrier, unaligned)
      return
    }
    // Checkpoints complete in order: what is left of the previous one is written now.
    this.finishAsyncSnapshot()
    const start = performance.now()
    let state
    try {
      state = this.chain.snapshotState(
        barrier.checkpointId,
        barrier.targetLocation,
        barrier.timestamp,
        barrier.sharedStateLocation,
      )
    } catch (e: unknown) {
      // State that cannot be written fails the checkpoint, not the task; the barrier still goes
      // on, so the tasks downstream are not left waiting for it.
      this.forwardBarrier(barrier, unaligned)
      this.declineSnapshot(barrier.checkpointId, e)
      return
    }
    const syncDurationMs = performance.now() - start
    const overtaken = this.forwardBarrier(barrier, unaligned)
    const awaitsInputChannelState =
      unaligned && !(this.chain.head.operator instanceof SourceOperator)
    this.asyncSnapshot = {
      checkpointId: barrier.checkpointId,
      targetLocation: barrier.targetLocation,
      state,
      metrics: { alignmentDurationMs, syncDurationMs, unaligned },
      isKeyedStateWritten: false,
      inputChannelState: undefined,
      awaitsInputChannelState,
      resultSubpartitionState:
        overtaken === undefined
          ? undefined
          : { checkpointId: barrier.checkpointId, outputs: overtaken },
    }
    // Records go first: the keyed state is written in mails behind them.
    if (state.keyed.length === 0) this.finishAsyncSnapshot()
    else this.mailbox.put(this.continueAsyncSnapshot)
  }

  /**
   * Sends the barrier to every output; an aligned one that may time out is turned into a
   * priority barrier where still queued once it does. Unaligned, returns the output buffers it
   * overtook, per writer and channel.
   */
  private forwardBarrier(
    barrier: CheckpointBarrier,
    unaligned: boolean,
  ): Uint8Array[][][] | undefined {
    if (unaligned) return this.writers.map((w) => w.broadcastPriorityBarrier(barrier))
    for (const w of this.writers) w.broadcastCheckpointBarrier(barrier)
    if (this.writers.length > 0 && isTimeoutable(barrier)) {
      const id = barrier.checkpointId
      this.registerTimer(alignmentTimerDelay(barrier, Date.now()), () => {
        for (const w of this.writers) w.convertBarrierToPriority(id)
      })
    }
    return undefined
  }

  /** The unaligned checkpoint's input in flight is recorded: it joins the head's state. */
  private completeInputChannelState(state: InputChannelState): void {
    const pending = this.asyncSnapshot
    if (pending === undefined || pending.checkpointId !== state.checkpointId) return
    pending.inputChannelState = state
    this.acknowledgeIfComplete(pending)
  }

  /** The checkpoint whose keyed state is being written between records, if any. */
  private asyncSnapshot: AsyncSnapshot | undefined = undefined

  /** Acknowledgements waiting for their state files; a finishing task reports after them. */
  private readonly acknowledging = new Set<Promise<void>>()

  /**
   * Writes the in-progress snapshot for one slice of time, then lets records through (the next
   * slice is a mail behind them); once all is written, acknowledges the checkpoint.
   * Flink: AsyncCheckpointRunnable, here on the task thread in slices.
   */
  private readonly continueAsyncSnapshot = (): void => {
    const pending = this.asyncSnapshot
    if (pending === undefined) return
    try {
      for (const k of pending.state.keyed) {
        if (!k.snapshot.writeSome(ASYNC_SNAPSHOT_SLICE_MS)) {
          this.mailbox.put(this.continueAsyncSnapshot)
          return
        }
      }
    } catch (e: unknown) {
      this.declineAsyncSnapshot(e)
      return
    }
    this.finishAsyncSnapshot()
  }

  /**
   * Writes what is left of the in-progress snapshot's keyed state at once, and acknowledges it
   * unless it still awaits its input channel state.
   */
  private finishAsyncSnapshot(): void {
    const pending = this.asyncSnapshot
    if (pending === undefined || pending.isKeyedStateWritten) return
    const { operators, keyed } = pending.state
    try {
      for (const k of keyed) {
        const parts = k.snapshot.finish()
        // An operator with a timer service but no state and no timers has nothing to restore.
        if (Object.keys(parts).length > 0) {
          operators[k.operatorId] = { ...operators[k.operatorId], ...parts }
        }
      }
    } catch (e: unknown) {
      this.declineAsyncSnapshot(e)
      return
    }
    pending.isKeyedStateWritten = true
    this.acknowledgeIfComplete(pending)
  }

  private acknowledgeIfComplete(pending: AsyncSnapshot): void {
    if (!pending.isKeyedStateWritten) return
    const channelState = pending.inputChannelState
    if (pending.awaitsInputChannelState && channelState === undefined) return
    this.asyncSnapshot = undefined
    const operators = pending.state.operators
    const outputState = pending.resultSubpartitionState
    const inputBytes = channelState === undefined ? 0 : bytesOf(channelState.gates)
    const outputBytes = outputState === undefined ? 0 : bytesOf(outputState.outputs)
    const persistedDataBytes = inputBytes + outputBytes
    if (persistedDataBytes > 0) {
      const head = this.chain.headOperatorId
      operators[head] = {
        ...operators[head],
        ...(inputBytes > 0 && channelState !== undefined
          ? { inputChannelState: channelState }
          : {}),
        ...(outputBytes > 0 && outputState !== undefined
          ? { resultSubpartitionState: outputState }
          : {}),
      }
    }
    const responder = this.options.checkpointResponder!
    const metrics = { ...pending.metrics, persistedDataBytes }
    const directory = pending.targetLocation
    if (directory === undefined) {
      responder.acknowledgeCheckpoint(pending.checkpointId, { operators }, metrics)
      return
    }
    // The files are written off the task thread; records go on meanwhile.
    const id = pending.checkpointId
    const acknowledged = writeTaskStateFiles(
      directory,
      this.chain.taskInfo.getIndexOfThisSubtask(),
      operators,
    )
      .then(
        (handles) => responder.acknowledgeCheckpoint(id, handles, metrics),
        (e: unknown) => this.declineSnapshot(id, e),
      )
      // A responder that throws must not leave a rejected promise unhandled (that ends the
      // process): the checkpoint is declined, or failing that, a warning says why it hangs.
      .catch((e: unknown) =>
        responder.declineCheckpoint(
          id,
          `${this.name} could not acknowledge the checkpoint: ${asError(e).message}`,
        ),
      )
      .catch((e: unknown) =>
        process.emitWarning(
          `${this.name} could not report checkpoint ${id}: ${asError(e).message}`,
          {
            code: 'EDDY_CHECKPOINT_UNREPORTED',
          },
        ),
      )
    this.acknowledging.add(acknowledged)
    void acknowledged.finally(() => this.acknowledging.delete(acknowledged))
  }

  private declineAsyncSnapshot(error: unknown): void {
    const pending = this.abandonAsyncSnapshot()
    if (pending !== undefined) this.declineSnapshot(pending.checkpointId, error)
  }

  /** Drops the in-progress snapshot, which stops watching the state it no longer writes. */
  private abandonAsyncSnapshot(): AsyncSnapshot | undefined {
    const pending = this.asyncSnapshot
    this.asyncSnapshot = undefined
    for (const k of pending?.state.keyed ?? []) k.snapshot.stop()
    return pending
  }

  /** State that cannot be written fails the checkpoint, not the task. */
  private declineSnapshot(checkpointId: number, error: unknown): void {
    this.options.checkpointResponder!.declineCheckpoint(
      checkpointId,
      `${this.name} could not snapshot its state: ${asError(error).message}`,
    )
  }

  cancel(): void {
    if (this.isTerminal() || this.state === 'CANCELING') return
    this.state = 'CANCELING'
    this.mailbox.putFirst(() => this.terminate('CANCELED', undefined))
  }

  private isTerminal(): boolean {
    return this.state === 'FINISHED' || this.state === 'CANCELED' || this.state === 'FAILED'
  }

  private readonly flushWriters = (): void => {
    for (const w of this.writers) w.flushAll()
  }

  ioCounters(): TaskIoCounters {
    const now = performance.now()
    let recordsOut = 0
    let bytesOut = 0
    let outputWatermark = Number.POSITIVE_INFINITY
    for (const w of this.writers) {
      recordsOut += w.recordsOut
      bytesOut += w.bytesOut
      if (w.lastWatermark < outputWatermark) outputWatermark = w.lastWatermark
    }
    const inputWatermark = this.input.currentInputWatermark()
    return {
      recordsIn: this.input.recordsIn(),
      recordsOut,
      bytesIn: this.input.bytesIn(),
      bytesOut,
      idleTimeMs: this.idleTimeMs + (this.idleSince === this.idleSince ? now - this.idleSince : 0),
      backPressuredTimeMs:
        this.backPressuredTimeMs +
        (this.backPressuredSince === this.backPressuredSince ? now - this.backPressuredSince : 0),
      currentInputWatermark: inputWatermark,
      // A task without outputs (a sink) passes on what it receives.
      currentOutputWatermark: this.writers.length === 0 ? inputWatermark : outputWatermark,
      operatorMetrics: this.chain.operatorMetrics(),
    }
  }

  private readonly onInputAvailable = (): void => {
    if (this.idleSince === this.idleSince) {
      this.idleTimeMs += performance.now() - this.idleSince
      this.idleSince = Number.NaN
    }
    this.schedule()
  }

  private readonly onOutputsAvailable = (): void => {
    if (this.backPressuredSince === this.backPressuredSince) {
      this.backPressuredTimeMs += performance.now() - this.backPressuredSince
      this.backPressuredSince = Number.NaN
    }
    this.schedule()
  }

  private schedule(): void {
    if (this.scheduled || this.isTerminal()) return
    this.scheduled = true
    setImmediate(this.runSlice)
  }

  private readonly runSlice = (): void => {
    this.scheduled = false
    if (this.isTerminal()) return
    try {
      this.mailbox.runMails()
      if (this.state !== 'RUNNING') return
      const status = this.processInputSlice()
      if (status === 'END_OF_INPUT') {
        this.endOfInput()
        return
      }
      this.mailbox.runMails()
      if (status === 'MORE_AVAILABLE') this.schedule()
    } catch (e: unknown) {
      this.fail(e)
    }
  }

  /** Processes input until it runs out, an output lacks credit, or the budget is spent. */
  private processInputSlice(): InputStatus {
    // Mails (the end of the stop) wake it up.
    if (this.isSuspendedForSavepoint) return 'NOTHING_AVAILABLE'
    const deadline = performance.now() + SLICE_BUDGET_MS
    const flushEachStep = this.options.bufferTimeoutMs === 0
    for (;;) {
      if (!this.outputsAvailable()) {
        if (this.backPressuredSince !== this.backPressuredSince) {
          this.backPressuredSince = performance.now()
        }
        void this.whenOutputsAvailable().then(this.onOutputsAvailable)
        return 'NOTHING_AVAILABLE'
      }
      const status = this.input.processInput()
      if (flushEachStep) this.flushWriters()
      if (status === 'END_OF_INPUT') return status
      if (status === 'NOTHING_AVAILABLE') {
        if (this.idleSince !== this.idleSince) this.idleSince = performance.now()
        this.input
          .getAvailableFuture()
          .then(this.onInputAvailable, (e: unknown) => this.enqueue(() => this.fail(e)))
        return status
      }
      if (performance.now() >= deadline) return 'MORE_AVAILABLE'
    }
  }

  private outputsAvailable(): boolean {
    for (let i = 0; i < this.writers.length; i++) if (!this.writers[i]!.isAvailable()) return false
    return true
  }

  private async whenOutputsAvailable(): Promise<void> {
    for (const w of this.writers) await w.whenAvailable()
  }

  private endOfInput(): void {
    // The checkpoint in progress holds the state at its barrier: finish it before finishing.
    // (Its input channel state is complete: every channel has ended.)
    this.finishAsyncSnapshot()
    // As Flink (FLIP-147): pending processing-time timers do not fire once input has ended.
    this.options.processingTimeService.quiesce()
    this.chain.finish()
    this.finalCommittablesByOperator = this.chain.finalCommittables()
    for (const w of this.writers) w.broadcastEndOfPartition()
    this.terminate('FINISHED', undefined)
  }

  private fail(error: unknown): void {
    if (this.isTerminal()) return
    this.terminate('FAILED', this.attribute(error))
  }

  /** Wraps what was thrown with the operator and subtask it came from. */
  private attribute(error: unknown): Error {
    const info = this.chain.taskInfo
    const operator = this.chain.currentOperatorName()
    if (error instanceof EddyError && error.domain !== 'user') return error
    if (error instanceof EddyError) {
      return new EddyError(
        `Operator '${operator}' (subtask ${info.getIndexOfThisSubtask() + 1}/${info.getNumberOfParallelSubtasks()}) failed: ${error.message}`,
        {
          code: error.code,
          domain: error.domain,
          failureType: error.failureType,
          context: { ...error.context, operator },
          cause: error,
        },
      )
    }
    return new UserFunctionError(
      operator,
      info.getIndexOfThisSubtask(),
      info.getNumberOfParallelSubtasks(),
      error,
    )
  }

  private terminate(state: 'FINISHED' | 'CANCELED' | 'FAILED', error: Error | undefined): void {
    this.state = state
    this.abandonAsyncSnapshot()
    this.mailbox.close()
    if (this.flushTimer !== undefined) clearInterval(this.flushTimer)
    this.options.processingTimeService.quiesce()
    const closeError = this.chain.close()
    if (state === 'FAILED') {
      this.settle.reject(error)
    } else if (closeError !== undefined && state === 'FINISHED') {
      this.state = 'FAILED'
      this.settle.reject(this.attribute(closeError))
    } else if (state === 'FINISHED' && this.acknowledging.size > 0) {
      // As Flink (FLIP-147): the checkpoint a task took before its input ended still completes,
      // so the task is reported finished only once it has acknowledged it.
      void Promise.allSettled([...this.acknowledging]).then(() => this.settle.resolve())
    } else {
      this.settle.resolve()
    }
  }
}

/** The bytes of channel state buffers (per gate or writer, per channel). */
function bytesOf(buffers: readonly (readonly (readonly Uint8Array[])[])[]): number {
  let bytes = 0
  for (const channels of buffers)
    for (const list of channels) for (const b of list) bytes += b.length
  return bytes
}
