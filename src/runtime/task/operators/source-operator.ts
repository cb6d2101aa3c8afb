// The task side of a FLIP-27 source: creates the SourceReader, registers with the coordinator,
// and emits what `pollNext` produces into the chain. Timestamps come from the reader or from the
// watermark strategy's assigner. With watermark alignment it reports its watermark to the
// coordinator every update interval and stops polling while its watermark is beyond the highest
// the coordinator allows (source-level alignment, FLIP-182). Flink: org.apache.flink.streaming.api.operators.SourceOperator.
import type { RestoredOperatorState } from '../../checkpoint/job-restore.js'
import type { OperatorSubtaskState } from '../../common/checkpoint-state.js'
import type {
  AnySource,
  InputStatus,
  SimpleVersionedSerializer,
  ReaderOutput,
  SourceReader,
  SourceSplit,
} from '../../../api/connector/source/source.js'
import type {
  TimestampAssigner,
  WatermarkAlignmentParams,
  WatermarkStrategy,
} from '../../../api/eventtime/watermark-strategy.js'
import { MAX_WATERMARK } from '../../common/stream-element.js'
import type { ReaderEvent, SourceCoordinatorGateway } from '../../common/source-events.js'
import { AbstractStreamOperator } from './abstract-stream-operator.js'
import { MonotonicWatermarkOutput } from './monotonic-watermark-output.js'
import { SourceReaderOutput } from './source-reader-output.js'

export class SourceOperator extends AbstractStreamOperator {
  private readonly source: AnySource<unknown>
  private readonly assigner: TimestampAssigner<unknown> | undefined
  private readonly watermarkStrategy: WatermarkStrategy<unknown> | undefined
  private readonly autoWatermarkIntervalMs: number
  private readonly coordinator: SourceCoordinatorGateway
  private cancelWatermarkTimer: (() => void) | undefined
  private reader!: SourceReader<unknown, SourceSplit>
  private readerOutput!: ReaderOutput<unknown>
  private chainReaderOutput: ReaderOutput<unknown> | undefined
  private readonly alignment: WatermarkAlignmentParams | undefined
  /** The source's last emitted watermark and status, as reported for alignment. */
  private latestWatermark = Number.NEGATIVE_INFINITY
  private idle = false
  private finished = false
  /** The highest watermark the coordinator allows; no limit until it says one. */
  private maxDesiredWatermark = Number.POSITIVE_INFINITY
  /** Set while paused for alignment; resolves when the limit allows reading again. */
  private waitingForAlignment: { promise: Promise<void>; resolve: () => void } | undefined
  private cancelReportTimer: (() => void) | undefined

  /** The chain's generated reader output; used unless timestamps must be assigned. */
  setChainReaderOutput(output: ReaderOutput<unknown> | undefined): void {
    this.chainReaderOutput = output
  }

  constructor(
    source: AnySource<unknown>,
    watermarkStrategy: WatermarkStrategy<unknown> | undefined,
    coordinator: SourceCoordinatorGateway,
    autoWatermarkIntervalMs = 200,
  ) {
    super()
    this.source = source
    this.assigner = watermarkStrategy?.timestampAssigner
    this.watermarkStrategy = watermarkStrategy
    this.alignment = watermarkStrategy?.generatesWatermarks
      ? watermarkStrategy.alignment
      : undefined
    this.autoWatermarkIntervalMs = autoWatermarkIntervalMs
    this.coordinator = coordinator
  }

  override open(): void {
    const subtask = this.taskInfo.getIndexOfThisSubtask()
    const parallelism = this.taskInfo.getNumberOfParallelSubtasks()
    this.readerOutput = this.createReaderOutput()
    this.reader = this.source.createReader({
      getIndexOfSubtask: () => subtask,
      getNumberOfParallelSubtasks: () => parallelism,
      sendSplitRequest: () => this.coordinator.requestSplit(subtask),
    }) as SourceReader<unknown, SourceSplit>
    if (this.restoredSplits.length > 0) {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- AnySource erases the split type; its serializer makes SourceSplits
      const serializer: SimpleVersionedSerializer<SourceSplit> = this.source.getSplitSerializer()
      this.reader.addSplits(
        this.restoredSplits.map((s) => serializer.deserialize(s.version, s.split)),
      )
    }
    this.coordinator.registerReader(subtask)
    this.reader.start()
    if (this.alignment !== undefined) this.startReportingWatermarks(this.alignment.updateIntervalMs)
  }

  private startReportingWatermarks(interval: number): void {
    const pts = this.processingTimeService
    const tick = (time: number): void => {
      this.reportWatermark()
      this.cancelReportTimer = pts.registerTimer(time + interval, tick)
    }
    this.cancelReportTimer = pts.registerTimer(pts.getCurrentProcessingTime() + interval, tick)
  }

