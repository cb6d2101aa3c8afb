// The producer side of one inbound data connection: a reader per requested subpartition, each with
// the credit its consumer granted, and the write loop that sends their buffers round-robin, one
// buffer per reader per turn, while the reader has credit and the socket is not backed up.
// Flink: PartitionRequestServerHandler + PartitionRequestQueue + CreditBasedSequenceNumberingViewReader.
import type { Socket } from 'node:net'
import { describe } from '../../core/errors.js'
import type { LocalChannel } from './local-channel.js'
import {
  ADD_CREDIT,
  ALL_RECEIVERS,
  CANCEL,
  NetworkMessageDecoder,
  NetworkProtocolError,
  PARTITION_REQUEST,
  bufferFrameLength,
  encodeBufferHeader,
  encodeError,
} from './network-message.js'
import type { NetworkMessageHandler } from './network-message.js'
import type { NetworkStats } from './partition-request-server.js'
import type { ResultPartitionManager, SubpartitionConsumer } from './result-partition-manager.js'

export interface PartitionRequestQueueOptions {
  readonly manager: ResultPartitionManager
  readonly maxFrameBytes: number
  readonly stats: NetworkStats
  /** One line per connection closed for a protocol error or a socket error. */
  readonly onError: (message: string) => void
  /** Called once, when the connection is gone. */
  readonly onClosed: (queue: PartitionRequestQueue) => void
}

/** One remote consumer's view of a subpartition. */
class SubpartitionReader implements SubpartitionConsumer {
  readonly receiverId: number
  readonly channelKey: string
  credit: number
  subpartition: LocalChannel | null = null
  isQueued = false
  isReleased = false
  private readonly queue: PartitionRequestQueue

  constructor(
    queue: PartitionRequestQueue,
    receiverId: number,
    channelKey: string,
    credit: number,
  ) {
    this.queue = queue
    this.receiverId = receiverId
    this.channelKey = channelKey
    this.credit = credit
  }

  attach(subpartition: LocalChannel): void {
    this.subpartition = subpartition
    // Called now if it already holds buffers, then on every empty → non-empty transition.
    subpartition.setConsumerListener(() => this.queue.notifyReaderAvailable(this))
  }

  release(reason: string): void {
    this.queue.releaseReader(this, reason)
  }
}

export class PartitionRequestQueue implements NetworkMessageHandler {
  /** 'host:port' of the consumer, for messages. */
  readonly remoteAddress: string
  private readonly socket: Socket
  private readonly options: PartitionRequestQueueOptions
  private readonly decoder: NetworkMessageDecoder
  private readonly readers = new Map<number, SubpartitionReader>()
  /** Readers with credit and buffers, in turn order. */
  private readonly available: SubpartitionReader[] = []
  private isWriteScheduled = false
  private isWaitingForDrain = false
  private isClosed = false

