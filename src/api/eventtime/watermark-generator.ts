// Watermark generators: they see every event's timestamp and say, on each event or periodically
// (pipeline.auto-watermark-interval), how far event time has certainly advanced. Watermarks are
// epoch milliseconds; -Infinity is Flink's Long.MIN_VALUE ("no time yet").
// Flink: org.apache.flink.api.common.eventtime.{WatermarkGenerator, WatermarkOutput,
// BoundedOutOfOrdernessWatermarks, AscendingTimestampsWatermarks, NoWatermarksGenerator}.

/** Where a generator emits watermarks and idleness. */
export interface WatermarkOutput {
  emitWatermark(watermark: number): void
  /** No events for a while: downstream may advance time without this input. */
  markIdle(): void
  /** Events again after `markIdle`. */
  markActive(): void
}

export interface WatermarkGenerator<T> {
  onEvent(event: T, eventTimestamp: number, output: WatermarkOutput): void
  onPeriodicEmit(output: WatermarkOutput): void
}

/**
 * Assumes events arrive at most `maxOutOfOrdernessMs` late: the watermark is the highest
 * timestamp seen minus that bound, minus 1 (a watermark t says no event with timestamp <= t
 * follows, and an event exactly `bound` late is still on time).
 */
export class BoundedOutOfOrdernessWatermarks<T> implements WatermarkGenerator<T> {
  private readonly outOfOrdernessMs: number
  private maxTimestamp = Number.NEGATIVE_INFINITY

  constructor(maxOutOfOrdernessMs: number) {
    this.outOfOrdernessMs = maxOutOfOrdernessMs
  }

  onEvent(_event: T, eventTimestamp: number): void {
    if (eventTimestamp > this.maxTimestamp) this.maxTimestamp = eventTimestamp
  }

  onPeriodicEmit(output: WatermarkOutput): void {
    output.emitWatermark(this.maxTimestamp - this.outOfOrdernessMs - 1)
  }
}

/** Timestamps never decrease: the out-of-orderness bound is 0. */
export class AscendingTimestampsWatermarks<T> extends BoundedOutOfOrdernessWatermarks<T> {
  constructor() {
    super(0)
  }
}

export class NoWatermarksGenerator<T> implements WatermarkGenerator<T> {
  onEvent(): void {}
  onPeriodicEmit(): void {}
}

/**
 * Marks the output idle when no event arrived for `idleTimeoutMs` of processing time, and active
 * again with the next event. Flink: WatermarksWithIdleness.
 */
export class WatermarksWithIdleness<T> implements WatermarkGenerator<T> {
  private readonly inner: WatermarkGenerator<T>
  private readonly idleTimeoutMs: number
  private readonly now: () => number
  private lastEvent: number
  private idle = false

  constructor(inner: WatermarkGenerator<T>, idleTimeoutMs: number, now: () => number) {
    this.inner = inner
    this.idleTimeoutMs = idleTimeoutMs
    this.now = now
    this.lastEvent = now()
  }

  onEvent(event: T, eventTimestamp: number, output: WatermarkOutput): void {
    this.lastEvent = this.now()
    if (this.idle) {
      this.idle = false
      output.markActive()
    }
    this.inner.onEvent(event, eventTimestamp, output)
  }

  onPeriodicEmit(output: WatermarkOutput): void {
    if (this.idle) return
    if (this.now() - this.lastEvent >= this.idleTimeoutMs) {
      this.idle = true
      output.markIdle()
      return
    }
    this.inner.onPeriodicEmit(output)
  }
}
