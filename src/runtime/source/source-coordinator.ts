// The JobManager side of a FLIP-27 source: owns the SplitEnumerator and answers readers. Requests
// are handled asynchronously, as they would be over RPC, one at a time. An enumerator failure is
// reported to `onFailure` (the job fails). For a source with watermark alignment it also collects
// its readers' watermarks and announces, every update interval, the highest watermark they may
// reach: the group's lowest plus the allowed drift. Flink: org.apache.flink.runtime.source.coordinator.SourceCoordinator.
import type { CoordinatorState } from '../checkpoint/checkpoint-metadata.js'
import { EddyError } from '../../core/errors.js'
import type {
  AnySource,
  SourceSplit,
  SplitEnumerator,
  SplitEnumeratorContext,
} from '../../api/connector/source/source.js'
import type { WatermarkAlignmentParams } from '../../api/eventtime/watermark-strategy.js'
import type { SourceCoordinatorGateway, SourceReaderGateway } from '../common/source-events.js'
import type { WatermarkAlignmentGroups } from './watermark-alignment.js'

/** A source's alignment: its parameters and the job's shared group watermarks. */
export interface SourceAlignment {
  readonly params: WatermarkAlignmentParams
  readonly groups: WatermarkAlignmentGroups
  /** Identifies this source within its group (the vertex id). */
  readonly sourceId: string
}