  constructor(socket: Socket, options: PartitionRequestQueueOptions) {
    this.socket = socket
    this.options = options
    this.remoteAddress = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`
    this.decoder = new NetworkMessageDecoder(
      this,
      [PARTITION_REQUEST, ADD_CREDIT, CANCEL],
      options.maxFrameBytes,
    )
    socket.setNoDelay(true)
    socket.on('data', this.onData)
    socket.on('drain', this.onDrain)
    socket.on('end', this.onEnd)
    socket.on('error', (e: Error) => this.abort(`socket error: ${describe(e)}`, false))
    socket.on('close', this.onClose)
  }

  private readonly onData = (chunk: Buffer): void => {
    this.options.stats.bytesReceived += chunk.length
    if (this.isClosed) return
    try {
      this.decoder.feed(chunk)
    } catch (e: unknown) {
      this.abort(describe(e), true)
    }
  }

  private readonly onEnd = (): void => {
    if (this.decoder.hasPartialFrame()) this.abort('truncated frame at end of stream', false)
    else this.socket.end()
  }

  private readonly onDrain = (): void => {
    this.isWaitingForDrain = false
    this.writeAvailable()
  }

  private readonly onClose = (): void => {
    this.isClosed = true
    for (const reader of this.readers.values()) {
      reader.isReleased = true
      this.options.manager.cancelRequest(reader.channelKey, reader)
    }
    this.readers.clear()
    this.available.length = 0
    this.options.onClosed(this)
  }

  onPartitionRequest(receiverId: number, credit: number, channelKey: string): void {
    if (this.readers.has(receiverId)) {
      throw new NetworkProtocolError(`duplicate partition request for receiver ${receiverId}`)
    }
    const reader = new SubpartitionReader(this, receiverId, channelKey, credit)
    this.readers.set(receiverId, reader)
    const refusal = this.options.manager.requestSubpartition(channelKey, reader)
    if (refusal !== null) {
      this.readers.delete(receiverId)
      reader.isReleased = true
      this.writeControl(encodeError(receiverId, refusal))
    }
  }

  onAddCredit(receiverId: number, credit: number): void {
    const reader = this.readers.get(receiverId)
    // Credit for a cancelled or refused request may still be in flight.
    if (reader === undefined) return
    reader.credit += credit
    this.notifyReaderAvailable(reader)
  }

  onCancel(receiverId: number): void {
    const reader = this.readers.get(receiverId)
    if (reader === undefined) return
    this.readers.delete(receiverId)
    reader.isReleased = true
    this.options.manager.cancelRequest(reader.channelKey, reader)
  }

  onBuffer(): void {
    throw new NetworkProtocolError('a consumer sent a BUFFER')
  }

  onError(): void {
    throw new NetworkProtocolError('a consumer sent an ERROR')
  }

  /** The reader got buffers or credit: it takes a turn in the write loop. */
  notifyReaderAvailable(reader: SubpartitionReader): void {
    if (reader.isQueued || reader.isReleased) return
    const subpartition = reader.subpartition
    if (subpartition === null || subpartition.size() === 0) return
    // An unaligned checkpoint's barrier needs no credit.
    if (reader.credit === 0 && !subpartition.headIsPriority()) return
    reader.isQueued = true
    this.available.push(reader)
    if (this.isWriteScheduled || this.isWaitingForDrain || this.isClosed) return
    this.isWriteScheduled = true
    // After the producer's current slice: its buffers go out in one corked write.
    queueMicrotask(this.writeAvailable)
  }

  /** The subpartition was released (or failed): the consumer gets an ERROR frame. */
  releaseReader(reader: SubpartitionReader, reason: string): void {
    if (reader.isReleased) return
    reader.isReleased = true
    this.readers.delete(reader.receiverId)
    this.writeControl(encodeError(reader.receiverId, reason))
  }

  private readonly writeAvailable = (): void => {
    this.isWriteScheduled = false
    if (this.isClosed || this.isWaitingForDrain) return
    const socket = this.socket
    const stats = this.options.stats
    const available = this.available
    let isWritable = true
    socket.cork()
    try {
      while (isWritable && available.length > 0) {
        const reader = available.shift()!
        reader.isQueued = false
        const subpartition = reader.subpartition
        if (reader.isReleased || subpartition === null) continue
        const isPriority = subpartition.headIsPriority()
        if (reader.credit === 0 && !isPriority) continue
        const buffer = subpartition.poll()
        if (buffer === null) continue
        if (bufferFrameLength(buffer.length) > this.options.maxFrameBytes) {
          this.options.manager.cancelRequest(reader.channelKey, reader)
          this.releaseReader(
            reader,
            `a buffer of ${buffer.length} bytes exceeds the maximum frame size of ` +
              `${this.options.maxFrameBytes} bytes (a record too large?)`,
          )
          continue
        }
        if (!isPriority) reader.credit--
        const header = encodeBufferHeader(reader.receiverId, buffer.length)
        socket.write(header)
        isWritable = socket.write(buffer)
        stats.bytesSent += header.length + buffer.length
        if (subpartition.size() > 0 && (reader.credit > 0 || subpartition.headIsPriority())) {
          reader.isQueued = true
          available.push(reader)
        }
      }
    } catch (e: unknown) {
      this.abort(`failed to write: ${describe(e)}`, false)
    } finally {
      socket.uncork()
    }
    if (!isWritable) this.isWaitingForDrain = true
  }

  private writeControl(frame: Buffer): void {
    if (this.isClosed) return
    this.options.stats.bytesSent += frame.length
    this.socket.write(frame)
  }

  /** Reports one line and closes the connection; the consumer gets an ERROR for all if it can. */
  private abort(reason: string, isToldToPeer: boolean): void {
    if (this.isClosed) return
    this.isClosed = true
    this.options.onError(`Closing data connection from ${this.remoteAddress}: ${reason}`)
    if (!isToldToPeer) {
      this.socket.destroy()
      return
    }
    const frame = encodeError(ALL_RECEIVERS, reason)
    this.options.stats.bytesSent += frame.length
    this.socket.end(frame, () => this.socket.destroy())
  }

  /** Closes the connection without a word (the environment shuts down). */
  close(): void {
    this.isClosed = true
    this.socket.destroy()
  }
}
