// Combines the watermarks of an input's channels: the input's watermark is the minimum over the
// channels still open, emitted when it advances. A finished channel no longer holds time back.
// Flink: org.apache.flink.streaming.runtime.watermarkstatus.StatusWatermarkValve (idleness: #4).
import { MIN_WATERMARK } from '../../common/stream-element.js'

export class StatusWatermarkValve {
  private readonly channelWatermarks: Float64Array
  private readonly finished: boolean[]
  private lastOutput = MIN_WATERMARK
  private readonly emit: (watermark: number) => void

  constructor(numberOfChannels: number, emit: (watermark: number) => void) {
    this.channelWatermarks = new Float64Array(numberOfChannels).fill(MIN_WATERMARK)
    this.finished = new Array<boolean>(numberOfChannels).fill(false)
    this.emit = emit
  }

  inputWatermark(watermark: number, channel: number): void {
    if (watermark > this.channelWatermarks[channel]!) {
      this.channelWatermarks[channel] = watermark
      this.advance()
    }
  }

  channelFinished(channel: number): void {
    this.finished[channel] = true
    this.advance()
  }

  private advance(): void {
    let min = Number.POSITIVE_INFINITY
    let open = 0
    for (let c = 0; c < this.channelWatermarks.length; c++) {
      if (this.finished[c]) continue
      open++
      if (this.channelWatermarks[c]! < min) min = this.channelWatermarks[c]!
    }
    if (open > 0 && min > this.lastOutput) {
      this.lastOutput = min
      this.emit(min)
    }
  }
}
