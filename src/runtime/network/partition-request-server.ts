// The TCP data server of one TaskManager: accepts a connection from each consumer TaskManager and
// serves its partition requests from the ResultPartitionManager. An event handler never throws:
// a connection that misbehaves is closed and reported in one line; the others go on.
// Flink: NettyServer + PartitionRequestServerHandler.
import { createServer } from 'node:net'
import type { Server, Socket } from 'node:net'
import { describe } from '../../core/errors.js'
import { PartitionRequestQueue } from './partition-request-queue.js'
import type { ResultPartitionManager } from './result-partition-manager.js'

/** Counters of one ShuffleEnvironment's data connections, for metrics. */
export interface NetworkStats {
  bytesSent: number
  bytesReceived: number
  /** Inbound connections accepted by the data server, ever. */
  connectionsAccepted: number
  /** Outbound connections opened to producer TaskManagers, ever. */
  connectionsOpened: number
}

export interface PartitionRequestServerOptions {
  readonly manager: ResultPartitionManager
  readonly maxFrameBytes: number
  readonly stats: NetworkStats
  readonly onError: (message: string) => void
}

/**
 * Bytes a connection may have queued in Node before the write loop waits for 'drain': a few
 * 32 KiB buffers, so that one corked write carries several (the default, 16 KiB, is one).
 */
const SOCKET_HIGH_WATER_MARK = 256 * 1024

export class PartitionRequestServer {
  private readonly server: Server
  private readonly connections = new Set<PartitionRequestQueue>()
  private readonly options: PartitionRequestServerOptions

  private constructor(server: Server, options: PartitionRequestServerOptions) {
    this.server = server
    this.options = options
    server.on('connection', this.onConnection)
    server.on('error', (e: Error) => options.onError(`Data server error: ${describe(e)}`))
  }

  /** Listens on host:port (0: any free port); rejects if it cannot. */
  static start(
    host: string,
    port: number,
    options: PartitionRequestServerOptions,
  ): Promise<PartitionRequestServer> {
    const server = createServer({ highWaterMark: SOCKET_HIGH_WATER_MARK, noDelay: true })
    return new Promise((resolve, reject) => {
      const onListenError = (e: Error): void => reject(e)
      server.once('error', onListenError)
      server.listen(port, host, () => {
        server.off('error', onListenError)
        resolve(new PartitionRequestServer(server, options))
      })
    })
  }

  /** The port actually listened on. */
  port(): number {
    const address = this.server.address()
    return typeof address === 'object' && address !== null ? address.port : 0
  }

  /** The number of open inbound connections. */
  numberOfConnections(): number {
    return this.connections.size
  }

  private readonly onConnection = (socket: Socket): void => {
    this.options.stats.connectionsAccepted++
    const queue = new PartitionRequestQueue(socket, {
      ...this.options,
      onClosed: (q) => this.connections.delete(q),
    })
    this.connections.add(queue)
  }

  /** Stops listening and closes every connection. */
  close(): Promise<void> {
    for (const connection of this.connections) connection.close()
    return new Promise((resolve) => {
      // An error here means the server was not listening: closing is then done.
      this.server.close(() => resolve())
    })
  }
}
