// Hands records to a Sink V2 SinkWriter; flushes it at the end of input.
// Flink: org.apache.flink.streaming.runtime.operators.sink.SinkWriterOperator.
import type { Sink, SinkWriter, SinkWriterContext } from '../../../api/connector/sink/sink.js'
import type { StreamRecord } from '../../common/stream-element.js'
import { AbstractStreamOperator } from './abstract-stream-operator.js'
import type { OneInputStreamOperator } from './stream-operator.js'

export class SinkWriterOperator
  extends AbstractStreamOperator
  implements OneInputStreamOperator, SinkWriterContext
{
  readonly sink: Sink<unknown>
  private writer!: SinkWriter<unknown>
  private currentTimestamp = Number.NaN

  constructor(sink: Sink<unknown>) {
    super()
    this.sink = sink
  }

  override open(): void {
    const info = this.taskInfo
    this.writer = this.sink.createWriter({
      getSubtaskId: () => info.getIndexOfThisSubtask(),
      getNumberOfParallelSubtasks: () => info.getNumberOfParallelSubtasks(),
      getJobId: () => this.runtimeContext.getJobId(),
    })
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

  override finish(): void {
    this.writer.flush(true)
  }

  override close(): void {
    // `open` may have failed before the writer existed.
    if ((this.writer as SinkWriter<unknown> | undefined) !== undefined) this.writer.close()
  }
}
