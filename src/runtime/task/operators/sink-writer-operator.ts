// Hands records to a Sink V2 SinkWriter, and runs the sink's two-phase commit. At a checkpoint the
// writer flushes and prepares committables, which go into the operator's list state with the
// checkpoint's id (and the writer's own state with them); when a checkpoint completes, every held
// committable of it and of earlier ones is committed. A restore commits the restored committables
// at once, in `open` (commits are retried after recovery, so they must be idempotent). The state
// is even-split list state: after a rescale any subtask may commit any committable.
// At the end of input: without checkpointing the committables are committed right away (as
// Flink's CommitterOperator#endInput); with it they are left to the job's end (finalCommittables,
// committed by commitFinal once every task finished; it replaces FLIP-147's final checkpoint).
// Flink: org.apache.flink.streaming.runtime.operators.sink.{SinkWriterOperator, CommitterOperator}.
import {
  isCommittingSinkWriter,
  isSupportsCommitter,
  type Committer,
  type CommittingSinkWriter,
  type SupportsCommitter,
} from '../../../api/connector/sink/committer.js'
import type {
  Sink,
  SinkWriter,
  SinkWriterContext,
  WriterInitContext,
} from '../../../api/connector/sink/sink.js'
import {
  isStatefulSinkWriter,
  isSupportsWriterState,
  type StatefulSinkWriter,
} from '../../../api/connector/sink/supports-writer-state.js'
import type { SimpleVersionedSerializer } from '../../../api/connector/source/source.js'
import { ListStateDescriptor } from '../../../api/state/state-descriptor.js'
import type { ListState } from '../../../api/state/state.js'
import { InvalidProgramError } from '../../../core/errors.js'
import type { RestoredOperatorState } from '../../checkpoint/job-restore.js'
import type { FinalCommittables, OperatorSubtaskState } from '../../common/checkpoint-state.js'
import type { StreamRecord } from '../../common/stream-element.js'
import { AbstractStreamOperator } from './abstract-stream-operator.js'
import { commitUntilDone } from './sink/commit-final.js'
import {
  commitPending,
  newCommitterMetrics,
  type PendingCommittable,
} from './sink/default-commit-request.js'
import type { OneInputStreamOperator } from './stream-operator.js'
import type { StreamOperatorParameters } from './stream-operator-parameters.js'

/** A committable in operator state, in the committable serializer's format. */
interface StoredCommittable {
  readonly checkpointId: number
  readonly version: number
  readonly bytes: Uint8Array
}

/** A writer state in operator state, in the writer state serializer's format. */
interface StoredWriterState {
  readonly version: number
  readonly bytes: Uint8Array
}

// Flink's state names, so a reader of a savepoint finds them where Flink keeps them.
const COMMITTABLES = new ListStateDescriptor<StoredCommittable>('streaming_committer_raw_states')
const WRITER_STATES = new ListStateDescriptor<StoredWriterState>('writer_raw_states')

/**
 * The checkpoint id restored committables are held under: lower than any, so the next completed
 * checkpoint retries them whatever ids the restored job's checkpoints start from.
 */
const RESTORED = -1

const NO_METRICS: Readonly<Record<string, number>> = Object.freeze({})

