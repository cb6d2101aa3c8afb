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
import { MAX_WATERMARK, NO_TIMESTAMP, StreamRecord } from '../../common/stream-element.js'
import type { ReaderEvent, SourceCoordinatorGateway } from '../../common/source-events.js'
import { AbstractStreamOperator } from './abstract-stream-operator.js'
import type { Output } from './stream-operator.js'

export class SourceOperator extends AbstractStreamOperator {
  private readonly source: AnySource<unknown>
  private readonly assigner: TimestampAssigner<unknown> | undefined
  private readonly coordinator: SourceCoordinatorGateway
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
  ) {
    super()
    this.source = source
    this.assigner = watermarkStrategy?.timestampAssigner
    this.coordinator = coordinator
  }

  override open(): void {
    const subtask = this.taskInfo.getIndexOfThisSubtask()
    const parallelism = this.taskInfo.getNumberOfParallelSubtasks()
    this.readerOutput =
      this.assigner === undefined && this.chainReaderOutput !== undefined
        ? this.chainReaderOutput
        : new SourceReaderOutput(this.chainOutput, this.assigner)
    this.reader = this.source.createReader({
      getIndexOfSubtask: () => subtask,
      getNumberOfParallelSubtasks: () => parallelism,
      sendSplitRequest: () => this.coordinator.requestSplit(subtask),
    }) as SourceReader<unknown, SourceSplit>
    this.coordinator.registerReader(subtask)
    this.reader.start()
  }

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
  private readonly record = new StreamRecord<unknown>(undefined)

  constructor(output: Output, assigner: TimestampAssigner<unknown> | undefined) {
    this.output = output
    this.assigner = assigner
  }

  collect(value: unknown, timestamp?: number): void {
    const ts = timestamp === undefined ? NO_TIMESTAMP : timestamp
    this.record.value = value
    this.record.timestamp =
      this.assigner === undefined ? ts : this.assigner(value, ts === ts ? ts : null)
    this.output.collect(this.record)
  }
}
