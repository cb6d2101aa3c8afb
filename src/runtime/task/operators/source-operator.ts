// The task side of a FLIP-27 source: creates the SourceReader, registers with the coordinator,
// and emits what `pollNext` produces into the chain. Timestamps come from the reader or from the
// watermark strategy's assigner. Flink: org.apache.flink.streaming.api.operators.SourceOperator.
import type {
  AnySource,
  InputStatus,
  ReaderOutput,
  SourceReader,
  SourceSplit,
} from '../../../api/connector/source/source.js'
import type {
  TimestampAssigner,
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
    this.coordinator.registerReader(subtask)
    this.reader.start()
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
    (wm) => this.chainOutput.emitWatermark(wm),
    (idle) => this.chainOutput.emitWatermarkStatus(idle),
  )

  emitNext(): InputStatus {
    return this.reader.pollNext(this.readerOutput)
  }

  isAvailable(): Promise<void> {
    return this.reader.isAvailable()
  }

  handleOperatorEvent(event: ReaderEvent): void {
    if (event.kind === 'addSplits') this.reader.addSplits(event.splits.slice())
    else this.reader.notifyNoMoreSplits()
  }

  /** End of input: event time advances to the end, firing every event-time timer downstream. */
  override finish(): void {
    this.cancelWatermarkTimer?.()
    // Through the monotonic output: an idle source becomes active first, or downstream would
    // ignore its final watermark.
    this.watermarkOutput.emitWatermark(MAX_WATERMARK)
  }

  override close(): void {
    // `open` may have failed before the reader existed.
    ;(this.reader as SourceReader<unknown, SourceSplit> | undefined)?.close()
  }
}
