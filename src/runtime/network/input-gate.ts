// The consumer side of one logical input: the channels from every producer subtask of the
// upstream vertices. Hands out buffers channel by channel in the order channels got data, one
// buffer per turn, so no producer starves another. A channel that failed throws from `pollNext`
// (its error fails the task); a finished channel is never polled again. For checkpoint alignment
// a channel can be blocked (not polled until unblocked), and the part of a buffer that followed a
// barrier can be put back, to be the channel's next buffer.
// Flink: SingleInputGate / UnionInputGate (+ CheckpointedInputGate's blocking).
import type { InputChannel } from './input-channel.js'

export class InputGate {
  readonly channels: readonly InputChannel[]
  private readonly ready: number[] = []
  private readonly isQueued: boolean[]
  private readonly isFinished: boolean[]
  private finishedCount = 0
  private readonly isBlocked: boolean[]
  /** Per channel, bytes put back to be returned before the channel's next buffer. */
  private readonly putBack: (Uint8Array | undefined)[]
  private availability: Promise<void> | null = null
  private resolveAvailability: (() => void) | null = null
  /** The channel of the buffer `pollNext` returned last. */
  lastChannel = -1

  constructor(channels: readonly InputChannel[]) {
    this.channels = channels
    this.isQueued = channels.map(() => false)
    this.isFinished = channels.map(() => false)
    this.isBlocked = channels.map(() => false)
    this.putBack = channels.map(() => undefined)
    channels.forEach((ch, i) => ch.setConsumerListener(() => this.enqueue(i)))
  }

  private enqueue(channel: number): void {
    if (this.isQueued[channel] || this.isFinished[channel] || this.isBlocked[channel]) return
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
      if (this.isBlocked[channel]) {
        ready.shift()
        this.isQueued[channel] = false
        continue
      }
      const input = this.channels[channel]!
      const stashed = this.putBack[channel]
      // If poll throws (a failed channel), the channel stays first in line, so the gate keeps
      // reporting data and every later poll throws the same error.
      const buffer = stashed ?? input.poll()
      this.putBack[channel] = undefined
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

  /** Stops handing out the channel's buffers until `unblockAll`. */
  blockChannel(channel: number): void {
    this.isBlocked[channel] = true
  }

  /** Hands out blocked channels' buffers again, put-back bytes first. */
  unblockAll(): void {
    for (let c = 0; c < this.channels.length; c++) {
      if (!this.isBlocked[c]) continue
      this.isBlocked[c] = false
      if (this.putBack[c] !== undefined || this.channels[c]!.size() > 0) this.enqueue(c)
    }
  }

  /** `bytes` (the rest of the buffer last polled from `channel`) come before its next buffer. */
  putBackRemainder(channel: number, bytes: Uint8Array): void {
    this.putBack[channel] = bytes
    this.enqueue(channel)
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
