// The consumer side of one logical input: the channels from every producer subtask of the
// upstream vertices. Hands out buffers channel by channel in the order channels got data, one
// buffer per turn, so no producer starves another. Flink: SingleInputGate / UnionInputGate.
import type { LocalChannel } from './local-channel.js'

export class InputGate {
  readonly channels: readonly LocalChannel[]
  private readonly ready: number[] = []
  private readonly isQueued: boolean[]
  private readonly isFinished: boolean[]
  private finishedCount = 0
  private availability: Promise<void> | null = null
  private resolveAvailability: (() => void) | null = null
  /** The channel of the buffer `pollNext` returned last. */
  lastChannel = -1

  constructor(channels: readonly LocalChannel[]) {
    this.channels = channels
    this.isQueued = channels.map(() => false)
    this.isFinished = channels.map(() => false)
    channels.forEach((ch, i) => ch.setConsumerListener(() => this.enqueue(i)))
  }

  private enqueue(channel: number): void {
    if (this.isQueued[channel]) return
    this.isQueued[channel] = true
    this.ready.push(channel)
    const resolve = this.resolveAvailability
    if (resolve !== null) {
      this.availability = null
      this.resolveAvailability = null
      resolve()
    }
  }

  pollNext(): Uint8Array | null {
    while (this.ready.length > 0) {
      const channel = this.ready.shift()!
      const buffer = this.channels[channel]!.poll()
      if (this.channels[channel]!.size() > 0) this.ready.push(channel)
      else this.isQueued[channel] = false
      if (buffer !== null) {
        this.lastChannel = channel
        return buffer
      }
    }
    return null
  }

  /** Marks a channel finished (its producer sent end-of-partition). */
  finishChannel(channel: number): void {
    if (this.isFinished[channel]) return
    this.isFinished[channel] = true
    this.finishedCount++
  }

  isChannelFinished(channel: number): boolean {
    return this.isFinished[channel]!
  }

  isFinishedAll(): boolean {
    return this.finishedCount === this.channels.length
  }

  hasData(): boolean {
    return this.ready.length > 0
  }

  /** Resolves when a buffer may be available. */
  getAvailableFuture(): Promise<void> {
    if (this.ready.length > 0) return Promise.resolve()
    this.availability ??= new Promise<void>((resolve) => {
      this.resolveAvailability = resolve
    })
    return this.availability
  }
}
