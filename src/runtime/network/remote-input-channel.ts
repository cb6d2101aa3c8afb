// The consumer end of a subpartition in another TaskManager, fed by the shared connection to it.
// It holds at most `credit` unread buffers: every poll frees a slot, which the connection
// announces to the producer (batched, once per turn of the event loop).
// Flink: org.apache.flink.runtime.io.network.partition.consumer.RemoteInputChannel.
import type { InputChannel } from './input-channel.js'
import { NetworkProtocolError } from './network-message.js'
import type { PartitionRequestClient } from './partition-request-client.js'
import type { RemoteChannelError } from './remote-channel-error.js'
import { isPriorityBuffer, overtakingMore } from './priority-barrier.js'

export class RemoteInputChannel implements InputChannel {
  readonly channelKey: string
  readonly producerAddress: string
  /** This channel's id on its connection. */
  readonly receiverId: number
  /** The buffers it may hold unread: its exclusive buffers, the producer's initial credit. */
  readonly credit: number
  /** Slots freed by `poll` and not yet announced to the producer (the connection resets it). */
  unannouncedCredit = 0
  isReleased = false
  private readonly client: PartitionRequestClient
  private readonly queue: Uint8Array[] = []
  private head = 0
  private listener: (() => void) | null = null
  private error: RemoteChannelError | null = null
  /** Priority barriers in the queue: they take no credit. */
  private priorityQueued = 0

  constructor(
    client: PartitionRequestClient,
    receiverId: number,
    channelKey: string,
    credit: number,
  ) {
    this.client = client
    this.receiverId = receiverId
    this.channelKey = channelKey
    this.producerAddress = client.producerAddress
    this.credit = credit
  }

  setConsumerListener(listener: () => void): void {
    this.listener = listener
    if (this.size() > 0) listener()
  }

  size(): number {
    return this.queue.length - this.head + (this.error === null ? 0 : 1)
  }

  poll(): Uint8Array | null {
    if (this.head < this.queue.length) {
      const buffer = this.queue[this.head]!
      this.queue[this.head++] = EMPTY
      if (this.head === this.queue.length) {
        this.queue.length = 0
        this.head = 0
      }
      // A priority barrier came without credit: it frees none.
      if (this.priorityQueued > 0 && isPriorityBuffer(buffer)) this.priorityQueued--
      else if (this.error === null) {
        const unannounced = ++this.unannouncedCredit
        if (unannounced === 1) this.client.notifyCreditAvailable(this)
        // A consumer slice may run for milliseconds: once half the window is free, announce it
        // at once so the producer is not left waiting for the slice to end.
        else if (unannounced * 2 >= this.credit) this.client.announceCreditNow()
      }
      return buffer
    }
    if (this.error !== null) throw this.error
    return null
  }

  peek(index: number): Uint8Array | null {
    return this.queue[this.head + index] ?? null
  }

  /** A buffer arrived (from the connection). Throws if the producer had no credit for it. */
  onBuffer(buffer: Uint8Array): void {
    const queued = this.queue.length - this.head
    if (isPriorityBuffer(buffer)) {
      // An unaligned checkpoint's barrier overtakes the buffers queued here too.
      this.queue.splice(this.head, 0, queued === 0 ? buffer : overtakingMore(buffer, queued))
      this.priorityQueued++
      if (this.error === null) this.listener?.()
      return
    }
    if (queued - this.priorityQueued >= this.credit) {
      throw new NetworkProtocolError(
        `producer ${this.producerAddress} sent a buffer for ${this.channelKey} without credit`,
      )
    }
    this.queue.push(buffer)
    if (queued === 0 && this.error === null) this.listener?.()
  }

  /** The channel failed: buffers received so far are still returned, then `poll` throws. */
  onError(error: RemoteChannelError): void {
    if (this.error !== null) return
    this.error = error
    this.listener?.()
  }

  /** Stops reading: the producer is told to cancel the subpartition request. */
  release(): void {
    if (this.isReleased) return
    this.isReleased = true
    this.queue.length = 0
    this.head = 0
    this.priorityQueued = 0
    this.client.cancel(this)
  }
}

const EMPTY = new Uint8Array(0)
