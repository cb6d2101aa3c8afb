// Combines the watermarks and WatermarkStatus of an input's channels: the input's watermark is the
// minimum over the channels that are open, active and aligned (caught up with the watermark
// already emitted), emitted when it advances. An idle or finished channel does not hold time
// back; when every open channel is idle, the input is idle.
// Flink: org.apache.flink.streaming.runtime.watermarkstatus.StatusWatermarkValve.
import { MIN_WATERMARK } from '../../common/stream-element.js'

export class StatusWatermarkValve {
  private readonly channelWatermarks: Float64Array
  private readonly finished: boolean[]
  private readonly idle: boolean[]
  /** An active channel counts for the minimum once its watermark has caught up. */
  private readonly aligned: boolean[]
  private lastOutput = MIN_WATERMARK
  private outputIdle = false
  private readonly emit: (watermark: number) => void
  private readonly emitStatus: (idle: boolean) => void

  constructor(
    numberOfChannels: number,
    emit: (watermark: number) => void,
    emitStatus: (idle: boolean) => void = () => undefined,
  ) {
    this.channelWatermarks = new Float64Array(numberOfChannels).fill(MIN_WATERMARK)
    this.finished = new Array<boolean>(numberOfChannels).fill(false)
    this.idle = new Array<boolean>(numberOfChannels).fill(false)
    this.aligned = new Array<boolean>(numberOfChannels).fill(true)
    this.emit = emit
    this.emitStatus = emitStatus
  }

  inputWatermark(watermark: number, channel: number): void {
    // A watermark from an idle channel is ignored until it reports itself active again.
    if (this.idle[channel]) return
    if (watermark > this.channelWatermarks[channel]!) {
      this.channelWatermarks[channel] = watermark
      if (!this.aligned[channel] && watermark >= this.lastOutput) this.aligned[channel] = true
      this.advance()
    }
  }

  inputWatermarkStatus(idle: boolean, channel: number): void {
    if (this.idle[channel] === idle || this.finished[channel]) return
    this.idle[channel] = idle
    if (idle) {
      this.aligned[channel] = false
      // When the last active channel goes idle, time moves to the furthest any channel reached,
      // so that downstream windows can fire while the whole input rests (as Flink does).
      if (this.allOpenIdle()) this.advanceToMax()
      else this.advance()
      this.updateStatus()
    } else {
      this.aligned[channel] = this.channelWatermarks[channel]! >= this.lastOutput
      this.updateStatus()
    }
  }

  channelFinished(channel: number): void {
    this.finished[channel] = true
    this.updateStatus()
    this.advance()
  }

  private allOpenIdle(): boolean {
    let open = 0
    for (let c = 0; c < this.idle.length; c++) {
      if (this.finished[c]) continue
      open++
      if (!this.idle[c]) return false
    }
    return open > 0
  }

  private advanceToMax(): void {
    let max = MIN_WATERMARK
    for (let c = 0; c < this.channelWatermarks.length; c++) {
      // A finished channel sent the final watermark; it must not end time for the resting ones.
      if (!this.finished[c] && this.channelWatermarks[c]! > max) max = this.channelWatermarks[c]!
    }
    if (max > this.lastOutput) {
      this.lastOutput = max
      this.emit(max)
    }
  }

  private updateStatus(): void {
    const allIdle = this.allOpenIdle()
    if (allIdle !== this.outputIdle) {
      this.outputIdle = allIdle
      this.emitStatus(allIdle)
    }
  }

  private advance(): void {
    let min = Number.POSITIVE_INFINITY
    let counted = 0
    for (let c = 0; c < this.channelWatermarks.length; c++) {
      if (this.finished[c] || this.idle[c] || !this.aligned[c]) continue
      counted++
      if (this.channelWatermarks[c]! < min) min = this.channelWatermarks[c]!
    }
    if (counted > 0 && min > this.lastOutput) {
      this.lastOutput = min
      this.emit(min)
    }
  }
}
