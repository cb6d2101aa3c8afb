// How a source (or assignTimestampsAndWatermarks) assigns event timestamps and generates
// watermarks: a timestamp assigner plus a watermark generator factory, optionally with idleness
// detection and watermark alignment. Flink: org.apache.flink.api.common.eventtime.WatermarkStrategy.
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
 * Sources of one alignment group do not let their watermarks drift further than
 * `maxAllowedWatermarkDriftMs` ahead of the group's lowest: a source reader whose watermark is
 * ahead stops reading until the others catch up. Flink: WatermarkAlignmentParams.
 */
export interface WatermarkAlignmentParams {
  readonly watermarkGroup: string
  readonly maxAllowedWatermarkDriftMs: number
  /** How often readers report their watermark and the coordinator announces the limit. */
  readonly updateIntervalMs: number
}

interface StrategyFields<T> {
  readonly supplier: WatermarkGeneratorSupplier<T>
  /** False only for noWatermarks(): the runtime then skips watermark generation entirely. */
  readonly generatesWatermarks: boolean
  readonly timestampAssigner: TimestampAssigner<T> | undefined
  readonly idleTimeoutMs: number | undefined
  readonly alignment: WatermarkAlignmentParams | undefined
}

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
  readonly alignment: WatermarkAlignmentParams | undefined

  private constructor(fields: StrategyFields<T>) {
    this.supplier = fields.supplier
    this.generatesWatermarks = fields.generatesWatermarks
    this.timestampAssigner = fields.timestampAssigner
    this.idleTimeoutMs = fields.idleTimeoutMs
    this.alignment = fields.alignment
  }

  private static of<T>(
    supplier: WatermarkGeneratorSupplier<T>,
    generatesWatermarks = true,
  ): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>({
      supplier,
      generatesWatermarks,
      timestampAssigner: undefined,
      idleTimeoutMs: undefined,
      alignment: undefined,
    })
  }

  private with(changes: Partial<StrategyFields<T>>): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>({
      supplier: this.supplier,
      generatesWatermarks: this.generatesWatermarks,
      timestampAssigner: this.timestampAssigner,
      idleTimeoutMs: this.idleTimeoutMs,
      alignment: this.alignment,
      ...changes,
    })
  }

  static noWatermarks<T>(): WatermarkStrategy<T> {
    return WatermarkStrategy.of<T>(() => new NoWatermarksGenerator<T>(), false)
  }

  static forMonotonousTimestamps<T>(): WatermarkStrategy<T> {
    return WatermarkStrategy.of<T>(() => new AscendingTimestampsWatermarks<T>())
  }

  static forBoundedOutOfOrderness<T>(maxOutOfOrdernessMs: number): WatermarkStrategy<T> {
    if (!Number.isFinite(maxOutOfOrdernessMs) || maxOutOfOrdernessMs < 0) {
      throw new InvalidProgramError(
        `forBoundedOutOfOrderness needs a non-negative number of milliseconds, got ${maxOutOfOrdernessMs}`,
      )
    }
    return WatermarkStrategy.of<T>(
      () => new BoundedOutOfOrdernessWatermarks<T>(maxOutOfOrdernessMs),
    )
  }

  /** A custom generator, created once per parallel instance. */
  static forGenerator<T>(supplier: WatermarkGeneratorSupplier<T>): WatermarkStrategy<T> {
    return WatermarkStrategy.of<T>(supplier)
  }

  withTimestampAssigner(assigner: TimestampAssigner<T>): WatermarkStrategy<T> {
    return this.with({ timestampAssigner: assigner })
  }

  /** Marks the input idle after `idleTimeoutMs` without events, so it does not hold time back. */
  withIdleness(idleTimeoutMs: number): WatermarkStrategy<T> {
    if (!Number.isFinite(idleTimeoutMs) || idleTimeoutMs <= 0) {
      throw new InvalidProgramError(
        `withIdleness needs a positive number of milliseconds, got ${idleTimeoutMs}`,
      )
    }
    return this.with({ idleTimeoutMs })
  }

  /**
   * Aligns the watermarks of every source that uses a strategy with the same `watermarkGroup`:
   * a source reader more than `maxAllowedWatermarkDriftMs` ahead of the group's lowest watermark
   * pauses. Only sources (`fromSource`) align; assignTimestampsAndWatermarks ignores it, as Flink.
   */
  withWatermarkAlignment(
    watermarkGroup: string,
    maxAllowedWatermarkDriftMs: number,
    updateIntervalMs = 1000,
  ): WatermarkStrategy<T> {
    if (typeof watermarkGroup !== 'string' || watermarkGroup === '') {
      throw new InvalidProgramError('withWatermarkAlignment needs a non-empty watermark group name')
    }
    for (const [name, value] of [
      ['maxAllowedWatermarkDriftMs', maxAllowedWatermarkDriftMs],
      ['updateIntervalMs', updateIntervalMs],
    ] as const) {
      if (!Number.isFinite(value) || value <= 0) {
        throw new InvalidProgramError(
          `withWatermarkAlignment needs a positive ${name}, got ${value}`,
        )
      }
    }
    return this.with({
      alignment: { watermarkGroup, maxAllowedWatermarkDriftMs, updateIntervalMs },
    })
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