export class SinkWriterOperator
  extends AbstractStreamOperator
  implements OneInputStreamOperator, SinkWriterContext
{
  readonly sink: Sink<unknown>
  private writer!: SinkWriter<unknown>
  private currentTimestamp = Number.NaN
  private isCheckpointingEnabled = false
  private isRestored = false
  /** Set when the sink supports committing. */
  private committing: CommittingParts | undefined
  /** Set when the sink has writer state. */
  private stateful: StatefulParts | undefined
  /** Committables prepared and not yet committed, oldest checkpoint first. */
  private pending: PendingCommittable<unknown>[] = []
  private final: FinalCommittables | undefined
  private readonly metrics = newCommitterMetrics()

  constructor(sink: Sink<unknown>) {
    super()
    this.sink = sink
  }

  override setup(params: StreamOperatorParameters): void {
    super.setup(params)
    this.isCheckpointingEnabled = params.isCheckpointingEnabled
  }

  override initializeState(restored: RestoredOperatorState): void {
    super.initializeState(restored)
    this.isRestored = true
  }

  override open(): void {
    const info = this.taskInfo
    const pts = this.processingTimeService
    const context: WriterInitContext = {
      getSubtaskId: () => info.getIndexOfThisSubtask(),
      getNumberOfParallelSubtasks: () => info.getNumberOfParallelSubtasks(),
      getJobId: () => this.runtimeContext.getJobId(),
      getProcessingTimeService: () => pts,
    }
    const sink = this.sink
    if (isSupportsWriterState(sink)) {
      const state = this.operatorStateBackend.getListState(WRITER_STATES)
      const serializer = sink.getWriterStateSerializer()
      const writer = this.isRestored
        ? sink.restoreWriter(
            context,
            Array.from(state.get(), (s) => serializer.deserialize(s.version, s.bytes)),
          )
        : sink.createWriter(context)
      if (!isStatefulSinkWriter(writer)) throw wrongWriter('a StatefulSinkWriter', 'snapshotState')
      this.writer = writer
      this.stateful = { writer, serializer, state }
    } else {
      this.writer = sink.createWriter(context)
    }
    if (isSupportsCommitter(sink)) this.openCommitter(sink, context)
  }

  /** Creates the committer and commits what a restore handed back. */
  private openCommitter(
    sink: Sink<unknown> & SupportsCommitter<unknown>,
    context: WriterInitContext,
  ): void {
    const writer = this.writer
    if (!isCommittingSinkWriter(writer)) {
      throw wrongWriter('a CommittingSinkWriter', 'prepareCommit')
    }
    const state = this.operatorStateBackend.getListState(COMMITTABLES)
    const serializer = sink.getCommittableSerializer()
    const committer = sink.createCommitter(context)
    this.committing = { writer, serializer, state, committer }
    for (const stored of state.get()) {
      const committable = serializer.deserialize(stored.version, stored.bytes)
      this.pending.push({ checkpointId: RESTORED, committable, retries: 0 })
    }
    this.pending = commitPending(committer, this.pending, this.metrics)
  }

  processElement(record: StreamRecord): void {
    this.writeElement(record.value, record.timestamp)
  }

  /** The chain's direct entry (see chain-compiler.ts). */
  writeElement(value: unknown, timestamp: number): void {
    this.currentTimestamp = timestamp
    this.writer.write(value, this)
  }

  timestamp(): number | null {
    return this.currentTimestamp === this.currentTimestamp ? this.currentTimestamp : null
  }

  currentWatermark(): number {
    return this.operatorWatermark
  }

  override processWatermark(watermark: number): void {
    this.operatorWatermark = watermark
  }

  /** Flushes the writer; its committables (held until committed) and state join the snapshot. */
  override snapshotState(checkpointId: number): OperatorSubtaskState {
    this.writer.flush(false)
    const committing = this.committing
    if (committing !== undefined) {
      for (const committable of committing.writer.prepareCommit()) {
        this.pending.push({ checkpointId, committable, retries: 0 })
      }
      const { serializer } = committing
      const version = serializer.getVersion()
      committing.state.update(
        this.pending.map((p) => ({
          checkpointId: p.checkpointId,
          version,
          bytes: serializer.serialize(p.committable),
        })),
      )
    }
    const stateful = this.stateful
    if (stateful !== undefined) {
      const { serializer } = stateful
      const version = serializer.getVersion()
      stateful.state.update(
        stateful.writer
          .snapshotState(checkpointId)
          .map((s) => ({ version, bytes: serializer.serialize(s) })),
      )
    }
    return super.snapshotState(checkpointId)
  }

  /** Commits what checkpoints up to `checkpointId` prepared; retries stay for the next one. */
  override notifyCheckpointComplete(checkpointId: number): void {
    const committing = this.committing
    if (committing === undefined || this.pending.length === 0) return
    const due = this.pending.filter((p) => p.checkpointId <= checkpointId)
    if (due.length === 0) return
    const later = this.pending.filter((p) => p.checkpointId > checkpointId)
    this.pending = commitPending(committing.committer, due, this.metrics).concat(later)
  }

  override finish(): void {
    this.writer.flush(true)
    const committing = this.committing
    if (committing === undefined) return
    for (const committable of committing.writer.prepareCommit()) {
      this.pending.push({ checkpointId: Number.POSITIVE_INFINITY, committable, retries: 0 })
    }
    const committables = this.pending.map((p) => p.committable)
    this.pending = []
    if (!this.isCheckpointingEnabled) {
      commitUntilDone(committing.committer, committables, this.metrics)
      return
    }
    const { serializer } = committing
    this.final = {
      version: serializer.getVersion(),
      committables: committables.map((c) => serializer.serialize(c)),
    }
  }

  /**
   * With checkpointing, what this operator left to commit once every task of the job finished
   * (see commitFinal); undefined before `finish`, and when it has nothing to leave.
   */
  finalCommittables(): FinalCommittables | undefined {
    return this.final !== undefined && this.final.committables.length > 0 ? this.final : undefined
  }

  override operatorMetrics(): Readonly<Record<string, number>> {
    return this.committing === undefined ? NO_METRICS : this.metrics
  }

  override close(): void {
    // `open` may have failed before the writer or committer existed.
    try {
      if ((this.writer as SinkWriter<unknown> | undefined) !== undefined) this.writer.close()
    } finally {
      this.committing?.committer.close()
    }
  }
}

interface CommittingParts {
  readonly writer: CommittingSinkWriter<unknown, unknown>
  readonly serializer: SimpleVersionedSerializer<unknown>
  readonly state: ListState<StoredCommittable>
  readonly committer: Committer<unknown>
}

interface StatefulParts {
  readonly writer: StatefulSinkWriter<unknown, unknown>
  readonly serializer: SimpleVersionedSerializer<unknown>
  readonly state: ListState<StoredWriterState>
}

function wrongWriter(expected: string, method: string): InvalidProgramError {
  return new InvalidProgramError(
    `The sink's writer must be ${expected} (with ${method}()), as the sink's interfaces promise`,
  )
}
