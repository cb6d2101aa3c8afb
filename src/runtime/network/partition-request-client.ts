// The consumer side of one TCP connection to a producer TaskManager, shared by every channel this
// TaskManager reads from there: sends partition requests, credit and cancels, and routes BUFFER
// and ERROR frames to the channels. When the connection breaks, every channel on it fails.
// Flink: NettyPartitionRequestClient + CreditBasedPartitionRequestClientHandler.
import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { EddyError, describe } from '../../core/errors.js'
import {
  ALL_RECEIVERS,
  BUFFER,
  ERROR,
  NetworkMessageDecoder,
  NetworkProtocolError,
  encodeAddCredit,
  encodeCancel,
  encodePartitionRequest,
} from './network-message.js'
import type { NetworkMessageHandler } from './network-message.js'
import { RemoteChannelError } from './remote-channel-error.js'
import type { RemoteChannelErrorCode } from './remote-channel-error.js'
import { RemoteInputChannel } from './remote-input-channel.js'
import type { NetworkStats } from './partition-request-server.js'

export interface PartitionRequestClientOptions {
  readonly maxFrameBytes: number
  readonly stats: NetworkStats
  /** Called once, when the connection is gone: the owner opens a new one for later channels. */
  readonly onClosed: (client: PartitionRequestClient) => void
}

export class PartitionRequestClient implements NetworkMessageHandler {
  readonly producerAddress: string
  private readonly socket: Socket
  private readonly options: PartitionRequestClientOptions
  private readonly decoder: NetworkMessageDecoder
  private readonly channels = new Map<number, RemoteInputChannel>()
  private nextReceiverId = 1
  private creditQueue: RemoteInputChannel[] = []
  private isCreditFlushScheduled = false
  private isClosed = false
  private socketError: Error | null = null

  /** Connects lazily: frames written before the socket connects are queued by Node. */
  constructor(producerAddress: string, options: PartitionRequestClientOptions) {
    this.producerAddress = producerAddress
    this.options = options
    this.decoder = new NetworkMessageDecoder(this, [BUFFER, ERROR], options.maxFrameBytes)
    const { host, port } = parseDataAddress(producerAddress)
    this.socket = connect({ host, port })
    this.socket.setNoDelay(true)
    options.stats.connectionsOpened++
    this.socket.on('data', this.onData)
    this.socket.on('error', (e: Error) => {
      this.socketError = e
    })
    this.socket.on('close', () => {
      const reason =
        this.socketError === null ? 'the connection was closed' : describe(this.socketError)
      this.fail('network.connection-lost', reason, this.socketError ?? undefined)
    })
  }

  private readonly onData = (chunk: Buffer): void => {
    this.options.stats.bytesReceived += chunk.length
    if (this.isClosed) return
    try {
      this.decoder.feed(chunk)
    } catch (e: unknown) {
      this.fail('network.connection-lost', describe(e), e)
    }
  }

  /** Requests `channelKey` with `credit` initial credit; its buffers flow into the channel. */
  requestSubpartition(channelKey: string, credit: number): RemoteInputChannel {
    const receiverId = this.nextReceiverId
    this.nextReceiverId = receiverId + 1 === ALL_RECEIVERS ? 1 : receiverId + 1
    const channel = new RemoteInputChannel(this, receiverId, channelKey, Math.max(1, credit))
    if (this.isClosed) {
      channel.onError(
        this.channelError(channel, 'network.connection-lost', 'the connection was closed'),
      )
      return channel
    }
    this.channels.set(receiverId, channel)
    this.write(encodePartitionRequest(receiverId, channel.credit, channelKey))
    return channel
  }

  /** `channel` freed its first unannounced slot; credit goes out after the current task slice. */
  notifyCreditAvailable(channel: RemoteInputChannel): void {
    this.creditQueue.push(channel)
    if (this.isCreditFlushScheduled) return
    this.isCreditFlushScheduled = true
    queueMicrotask(this.flushCredit)
  }

