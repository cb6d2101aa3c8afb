// The JobManager side of a FLIP-27 source: owns the SplitEnumerator and answers readers. Requests
// are handled asynchronously, as they would be over RPC, one at a time. An enumerator failure is
// reported to `onFailure` (the job fails). Flink: org.apache.flink.runtime.source.coordinator.SourceCoordinator.
import { EddyError } from '../../core/errors.js'
import type {
  AnySource,
  SourceSplit,
  SplitEnumerator,
  SplitEnumeratorContext,
} from '../../api/connector/source/source.js'
import type { SourceCoordinatorGateway, SourceReaderGateway } from '../common/source-events.js'

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

  constructor(
    source: AnySource<unknown>,
    operatorName: string,
    parallelism: number,
    readers: SourceReaderGateway,
    onFailure: (error: Error) => void,
  ) {
    this.source = source
    this.operatorName = operatorName
    this.parallelism = parallelism
    this.readers = readers
    this.onFailure = onFailure
  }

  start(): void {
    this.run(() => {
      this.enumerator = this.source.createEnumerator(this) as SplitEnumerator<SourceSplit, unknown>
      this.enumerator.start()
    })
  }

  registerReader(subtaskIndex: number): void {
    this.async(() => {
      this.registered.add(subtaskIndex)
      this.enumerator?.addReader(subtaskIndex)
    })
  }

  requestSplit(subtaskIndex: number): void {
    this.async(() => this.enumerator?.handleSplitRequest(subtaskIndex))
  }

  close(): void {
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
    this.checkSubtask(subtaskId)
    this.readers.sendToReader(subtaskId, { kind: 'addSplits', splits: [split] })
  }

  signalNoMoreSplits(subtaskId: number): void {
    this.checkSubtask(subtaskId)
    this.readers.sendToReader(subtaskId, { kind: 'noMoreSplits' })
  }

  private checkSubtask(subtaskId: number): void {
    if (!Number.isInteger(subtaskId) || subtaskId < 0 || subtaskId >= this.parallelism) {
      throw new EddyError(
        `Split enumerator of '${this.operatorName}' addressed reader ${subtaskId}, but the source has ${this.parallelism} readers`,
        { code: 'source.invalid-subtask', domain: 'user', failureType: 'NonRecoverableError' },
      )
    }
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
