// The ReaderOutput a source operator hands its reader when timestamps or watermarks are generated:
// records get the assigner's timestamp, and each split runs its own watermark generator. The
// source's watermark is the minimum over the splits that are not idle; when every split is idle
// the source is. Records emitted on the reader output itself use one more, reader-wide generator.
// Flink: ProgressiveTimestampsAndWatermarks, SourceOutputWithWatermarks, WatermarkOutputMultiplexer.
import type { ReaderOutput, SourceOutput } from '../../../api/connector/source/source.js'
import type {
  WatermarkGenerator,
  WatermarkOutput,
} from '../../../api/eventtime/watermark-generator.js'
import type { TimestampAssigner } from '../../../api/eventtime/watermark-strategy.js'
import { NO_TIMESTAMP, StreamRecord } from '../../common/stream-element.js'
import type { Output } from './stream-operator.js'

/** Emits records with their event timestamp and feeds the generator. */
class TimestampingOutput implements SourceOutput<unknown> {
  private readonly output: Output
  private readonly assigner: TimestampAssigner<unknown> | undefined
  private readonly generator: WatermarkGenerator<unknown> | undefined
  private readonly watermarks: WatermarkOutput
  private readonly record: StreamRecord<unknown>
  used = false

  constructor(
    output: Output,
    record: StreamRecord<unknown>,
    assigner: TimestampAssigner<unknown> | undefined,
    generator: WatermarkGenerator<unknown> | undefined,
    watermarks: WatermarkOutput,
  ) {
    this.output = output
    this.record = record
    this.assigner = assigner
    this.generator = generator
    this.watermarks = watermarks
  }

  collect(value: unknown, timestamp?: number): void {
    const ts = timestamp === undefined ? NO_TIMESTAMP : timestamp
    const eventTime = this.assigner === undefined ? ts : this.assigner(value, ts === ts ? ts : null)
    this.used = true
    this.record.value = value
    this.record.timestamp = eventTime
    this.output.collect(this.record)
    if (this.generator !== undefined) this.generator.onEvent(value, eventTime, this.watermarks)
  }

  periodicEmit(): void {
    this.generator?.onPeriodicEmit(this.watermarks)
  }
}

/** One split's view of time: what its generator said last. */
class SplitWatermark implements WatermarkOutput {
  watermark = Number.NEGATIVE_INFINITY
  idle = false
  private readonly changed: () => void

  constructor(changed: () => void) {
    this.changed = changed
  }

  emitWatermark(watermark: number): void {
    const wasIdle = this.idle
    this.idle = false
    if (watermark > this.watermark) {
      this.watermark = watermark
      this.changed()
    } else if (wasIdle) this.changed()
  }

  markIdle(): void {
    if (this.idle) return
    this.idle = true
    this.changed()
  }

  markActive(): void {
    if (!this.idle) return
    this.idle = false
    this.changed()
  }
}

export class SourceReaderOutput implements ReaderOutput<unknown> {
  private readonly output: Output
  private readonly assigner: TimestampAssigner<unknown> | undefined
  private readonly createGenerator: (() => WatermarkGenerator<unknown>) | undefined
  /** Monotonic, shared by the reader-wide generator and the split minimum. */
  private readonly watermarks: WatermarkOutput
  private readonly record = new StreamRecord<unknown>(undefined)
  private readonly main: TimestampingOutput
  private readonly splits = new Map<string, { out: TimestampingOutput; wm: SplitWatermark }>()
  private readonly onSplitChange = (): void => this.combine()

  constructor(
    output: Output,
    assigner: TimestampAssigner<unknown> | undefined,
    createGenerator: (() => WatermarkGenerator<unknown>) | undefined,
    watermarks: WatermarkOutput,
  ) {
    this.output = output
    this.assigner = assigner
    this.createGenerator = createGenerator
    this.watermarks = watermarks
    this.main = new TimestampingOutput(
      output,
      this.record,
      assigner,
      createGenerator?.(),
      watermarks,
    )
  }

  collect(value: unknown, timestamp?: number): void {
    this.main.collect(value, timestamp)
  }

  createOutputForSplit(splitId: string): SourceOutput<unknown> {
    let split = this.splits.get(splitId)
    if (split === undefined) {
      const wm = new SplitWatermark(this.onSplitChange)
      const out = new TimestampingOutput(
        this.output,
        this.record,
        this.assigner,
        this.createGenerator?.(),
        wm,
      )
      split = { out, wm }
      this.splits.set(splitId, split)
    }
    return split.out
  }

  releaseOutputForSplit(splitId: string): void {
    if (this.splits.delete(splitId)) this.combine()
  }

  /** Every auto-watermark interval: each generator may emit; the split minimum goes out once. */
  periodicEmit(): void {
    // The reader-wide generator of a reader that emits per split stays silent: it must not
    // declare the source idle or add a watermark of its own. A reader with no split outputs
    // (between splits, or one that reads without splits) is timed by it, so it can go idle.
    if (this.splits.size === 0 || this.main.used) this.main.periodicEmit()
    for (const split of this.splits.values()) split.out.periodicEmit()
  }

  private combine(): void {
    if (this.splits.size === 0) return
    let min = Number.POSITIVE_INFINITY
    let allIdle = true
    for (const { wm } of this.splits.values()) {
      if (wm.idle) continue
      allIdle = false
      if (wm.watermark < min) min = wm.watermark
    }
    if (allIdle) {
      this.watermarks.markIdle()
      return
    }
    this.watermarks.markActive()
    if (min > Number.NEGATIVE_INFINITY) this.watermarks.emitWatermark(min)
  }
}
