// How a source (or assignTimestampsAndWatermarks) assigns event timestamps and generates
// watermarks: a timestamp assigner plus a watermark generator factory, optionally with idleness
// detection. Flink: org.apache.flink.api.common.eventtime.WatermarkStrategy.
import { InvalidProgramError } from '../../core/errors.js'
import {
  AscendingTimestampsWatermarks,
  BoundedOutOfOrdernessWatermarks,
  NoWatermarksGenerator,
  WatermarksWithIdleness,
  type WatermarkGenerator,
} from './watermark-generator.js'

export type TimestampAssigner<T> = (element: T, recordTimestamp: number | null) => number

/** What a generator factory gets: the processing-time clock of its task (for idleness). */
export interface WatermarkGeneratorContext {
  currentProcessingTime(): number
}

export type WatermarkGeneratorSupplier<T> = (
  context: WatermarkGeneratorContext,
) => WatermarkGenerator<T>

/**
 * @public
 * @example
 * WatermarkStrategy.forBoundedOutOfOrderness<Click>(5_000).withTimestampAssigner((c) => c.ts)
 */
export class WatermarkStrategy<T> {
  readonly timestampAssigner: TimestampAssigner<T> | undefined
  private readonly supplier: WatermarkGeneratorSupplier<T>
  /** False only for noWatermarks(): the runtime then skips watermark generation entirely. */
  readonly generatesWatermarks: boolean
  readonly idleTimeoutMs: number | undefined

  private constructor(
    supplier: WatermarkGeneratorSupplier<T>,
    generatesWatermarks: boolean,
    timestampAssigner: TimestampAssigner<T> | undefined,
    idleTimeoutMs: number | undefined,
  ) {
    this.supplier = supplier
    this.generatesWatermarks = generatesWatermarks
    this.timestampAssigner = timestampAssigner
    this.idleTimeoutMs = idleTimeoutMs
  }

  static noWatermarks<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(
      () => new NoWatermarksGenerator<T>(),
      false,
      undefined,
      undefined,
    )
  }

  static forMonotonousTimestamps<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(
      () => new AscendingTimestampsWatermarks<T>(),
      true,
      undefined,
      undefined,
    )
  }

  static forBoundedOutOfOrderness<T>(maxOutOfOrdernessMs: number): WatermarkStrategy<T> {
    if (!Number.isFinite(maxOutOfOrdernessMs) || maxOutOfOrdernessMs < 0) {
      throw new InvalidProgramError(
        `forBoundedOutOfOrderness needs a non-negative number of milliseconds, got ${maxOutOfOrdernessMs}`,
      )
    }
    return new WatermarkStrategy<T>(
      () => new BoundedOutOfOrdernessWatermarks<T>(maxOutOfOrdernessMs),
      true,
      undefined,
      undefined,
    )
  }

  /** A custom generator, created once per parallel instance. */
  static forGenerator<T>(supplier: WatermarkGeneratorSupplier<T>): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(supplier, true, undefined, undefined)
  }

  withTimestampAssigner(assigner: TimestampAssigner<T>): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(
      this.supplier,
      this.generatesWatermarks,
      assigner,
      this.idleTimeoutMs,
    )
  }

  /** Marks the input idle after `idleTimeoutMs` without events, so it does not hold time back. */
  withIdleness(idleTimeoutMs: number): WatermarkStrategy<T> {
    if (!Number.isFinite(idleTimeoutMs) || idleTimeoutMs <= 0) {
      throw new InvalidProgramError(
        `withIdleness needs a positive number of milliseconds, got ${idleTimeoutMs}`,
      )
    }
    return new WatermarkStrategy<T>(
      this.supplier,
      this.generatesWatermarks,
      this.timestampAssigner,
      idleTimeoutMs,
    )
  }

  createWatermarkGenerator(context: WatermarkGeneratorContext): WatermarkGenerator<T> {
    const generator = this.supplier(context)
    return this.idleTimeoutMs === undefined
      ? generator
      : new WatermarksWithIdleness(generator, this.idleTimeoutMs, () =>
          context.currentProcessingTime(),
        )
  }
}
