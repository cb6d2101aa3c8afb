// The WatermarkOutput that generators write to in sources and assignTimestampsAndWatermarks.
// Flink: WatermarkToDataOutput.
import type { WatermarkOutput } from '../../../api/eventtime/watermark-generator.js'

/**
 * Emits only watermarks that advance time (generators may repeat or regress), and WatermarkStatus
 * changes; a watermark from an idle output makes it active first.
 */
export class MonotonicWatermarkOutput implements WatermarkOutput {
  private current = Number.NEGATIVE_INFINITY
  private idle = false
  private readonly emit: (watermark: number) => void
  private readonly emitStatus: (idle: boolean) => void

  constructor(emit: (watermark: number) => void, emitStatus: (idle: boolean) => void) {
    this.emit = emit
    this.emitStatus = emitStatus
  }

  /** The last watermark emitted. */
  currentWatermark(): number {
    return this.current
  }

  emitWatermark(watermark: number): void {
    if (watermark <= this.current) return
    this.markActive()
    this.current = watermark
    this.emit(watermark)
  }

  markIdle(): void {
    if (this.idle) return
    this.idle = true
    this.emitStatus(true)
  }

  markActive(): void {
    if (!this.idle) return
    this.idle = false
    this.emitStatus(false)
  }
}