  /** An idle source reports the maximum watermark: it must not hold its group back. */
  private reportWatermark(): void {
    if (this.latestWatermark === Number.NEGATIVE_INFINITY) return
    this.coordinator.reportWatermark(
      this.taskInfo.getIndexOfThisSubtask(),
      this.idle ? MAX_WATERMARK : this.latestWatermark,
    )
  }

  private checkWatermarkAlignment(): void {
    const ahead = !this.finished && this.latestWatermark > this.maxDesiredWatermark
    const waiting = this.waitingForAlignment
    if (ahead && waiting === undefined) {
      let resolve!: () => void
      const promise = new Promise<void>((r) => (resolve = r))
      this.waitingForAlignment = { promise, resolve }
    } else if (!ahead && waiting !== undefined) {
      this.waitingForAlignment = undefined
      waiting.resolve()
    }
  }

  /**
   * The chain's own output when records pass as they are; otherwise one that assigns timestamps
   * and runs the strategy's generators per split, asked for watermarks every
   * pipeline.auto-watermark-interval of processing time.
   */
  private createReaderOutput(): ReaderOutput<unknown> {
    const strategy = this.watermarkStrategy
    const generates = strategy !== undefined && strategy.generatesWatermarks
    if (this.assigner === undefined && !generates && this.chainReaderOutput !== undefined) {
      return this.chainReaderOutput
    }
    const pts = this.processingTimeService
    const context = { currentProcessingTime: () => pts.getCurrentProcessingTime() }
    const output = new SourceReaderOutput(
      this.chainOutput,
      this.assigner,
      generates ? () => strategy.createWatermarkGenerator(context) : undefined,
      this.watermarkOutput,
    )
    const interval = this.autoWatermarkIntervalMs
    if (generates && interval > 0) {
      const tick = (time: number): void => {
        output.periodicEmit()
        this.cancelWatermarkTimer = pts.registerTimer(time + interval, tick)
      }
      this.cancelWatermarkTimer = pts.registerTimer(pts.getCurrentProcessingTime() + interval, tick)
    }
    return output
  }

  currentOutputWatermark(): number {
    return this.watermarkOutput.currentWatermark()
  }

  private readonly watermarkOutput = new MonotonicWatermarkOutput(
    (wm) => {
      this.chainOutput.emitWatermark(wm)
      this.latestWatermark = wm
      if (this.alignment !== undefined) this.checkWatermarkAlignment()
    },
    (idle) => {
      this.chainOutput.emitWatermarkStatus(idle)
      this.idle = idle
    },
  )

  emitNext(): InputStatus {
    if (this.waitingForAlignment !== undefined) return 'NOTHING_AVAILABLE'
    return this.reader.pollNext(this.readerOutput)
  }

  isAvailable(): Promise<void> {
    return this.waitingForAlignment?.promise ?? this.reader.isAvailable()
  }

  /** Whether the source is paused because its watermark is ahead of its alignment group's. */
  isWaitingForAlignment(): boolean {
    return this.waitingForAlignment !== undefined
  }

  handleOperatorEvent(event: ReaderEvent): void {
    if (event.kind === 'addSplits') this.reader.addSplits(event.splits.slice())
    else if (event.kind === 'noMoreSplits') this.reader.notifyNoMoreSplits()
    else {
      this.maxDesiredWatermark = event.maxWatermark
      this.checkWatermarkAlignment()
    }
  }

  /** End of input: event time advances to the end, firing every event-time timer downstream. */
  override finish(): void {
    this.cancelWatermarkTimer?.()
    this.cancelReportTimer?.()
    this.finished = true
    // Through the monotonic output: an idle source becomes active first, or downstream would
    // ignore its final watermark.
    this.watermarkOutput.emitWatermark(MAX_WATERMARK)
    // A finished reader no longer holds its alignment group back.
    if (this.alignment !== undefined) this.reportWatermark()
  }

  override initializeState(restored: RestoredOperatorState): void {
    super.initializeState(restored)
    this.restoredSplits = restored.sourceSplits
  }

  private restoredSplits: RestoredOperatorState['sourceSplits'] = []

  /** The reader's splits, so a restore can resume each where it was. */
  override snapshotState(checkpointId: number): OperatorSubtaskState {
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- AnySource erases the split type; its serializer takes SourceSplits
    const serializer: SimpleVersionedSerializer<SourceSplit> = this.source.getSplitSerializer()
    const splits = this.reader.snapshotState(checkpointId)
    return {
      ...super.snapshotState(checkpointId),
      sourceSplits: {
        version: serializer.getVersion(),
        splits: splits.map((s) => serializer.serialize(s)),
      },
    }
  }

  override close(): void {
    this.cancelReportTimer?.()
    // `open` may have failed before the reader existed.
    ;(this.reader as SourceReader<unknown, SourceSplit> | undefined)?.close()
  }
}
