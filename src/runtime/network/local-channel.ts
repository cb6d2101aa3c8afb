// A bounded queue of buffers from one producer subpartition to one consumer input channel in the
// same process. Its capacity is the credit the consumer grants: a producer writes only while the
// channel has credit (checked by the task before it takes more input), so memory stays bounded and
// a slow consumer slows its producers (backpressure). Across processes the same queue is the
// producer's subpartition, drained by the data server. Flink: LocalInputChannel + PipelinedSubpartition.
import type { InputChannel } from './input-channel.js'
import { isPriorityBuffer } from './priority-barrier.js'

export class LocalChannel implements InputChannel {
  /** Buffers the consumer may hold unread; the producer's credit. */
  readonly capacity: number
  private readonly queue: Uint8Array[] = []
  private head = 0
  private consumerListener: (() => void) | null = null
  private creditWaiters: (() => void)[] = []

  constructor(capacity: number) {
    this.capacity = Math.max(1, capacity)
  }

  /** Called when the channel goes from empty to non-empty, and at once if it is not empty. */
  setConsumerListener(listener: () => void): void {
    this.consumerListener = listener
    if (this.size() > 0) listener()
  }

  size(): number {
    return this.queue.length - this.head
  }

  hasCredit(): boolean {
    return this.queue.length - this.head < this.capacity
  }

  /** Resolves when the channel has credit again. */
  whenCredit(): Promise<void> {
    if (this.hasCredit()) return Promise.resolve()
    return new Promise((resolve) => this.creditWaiters.push(resolve))
  }

  push(buffer: Uint8Array): void {
    const wasEmpty = this.size() === 0
    this.queue.push(buffer)
    if (wasEmpty) this.consumerListener?.()
  }

  /**
   * A priority buffer (an unaligned checkpoint's barrier) ahead of every queued one. The consumer
   * hears of it even when the queue was not empty: it may pass a consumer without credit.
   */
  pushFirst(buffer: Uint8Array): void {
    this.queue.splice(this.head, 0, buffer)
    this.consumerListener?.()
  }

  /** Whether the next buffer is a priority one, which needs no credit. */
  headIsPriority(): boolean {
    return this.head < this.queue.length && isPriorityBuffer(this.queue[this.head]!)
  }

  peek(index: number): Uint8Array | null {
    return this.queue[this.head + index] ?? null
  }

  /** The queued buffers, next first (a copy of the list). */
  queued(): Uint8Array[] {
    return this.queue.slice(this.head)
  }

  /** Where `buffer` is among the queued buffers (0: next), or -1 when it was taken. */
  indexOf(buffer: Uint8Array): number {
    const i = this.queue.indexOf(buffer, this.head)
    return i < 0 ? -1 : i - this.head
  }

  /** Replaces the queued buffer at `index` (from `indexOf`), or removes it. */
  replace(index: number, buffer: Uint8Array | undefined): void {
    if (buffer === undefined) this.queue.splice(this.head + index, 1)
    else this.queue[this.head + index] = buffer
  }

  poll(): Uint8Array | null {
    if (this.head === this.queue.length) return null
    const buffer = this.queue[this.head]!
    this.queue[this.head++] = EMPTY
    if (this.head === this.queue.length) {
      this.queue.length = 0
      this.head = 0
    }
    if (this.creditWaiters.length > 0 && this.hasCredit()) {
      const waiters = this.creditWaiters
      this.creditWaiters = []
      for (const w of waiters) w()
    }
    return buffer
  }
}

const EMPTY = new Uint8Array(0)
