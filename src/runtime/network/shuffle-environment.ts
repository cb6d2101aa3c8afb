// The data plane of one TaskManager process: its producers' subpartitions, served to remote
// consumers by a TCP data server, and its consumers' input channels — the subpartition itself
// when the producer is in this process, else a RemoteInputChannel over the one connection to the
// producer's TaskManager. Single-threaded, like everything in a TaskManager.
// Flink: org.apache.flink.runtime.io.network.NettyShuffleEnvironment.
import { EddyError } from '../../core/errors.js'
import type { InputChannel } from './input-channel.js'
import type { LocalChannel } from './local-channel.js'
import { DEFAULT_MAX_FRAME_BYTES } from './network-message.js'
import { PartitionRequestClient } from './partition-request-client.js'
import { PartitionRequestServer } from './partition-request-server.js'
import type { NetworkStats } from './partition-request-server.js'
import type { RemoteInputChannel } from './remote-input-channel.js'
import { ResultPartitionManager } from './result-partition-manager.js'

export interface ShuffleEnvironmentOptions {
  /** The interface the data server listens on, and the host of `dataAddress`. */
  readonly host: string
  /** 0 picks a free port. */
  readonly port: number
  /** Largest frame accepted or sent (default 64 MiB); a larger buffer fails its channel. */
  readonly maxFrameBytes?: number
  /** One line per data connection closed for bad input or a socket error (default: stderr). */
  readonly onError?: (message: string) => void
}

/**
 * @example
 * const shuffle = await ShuffleEnvironment.start({ host: '127.0.0.1', port: 0 })
 * const out = shuffle.subpartition(`${jobId}/e1/0/0`, 10)          // the producer pushes here
 * const input = other.inputChannel(`${jobId}/e1/0/0`, shuffle.dataAddress, 10) // a consumer
 * shuffle.release(`${jobId}/`)
 * await shuffle.close()
 */
export class ShuffleEnvironment {
  /** 'host:port' of the data server; consumers elsewhere connect here. */
  readonly dataAddress: string
  /** Bytes received/sent over TCP and connections made, for metrics. */
  readonly stats: Readonly<NetworkStats>
  private readonly manager: ResultPartitionManager
  private readonly server: PartitionRequestServer
  private readonly maxFrameBytes: number
  private readonly clients = new Map<string, PartitionRequestClient>()
  private readonly remoteChannels = new Map<string, RemoteInputChannel>()
  private readonly mutableStats: NetworkStats
  private isClosed = false

  private constructor(
    host: string,
    server: PartitionRequestServer,
    manager: ResultPartitionManager,
    stats: NetworkStats,
    maxFrameBytes: number,
  ) {
    this.dataAddress = `${host.includes(':') ? `[${host}]` : host}:${server.port()}`
    this.server = server
    this.manager = manager
    this.stats = stats
    this.mutableStats = stats
    this.maxFrameBytes = maxFrameBytes
  }

  /** Starts the data server; rejects if it cannot listen. */
  static async start(options: ShuffleEnvironmentOptions): Promise<ShuffleEnvironment> {
    const manager = new ResultPartitionManager()
    const stats: NetworkStats = {
      bytesSent: 0,
      bytesReceived: 0,
      connectionsAccepted: 0,
      connectionsOpened: 0,
    }
    const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES
    const onError = options.onError ?? ((message: string) => console.error(message))
    const server = await PartitionRequestServer.start(options.host, options.port, {
      manager,
      maxFrameBytes,
      stats,
      onError,
    })
    return new ShuffleEnvironment(options.host, server, manager, stats, maxFrameBytes)
  }

  /**
   * Producer side: the subpartition queue for `channelKey`, created with `capacity` unless a
   * consumer asked first. The producer's RecordWriter pushes into it; a remote consumer's
   * request is served from it as buffers come, until the job is released.
   */
  subpartition(channelKey: string, capacity: number): LocalChannel {
    return this.manager.subpartition(channelKey, capacity)
  }

  /**
   * Consumer side: reads `channelKey` from the producer at `producerDataAddress`. At our own
   * address it is the very subpartition queue (created with capacity `credit` if the producer
   * has not yet); elsewhere a RemoteInputChannel with `credit` buffers, over the connection to
   * that TaskManager (opened on first use, shared by every channel). Each key has one consumer.
   */
  inputChannel(channelKey: string, producerDataAddress: string, credit: number): InputChannel {
    if (producerDataAddress === this.dataAddress) {
      return this.manager.consumeLocally(channelKey, credit)
    }
    if (this.isClosed) {
      throw new EddyError(`The shuffle environment at ${this.dataAddress} is closed`, {
        code: 'network.closed',
        context: { channelKey },
      })
    }
    if (this.remoteChannels.has(channelKey)) {
      throw new EddyError(`Subpartition ${channelKey} is already consumed`, {
        code: 'network.duplicate-consumer',
        context: { channelKey },
      })
    }
    let client = this.clients.get(producerDataAddress)
    if (client === undefined) {
      client = new PartitionRequestClient(producerDataAddress, {
        maxFrameBytes: this.maxFrameBytes,
        stats: this.mutableStats,
        onClosed: (closed) => {
          if (this.clients.get(producerDataAddress) === closed) {
            this.clients.delete(producerDataAddress)
          }
        },
      })
      this.clients.set(producerDataAddress, client)
    }
    const channel = client.requestSubpartition(channelKey, credit)
    this.remoteChannels.set(channelKey, channel)
    return channel
  }

  /** Drops every subpartition and input channel whose key starts with `prefix` (a job's). */
  release(prefix: string): void {
    this.manager.release(prefix)
    for (const [key, channel] of [...this.remoteChannels]) {
      if (!key.startsWith(prefix)) continue
      this.remoteChannels.delete(key)
      channel.release()
    }
  }

  /** Open connections: inbound to the data server, outbound to producer TaskManagers. */
  numberOfConnections(): { inbound: number; outbound: number } {
    return { inbound: this.server.numberOfConnections(), outbound: this.clients.size }
  }

  /** Stops the data server and closes every connection; remote channels still read fail. */
  async close(): Promise<void> {
    this.isClosed = true
    for (const client of [...this.clients.values()]) client.close()
    await this.server.close()
  }
}
