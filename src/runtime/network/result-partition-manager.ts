// The producer-side registry of one TaskManager: every subpartition queue by channel key, and who
// consumes it (a local gate or a remote request). A request may come before its subpartition
// exists; it waits until the producer creates it. Flink: ResultPartitionManager.
import { EddyError } from '../../core/errors.js'
import { LocalChannel } from './local-channel.js'

/** A remote request for one subpartition, served by the data server. */
export interface SubpartitionConsumer {
  /** The subpartition exists now (called once, at once if it already did). */
  attach(subpartition: LocalChannel): void
  /** The subpartition's job was released: the request ends with an error. */
  release(reason: string): void
}

/** How many released prefixes are remembered to refuse late requests. */
const RELEASED_PREFIXES_KEPT = 1024

export class ResultPartitionManager {
  private readonly subpartitions = new Map<string, LocalChannel>()
  /** The consumer of each key: a remote request, or 'local' for a gate in this process. */
  private readonly consumers = new Map<string, SubpartitionConsumer | 'local'>()
  private readonly releasedPrefixes: string[] = []

  /** The producer's queue for `channelKey`, created with `capacity` if nobody asked before. */
  subpartition(channelKey: string, capacity: number): LocalChannel {
    let queue = this.subpartitions.get(channelKey)
    if (queue === undefined) {
      queue = new LocalChannel(capacity)
      this.subpartitions.set(channelKey, queue)
      const consumer = this.consumers.get(channelKey)
      if (consumer !== undefined && consumer !== 'local') consumer.attach(queue)
    }
    return queue
  }

  /** The queue itself, for a consumer in this process; `credit` is its capacity if it is new. */
  consumeLocally(channelKey: string, credit: number): LocalChannel {
    if (this.consumers.has(channelKey)) {
      throw new EddyError(`Subpartition ${channelKey} is already consumed`, {
        code: 'network.duplicate-consumer',
        context: { channelKey },
      })
    }
    this.consumers.set(channelKey, 'local')
    return this.subpartition(channelKey, credit)
  }

  /**
   * Registers a remote request. Returns null when accepted (`consumer.attach` follows, at once
   * if the subpartition exists), else why it was refused.
   */
  requestSubpartition(channelKey: string, consumer: SubpartitionConsumer): string | null {
    if (this.consumers.has(channelKey)) return `Subpartition ${channelKey} is already consumed`
    const queue = this.subpartitions.get(channelKey)
    if (queue === undefined && this.isReleased(channelKey)) {
      return `Subpartition ${channelKey} was released`
    }
    this.consumers.set(channelKey, consumer)
    if (queue !== undefined) consumer.attach(queue)
    return null
  }

  /** Ends a remote request (cancelled, or its connection closed); the key may be requested again. */
  cancelRequest(channelKey: string, consumer: SubpartitionConsumer): void {
    if (this.consumers.get(channelKey) !== consumer) return
    this.consumers.delete(channelKey)
    // Nobody reads the queue now; a later request sets its own listener.
    this.subpartitions.get(channelKey)?.setConsumerListener(ignore)
  }

  /** Drops every subpartition and consumer whose key starts with `prefix`. */
  release(prefix: string): void {
    this.releasedPrefixes.push(prefix)
    if (this.releasedPrefixes.length > RELEASED_PREFIXES_KEPT) this.releasedPrefixes.shift()
    for (const key of [...this.subpartitions.keys()]) {
      if (key.startsWith(prefix)) this.subpartitions.delete(key)
    }
    for (const [key, consumer] of [...this.consumers]) {
      if (!key.startsWith(prefix)) continue
      this.consumers.delete(key)
      if (consumer !== 'local') consumer.release(`Subpartition ${key} was released`)
    }
  }

  /** The number of subpartitions held, for tests and metrics. */
  size(): number {
    return this.subpartitions.size
  }

  private isReleased(channelKey: string): boolean {
    for (const prefix of this.releasedPrefixes) if (channelKey.startsWith(prefix)) return true
    return false
  }
}

function ignore(): void {
  // A cancelled request's queue: buffers stay until the job's partitions are released.
}