export class SourceCoordinator
  implements SourceCoordinatorGateway, SplitEnumeratorContext<SourceSplit>
{
  private readonly source: AnySource<unknown>
  private readonly operatorName: string
  private readonly parallelism: number
  private readonly readers: SourceReaderGateway
  private readonly onFailure: (error: Error) => void
  private readonly registered = new Set<number>()
  private enumerator: SplitEnumerator<SourceSplit, unknown> | undefined
  private closed = false
  private readonly alignment: SourceAlignment | undefined
  /** The enumerator's state from a savepoint, to restore instead of creating a fresh one. */
  private readonly restoredState: CoordinatorState | undefined
  private announceTimer: ReturnType<typeof setInterval> | undefined
  /**
   * Splits handed to readers, by the checkpoint whose enumerator snapshot came before the
   * assignment (0: none yet), so a reader restarted from a checkpoint gets back what it had been
   * given since. Flink: SplitAssignmentTracker.
   */
  private readonly assignments = new Map<number, Map<number, SourceSplit[]>>()
  private lastSnapshotId: number
  /**
   * Per subtask, how many times it was reset. A reader's event is handled on a later turn of
   * the event loop; one that a reset overtook came from the attempt that is gone and is dropped,
   * else a split it asked for would be assigned after the reset gave back that attempt's splits,
   * and sent to no reader (Flink drops events of attempts no longer running).
   */
  private readonly resets: number[]

  constructor(
    source: AnySource<unknown>,
    operatorName: string,
    parallelism: number,
    readers: SourceReaderGateway,
    onFailure: (error: Error) => void,
    alignment?: SourceAlignment,
    restoredState?: CoordinatorState,
    restoredCheckpointId = 0,
  ) {
    this.lastSnapshotId = restoredCheckpointId
    this.resets = new Array<number>(parallelism).fill(0)
    this.alignment = alignment
    this.restoredState = restoredState
    this.source = source
    this.operatorName = operatorName
    this.parallelism = parallelism
    this.readers = readers
    this.onFailure = onFailure
  }

  start(): void {
    this.run(() => {
      const restored = this.restoredState
      if (restored === undefined) {
        this.enumerator = this.source.createEnumerator(this) as SplitEnumerator<
          SourceSplit,
          unknown
        >
      } else {
        const serializer = this.source.getEnumeratorCheckpointSerializer() as {
          deserialize(version: number, bytes: Uint8Array): unknown
        }
        this.enumerator = this.source.restoreEnumerator(
          this,
          serializer.deserialize(restored.version, restored.bytes),
        ) as SplitEnumerator<SourceSplit, unknown>
      }
      this.enumerator.start()
    })
    if (this.alignment !== undefined) {
      this.announceTimer = setInterval(
        () => this.announceCombinedWatermark(),
        this.alignment.params.updateIntervalMs,
      )
    }
  }

  registerReader(subtaskIndex: number): void {
    this.asyncFor(subtaskIndex, () => {
      this.registered.add(subtaskIndex)
      this.enumerator?.addReader(subtaskIndex)
    })
  }

  requestSplit(subtaskIndex: number): void {
    this.asyncFor(subtaskIndex, () => this.enumerator?.handleSplitRequest(subtaskIndex))
  }

  reportWatermark(subtaskIndex: number, watermark: number): void {
    const alignment = this.alignment
    if (alignment === undefined) return
    alignment.groups.report(
      alignment.params.watermarkGroup,
      alignment.sourceId,
      subtaskIndex,
      watermark,
    )
  }

  /** Tells every registered reader how far its watermark may go; nothing before any report. */
  announceCombinedWatermark(): void {
    const alignment = this.alignment
    if (alignment === undefined || this.closed) return
    const combined = alignment.groups.combinedWatermark(alignment.params.watermarkGroup)
    if (combined === undefined) return
    // Infinity (every reader idle or done) stays Infinity: nothing is held back.
    const maxWatermark = combined + alignment.params.maxAllowedWatermarkDriftMs
    for (const subtask of this.registered) {
      this.readers.sendToReader(subtask, { kind: 'watermarkAlignment', maxWatermark })
    }
  }

  /**
   * The enumerator's state for a checkpoint, in the source's enumerator checkpoint format. Taken
   * before the source tasks are triggered, so a split it has handed out is in a reader's state.
   */
  snapshotState(checkpointId: number): { version: number; bytes: Uint8Array } | undefined {
    const enumerator = this.enumerator
    if (enumerator === undefined) return undefined
    const serializer = this.source.getEnumeratorCheckpointSerializer() as {
      getVersion(): number
      serialize(checkpoint: unknown): Uint8Array
    }
    const bytes = serializer.serialize(enumerator.snapshotState(checkpointId))
    this.lastSnapshotId = checkpointId
    return { version: serializer.getVersion(), bytes }
  }

  /** Assignments up to a completed checkpoint are in its readers' state: no longer tracked. */
  notifyCheckpointComplete(checkpointId: number): void {
    for (const id of this.assignments.keys()) if (id < checkpointId) this.assignments.delete(id)
  }

  /**
   * Subtask `subtaskIndex` restarts from checkpoint `restoredCheckpointId` (0: from scratch) while
   * the other readers run on (region failover): the splits it was given after that checkpoint's
   * enumerator snapshot go back to the enumerator, and the reader registers anew. Flink:
   * SourceCoordinator#subtaskReset.
   */
  subtaskReset(subtaskIndex: number, restoredCheckpointId: number): void {
    this.resets[subtaskIndex] = (this.resets[subtaskIndex] ?? 0) + 1
    this.registered.delete(subtaskIndex)
    const returned: SourceSplit[] = []
    for (const [id, bySubtask] of this.assignments) {
      if (id < restoredCheckpointId) continue
      returned.push(...(bySubtask.get(subtaskIndex) ?? []))
      bySubtask.delete(subtaskIndex)
    }
    const alignment = this.alignment
    alignment?.groups.remove(alignment.params.watermarkGroup, alignment.sourceId, subtaskIndex)
    if (returned.length > 0) this.run(() => this.enumerator?.addSplitsBack(returned, subtaskIndex))
  }

  close(): void {
    if (this.announceTimer !== undefined) clearInterval(this.announceTimer)
    this.closed = true
    this.run(() => this.enumerator?.close())
  }

  // ---- SplitEnumeratorContext ----

  currentParallelism(): number {
    return this.parallelism
  }

  registeredReaders(): ReadonlySet<number> {
    return this.registered
  }

  assignSplit(split: SourceSplit, subtaskId: number): void {
    this.checkRegistered(subtaskId, 'a split')
    let bySubtask = this.assignments.get(this.lastSnapshotId)
    if (bySubtask === undefined)
      this.assignments.set(this.lastSnapshotId, (bySubtask = new Map<number, SourceSplit[]>()))
    let splits = bySubtask.get(subtaskId)
    if (splits === undefined) bySubtask.set(subtaskId, (splits = []))
    splits.push(split)
    this.readers.sendToReader(subtaskId, { kind: 'addSplits', splits: [split] })
  }

  signalNoMoreSplits(subtaskId: number): void {
    this.checkRegistered(subtaskId, 'the end of its splits')
    this.readers.sendToReader(subtaskId, { kind: 'noMoreSplits' })
  }

  /**
   * Only a registered reader runs to take what is sent to it; anything else would be lost, so it
   * is refused as Flink's SourceCoordinatorContext refuses it.
   */
  private checkRegistered(subtaskId: number, what: string): void {
    this.checkSubtask(subtaskId)
    if (this.registered.has(subtaskId)) return
    throw new EddyError(
      `Split enumerator of '${this.operatorName}' sent ${what} to reader ${subtaskId}, which is not registered: ` +
        'send to readers in handleSplitRequest, in addReader or among registeredReaders()',
      { code: 'source.unregistered-reader', domain: 'user', failureType: 'NonRecoverableError' },
    )
  }

  private checkSubtask(subtaskId: number): void {
    if (!Number.isInteger(subtaskId) || subtaskId < 0 || subtaskId >= this.parallelism) {
      throw new EddyError(
        `Split enumerator of '${this.operatorName}' addressed reader ${subtaskId}, but the source has ${this.parallelism} readers`,
        { code: 'source.invalid-subtask', domain: 'user', failureType: 'NonRecoverableError' },
      )
    }
  }

  /** `async` for an event of reader `subtaskIndex`, dropped if the reader is reset meanwhile. */
  private asyncFor(subtaskIndex: number, action: () => void): void {
    const resets = this.resets[subtaskIndex]
    this.async(() => {
      if (this.resets[subtaskIndex] === resets) action()
    })
  }

  private async(action: () => void): void {
    setImmediate(() => {
      if (!this.closed) this.run(action)
    })
  }

  private run(action: () => void): void {
    try {
      action()
    } catch (e: unknown) {
      this.onFailure(
        new EddyError(
          `Split enumerator of source '${this.operatorName}' failed: ${e instanceof Error ? e.message : String(e)}`,
          {
            code: 'source.enumerator-failed',
            domain: 'user',
            cause: e,
          },
        ),
      )
    }
  }
}

/** The alignment of the source that heads `vertex`, if its watermark strategy asks for one. */
export function sourceAlignment(
  vertex: {
    readonly id: string
    readonly head: { readonly watermarkStrategy: WatermarkStrategyLike | undefined }
  },
  groups: WatermarkAlignmentGroups,
): SourceAlignment | undefined {
  const params = vertex.head.watermarkStrategy?.alignment
  return params === undefined ? undefined : { params, groups, sourceId: vertex.id }
}

interface WatermarkStrategyLike {
  readonly alignment: WatermarkAlignmentParams | undefined
}
