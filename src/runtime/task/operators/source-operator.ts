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
  WatermarkGenerator,
  WatermarkOutput,
} from '../../../api/eventtime/watermark-generator.js'
import type {
  TimestampAssigner,
  WatermarkStrategy,
} from '../../../api/eventtime/watermark-strategy.js'
import { MAX_WATERMARK, NO_TIMESTAMP, StreamRecord } from '../../common/stream-element.js'
import type { ReaderEvent, SourceCoordinatorGateway } from '../../common/source-events.js'
import { AbstractStreamOperator } from './abstract-stream-operator.js'
import { MonotonicWatermarkOutput } from './monotonic-watermark-output.js'
import type { Output } from './stream-operator.js'

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
    const generator = this.createWatermarkGenerator()
    this.readerOutput =
      this.assigner === undefined && generator === undefined && this.chainReaderOutput !== undefined
        ? this.chainReaderOutput
        : new SourceReaderOutput(this.chainOutput, this.assigner, generator, this.watermarkOutput)
    this.reader = this.source.createReader({
      getIndexOfSubtask: () => subtask,
      getNumberOfParallelSubtasks: () => parallelism,
      sendSplitRequest: () => this.coordinator.requestSplit(subtask),
    }) as SourceReader<unknown, SourceSplit>
    this.coordinator.registerReader(subtask)
    this.reader.start()
  }

  /**
   * The strategy's generator, fed by every record and asked for a watermark every
   * pipeline.auto-watermark-interval of processing time (FLIP-27 sources generate per reader).
   */
  private createWatermarkGenerator(): WatermarkGenerator<unknown> | undefined {
    const strategy = this.watermarkStrategy
    if (strategy === undefined || !strategy.generatesWatermarks) return undefined
    const pts = this.processingTimeService
    const generator = strategy.createWatermarkGenerator({
      currentProcessingTime: () => pts.getCurrentProcessingTime(),
    })
    const interval = this.autoWatermarkIntervalMs
    if (interval > 0) {
      const output = this.watermarkOutput
      const tick = (time: number): void => {
        generator.onPeriodicEmit(output)
        this.cancelWatermarkTimer = pts.registerTimer(time + interval, tick)
      }
      this.cancelWatermarkTimer = pts.registerTimer(pts.getCurrentProcessingTime() + interval, tick)
    }
    return generator
  }

  private readonly watermarkOutput: WatermarkOutput = new MonotonicWatermarkOutput(
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
    this.chainOutput.emitWatermark(MAX_WATERMARK)
  }

  override close(): void {
    // `open` may have failed before the reader existed.
    ;(this.reader as SourceReader<unknown, SourceSplit> | undefined)?.close()
  }
}

class SourceReaderOutput implements ReaderOutput<unknown> {
  private readonly output: Output
  private readonly assigner: TimestampAssigner<unknown> | undefined
  private readonly generator: WatermarkGenerator<unknown> | undefined
  /** Shared with the periodic emission, so watermarks stay monotonic across both. */
  private readonly watermarks: WatermarkOutput
  private readonly record = new StreamRecord<unknown>(undefined)

  constructor(
    output: Output,
    assigner: TimestampAssigner<unknown> | undefined,
    generator: WatermarkGenerator<unknown> | undefined,
    watermarks: WatermarkOutput,
  ) {
    this.output = output
    this.assigner = assigner
    this.generator = generator
    this.watermarks = watermarks
  }

  collect(value: unknown, timestamp?: number): void {
    const ts = timestamp === undefined ? NO_TIMESTAMP : timestamp
    const eventTime = this.assigner === undefined ? ts : this.assigner(value, ts === ts ? ts : null)
    this.record.value = value
    this.record.timestamp = eventTime
    this.output.collect(this.record)
    if (this.generator !== undefined) this.generator.onEvent(value, eventTime, this.watermarks)
  }
}
