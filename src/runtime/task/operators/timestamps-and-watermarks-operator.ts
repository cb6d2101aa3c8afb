// assignTimestampsAndWatermarks: gives each record the strategy's timestamp and runs its watermark
// generator, per event and every pipeline.auto-watermark-interval. Watermarks from upstream are
// dropped (this operator decides event time from here on), except the final one that ends it.
// Flink: org.apache.flink.streaming.runtime.operators.TimestampsAndWatermarksOperator.
import type {
  WatermarkGenerator,
  WatermarkOutput,
} from '../../../api/eventtime/watermark-generator.js'
import type { WatermarkStrategy } from '../../../api/eventtime/watermark-strategy.js'
import { MAX_WATERMARK, type StreamRecord } from '../../common/stream-element.js'
import { AbstractStreamOperator } from './abstract-stream-operator.js'
import { MonotonicWatermarkOutput } from './monotonic-watermark-output.js'
import type { OneInputStreamOperator } from './stream-operator.js'

export class TimestampsAndWatermarksOperator
  extends AbstractStreamOperator
  implements OneInputStreamOperator, WatermarkOutput
{
  private readonly strategy: WatermarkStrategy<unknown>
  private readonly autoWatermarkIntervalMs: number
  private generator!: WatermarkGenerator<unknown>
  private cancelTimer: (() => void) | undefined

  constructor(strategy: WatermarkStrategy<unknown>, autoWatermarkIntervalMs: number) {
    super()
    this.strategy = strategy
    this.autoWatermarkIntervalMs = autoWatermarkIntervalMs
  }

  override open(): void {
    const pts = this.processingTimeService
    this.generator = this.strategy.createWatermarkGenerator({
      currentProcessingTime: () => pts.getCurrentProcessingTime(),
    })
    const interval = this.autoWatermarkIntervalMs
    if (interval > 0 && this.strategy.generatesWatermarks) {
      const tick = (time: number): void => {
        this.generator.onPeriodicEmit(this)
        this.cancelTimer = pts.registerTimer(time + interval, tick)
      }
      this.cancelTimer = pts.registerTimer(pts.getCurrentProcessingTime() + interval, tick)
    }
  }

  processElement(record: StreamRecord): void {
    const assigner = this.strategy.timestampAssigner
    if (assigner !== undefined) {
      record.timestamp = assigner(
        record.value,
        record.timestamp === record.timestamp ? record.timestamp : null,
      )
    }
    this.chainOutput.collect(record)
    this.generator.onEvent(record.value, record.timestamp, this)
  }

  override processWatermark(watermark: number): void {
    if (watermark === MAX_WATERMARK) this.emitWatermark(MAX_WATERMARK)
  }

  override finish(): void {
    this.cancelTimer?.()
  }

  // This operator decides the stream's WatermarkStatus from its own generator.
  override processWatermarkStatus(): void {}

  // ---- WatermarkOutput (to the generator; monotonic, with idleness) ----

  private readonly output = new MonotonicWatermarkOutput(
    (wm) => this.chainOutput.emitWatermark(wm),
    (idle) => this.chainOutput.emitWatermarkStatus(idle),
  )

  emitWatermark(watermark: number): void {
    this.output.emitWatermark(watermark)
  }

  markIdle(): void {
    this.output.markIdle()
  }

  markActive(): void {
    this.output.markActive()
  }
}
