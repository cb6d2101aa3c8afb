// Picks the output channel(s) of a record for each partitioner. One selector per producer subtask
// and edge; `selectChannel` is on the record path.
// Flink: org.apache.flink.streaming.runtime.partitioner.* (StreamPartitioner implementations).
import { EddyError } from '../../core/errors.js'
import { KeyGroupCache } from '../../core/keys/key-group-cache.js'
import {
  computeKeyGroupForKeyHash,
  computeOperatorIndexForKeyGroup,
} from '../../core/keys/key-group-range-assignment.js'
import type { PartitionerSpec } from '../../api/dag/partitioner-spec.js'

export interface ChannelSelector {
  /** True when every record goes to every channel (the writer then skips `selectChannel`). */
  readonly isBroadcast: boolean
  selectChannel(value: unknown): number
  /** The key group `selectChannel` computed for the last record; -1 for non-hash selectors. */
  readonly lastKeyGroup: number
}

class FixedChannelSelector implements ChannelSelector {
  readonly isBroadcast: boolean
  readonly lastKeyGroup = -1
  constructor(isBroadcast: boolean) {
    this.isBroadcast = isBroadcast
  }
  selectChannel(): number {
    return 0
  }
}

/** Round-robin. Flink starts at a random channel; we start at the producer's index, which
 * spreads producers the same way and keeps runs reproducible. */
class RoundRobinChannelSelector implements ChannelSelector {
  readonly isBroadcast = false
  readonly lastKeyGroup = -1
  private readonly numberOfChannels: number
  private next: number
  constructor(numberOfChannels: number, start: number) {
    this.numberOfChannels = numberOfChannels
    this.next = start % numberOfChannels
  }
  selectChannel(): number {
    const c = this.next
    this.next = c + 1 === this.numberOfChannels ? 0 : c + 1
    return c
  }
}

class ShuffleChannelSelector implements ChannelSelector {
  readonly isBroadcast = false
  readonly lastKeyGroup = -1
  private readonly numberOfChannels: number
  constructor(numberOfChannels: number) {
    this.numberOfChannels = numberOfChannels
  }
  selectChannel(): number {
    return Math.floor(Math.random() * this.numberOfChannels)
  }
}

/** Key → key group → operator index, as Flink's KeyGroupStreamPartitioner. */
class KeyGroupChannelSelector implements ChannelSelector {
  readonly isBroadcast = false
  private readonly keyOf: (value: unknown) => unknown
  private readonly keyGroups: KeyGroupCache
  /** The channel of every key group, computed (and bounds-checked) once instead of per record. */
  private readonly channelOfKeyGroup: Uint16Array
  constructor(
    keyOf: (value: unknown) => unknown,
    maxParallelism: number,
    numberOfChannels: number,
  ) {
    this.keyOf = keyOf
    this.keyGroups = new KeyGroupCache(maxParallelism)
    computeKeyGroupForKeyHash(0, maxParallelism) // throws for a max parallelism out of bounds
    this.channelOfKeyGroup = new Uint16Array(maxParallelism)
    for (let g = 0; g < maxParallelism; g++) {
      this.channelOfKeyGroup[g] = computeOperatorIndexForKeyGroup(
        maxParallelism,
        numberOfChannels,
        g,
      )
    }
  }
  lastKeyGroup = -1
  selectChannel(value: unknown): number {
    const keyGroup = this.keyGroups.keyGroupOf(this.keyOf(value))
    this.lastKeyGroup = keyGroup
    return this.channelOfKeyGroup[keyGroup]!
  }
}

class CustomChannelSelector implements ChannelSelector {
  readonly isBroadcast = false
  readonly lastKeyGroup = -1
  private readonly partition: (key: unknown, n: number) => number
  private readonly keyOf: (value: unknown) => unknown
  private readonly numberOfChannels: number
  constructor(spec: PartitionerSpec & { type: 'CUSTOM' }, numberOfChannels: number) {
    const p = spec.partitioner
    this.partition = typeof p === 'function' ? p : (k, n) => p.partition(k, n)
    this.keyOf = spec.keySelector
    this.numberOfChannels = numberOfChannels
  }
  selectChannel(value: unknown): number {
    const c = this.partition(this.keyOf(value), this.numberOfChannels)
    if (!Number.isInteger(c) || c < 0 || c >= this.numberOfChannels) {
      throw new EddyError(
        `Custom partitioner returned channel ${String(c)}; it must be an integer in [0, ${this.numberOfChannels})`,
        { code: 'partitioner.invalid-channel', domain: 'user', failureType: 'NonRecoverableError' },
      )
    }
    return c
  }
}

/**
 * The selector of producer `subtaskIndex` over `numberOfChannels` channels (all consumers, or the
 * pointwise subset); `maxParallelism` is the consumer's, for key groups.
 */
export function createChannelSelector(
  spec: PartitionerSpec,
  numberOfChannels: number,
  subtaskIndex: number,
  maxParallelism: number,
): ChannelSelector {
  switch (spec.type) {
    case 'FORWARD':
    case 'GLOBAL':
      return new FixedChannelSelector(false)
    case 'BROADCAST':
      return new FixedChannelSelector(true)
    case 'REBALANCE':
      return new RoundRobinChannelSelector(numberOfChannels, subtaskIndex)
    case 'RESCALE':
      return new RoundRobinChannelSelector(numberOfChannels, 0)
    case 'SHUFFLE':
      return new ShuffleChannelSelector(numberOfChannels)
    case 'HASH':
      // One consumer: every key goes there; the consumer still derives (and checks) the key.
      if (numberOfChannels === 1) return new FixedChannelSelector(false)
      return new KeyGroupChannelSelector(spec.keySelector, maxParallelism, numberOfChannels)
    case 'CUSTOM':
      return new CustomChannelSelector(spec, numberOfChannels)
  }
}
