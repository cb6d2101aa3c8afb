// The consumer side of one logical input: the channels from every producer subtask of the
// upstream vertices. Hands out buffers channel by channel in the order channels got data, one
// buffer per turn, so no producer starves another. A channel that failed throws from `pollNext`
// (its error fails the task); a finished channel is never polled again.
// Flink: SingleInputGate / UnionInputGate.
import type { InputChannel } from './input-channel.js'

export class InputGate {
  readonly channels: readonly InputChannel[]
  private readonly ready: number[] = []
  private readonly isQueued: boolean[]
  private readonly isFinished: boolean[]
  private finishedCount = 0
  private availability: Promise<void> | null = null
  private resolveAvailability: (() => void) | null = null
  /** The channel of the buffer `pollNext` returned last. */
  lastChannel = -1

  constructor(channels: readonly InputChannel[]) {
    this.channels = channels
    this.isQueued = channels.map(() => false)
    this.isFinished = channels.map(() => false)
    channels.forEach((ch, i) => ch.setConsumerListener(() => this.enqueue(i)))
  }

  private enqueue(channel: number): void {
    if (this.isQueued[channel] || this.isFinished[channel]) return
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
    const ready = this.ready
    while (ready.length > 0) {
      const channel = ready[0]!
      if (this.isFinished[channel]) {
        // Nothing follows end-of-partition; a release error arriving after it is no failure.
        ready.shift()
        this.isQueued[channel] = false
        continue
      }
      const input = this.channels[channel]!
      // If poll throws (a failed channel), the channel stays first in line, so the gate keeps
      // reporting data and every later poll throws the same error.
      const buffer = input.poll()
      ready.shift()
      if (input.size() > 0) ready.push(channel)
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