  /** Writes the pending credit now instead of after the current task slice. */
  announceCreditNow(): void {
    this.writeCredit()
  }

  private readonly flushCredit = (): void => {
    this.isCreditFlushScheduled = false
    this.writeCredit()
  }

  private writeCredit(): void {
    const channels = this.creditQueue
    this.creditQueue = []
    if (this.isClosed) return
    // Control frames are small and bounded by the buffers polled, so they ignore 'drain'.
    this.socket.cork()
    for (const channel of channels) {
      if (channel.isReleased || channel.unannouncedCredit === 0) continue
      this.write(encodeAddCredit(channel.receiverId, channel.unannouncedCredit))
      channel.unannouncedCredit = 0
    }
    this.socket.uncork()
  }

  cancel(channel: RemoteInputChannel): void {
    if (this.channels.get(channel.receiverId) !== channel) return
    this.channels.delete(channel.receiverId)
    if (!this.isClosed) this.write(encodeCancel(channel.receiverId))
  }

  /** The number of channels reading over this connection. */
  numberOfChannels(): number {
    return this.channels.size
  }

  /** Closes the connection; its channels fail. */
  close(): void {
    this.fail('network.connection-lost', 'the consumer TaskManager closed its shuffle environment')
  }

  onBuffer(receiverId: number, bytes: Uint8Array): void {
    // A cancelled channel's buffers may still be in flight.
    this.channels.get(receiverId)?.onBuffer(bytes)
  }

  onError(receiverId: number, message: string): void {
    if (receiverId === ALL_RECEIVERS) {
      this.fail('network.remote-error', message)
      return
    }
    const channel = this.channels.get(receiverId)
    if (channel === undefined) return
    this.channels.delete(receiverId)
    channel.onError(this.channelError(channel, 'network.remote-error', message))
  }

  onPartitionRequest(): void {
    throw new NetworkProtocolError('a producer sent a PARTITION_REQUEST')
  }

  onAddCredit(): void {
    throw new NetworkProtocolError('a producer sent ADD_CREDIT')
  }

  onCancel(): void {
    throw new NetworkProtocolError('a producer sent CANCEL')
  }

  private write(frame: Buffer): void {
    this.options.stats.bytesSent += frame.length
    this.socket.write(frame)
  }

  /** Fails every channel, closes the socket and tells the owner; only the first call counts. */
  private fail(code: RemoteChannelErrorCode, reason: string, cause?: unknown): void {
    if (this.isClosed) return
    this.isClosed = true
    this.socket.destroy()
    this.options.onClosed(this)
    const channels = [...this.channels.values()]
    this.channels.clear()
    for (const channel of channels) channel.onError(this.channelError(channel, code, reason, cause))
  }

  private channelError(
    channel: RemoteInputChannel,
    code: RemoteChannelErrorCode,
    reason: string,
    cause?: unknown,
  ): RemoteChannelError {
    const what =
      code === 'network.connection-lost'
        ? `Lost the connection to the producer TaskManager at ${this.producerAddress}`
        : `The producer TaskManager at ${this.producerAddress} failed the subpartition`
    return new RemoteChannelError(
      code,
      `${what} while reading ${channel.channelKey}: ${reason}`,
      { producerAddress: this.producerAddress, channelKey: channel.channelKey },
      cause,
    )
  }
}

/** 'host:port' (an IPv6 host may be in brackets) → its parts; throws on anything else. */
export function parseDataAddress(address: string): { host: string; port: number } {
  const separator = address.lastIndexOf(':')
  const host = address.slice(0, separator).replace(/^\[(.*)\]$/, '$1')
  const port = Number(address.slice(separator + 1))
  if (separator <= 0 || !Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new EddyError(`Invalid data address '${address}': expected 'host:port'`, {
      code: 'network.invalid-address',
      context: { address },
    })
  }
  return { host, port }
}
