// How a source assigns event timestamps and watermarks. This issue carries the strategy with the
// source; generating watermarks from it is the event-time issue's work (#4).
// Flink: org.apache.flink.api.common.eventtime.WatermarkStrategy.

export type TimestampAssigner<T> = (element: T, recordTimestamp: number | null) => number

export type WatermarkGeneratorKind = 'noWatermarks' | 'monotonous' | 'boundedOutOfOrderness'

/**
 * @public
 * @example
 * WatermarkStrategy.forBoundedOutOfOrderness<Click>(5_000).withTimestampAssigner((c) => c.ts)
 */
export class WatermarkStrategy<T> {
  readonly generator: WatermarkGeneratorKind
  readonly maxOutOfOrdernessMs: number
  readonly timestampAssigner: TimestampAssigner<T> | undefined

  private constructor(
    generator: WatermarkGeneratorKind,
    maxOutOfOrdernessMs: number,
    timestampAssigner?: TimestampAssigner<T>,
  ) {
    this.generator = generator
    this.maxOutOfOrdernessMs = maxOutOfOrdernessMs
    this.timestampAssigner = timestampAssigner
  }

  static noWatermarks<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>('noWatermarks', 0)
  }

  static forMonotonousTimestamps<T>(): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>('monotonous', 0)
  }

  static forBoundedOutOfOrderness<T>(maxOutOfOrdernessMs: number): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>('boundedOutOfOrderness', maxOutOfOrdernessMs)
  }

  withTimestampAssigner(assigner: TimestampAssigner<T>): WatermarkStrategy<T> {
    return new WatermarkStrategy<T>(this.generator, this.maxOutOfOrdernessMs, assigner)
  }
}
