// The key group of each record's key, remembered for string and number keys. Hashing a key's
// canonical form costs a murmur step per two characters and a second murmur to spread it, about
// 25 ns for a short string on the machines we measure, while hot keys repeat record after record.
// Flink gets this for free from Java's String, which caches its hashCode; a JS string cannot carry
// one, so a Map keyed by the key stands in: V8 keeps its own hash inside the string, and the
// state table's lookup of the same string reuses it. Map keys compare by SameValueZero, which
// agrees with the canonical form for these two types (-0 is 0, every NaN is one key).
// When keys seldom repeat, a miss costs an insert on top of the hash, so the cache switches itself
// off for a while when fewer than half of its lookups hit.
// Task thread only: one cache per key context or channel selector.
import { assignToKeyGroup } from './key-group-range-assignment.js'

/** How many keys the cache holds before it starts over (about 1 MB with short string keys). */
export const KEY_GROUP_CACHE_CAPACITY = 1 << 14

/** Lookups made without the cache after a fill with few hits, as a multiple of the capacity. */
const BYPASS_FILLS = 64

export class KeyGroupCache {
  readonly maxParallelism: number
  private readonly capacity: number
  private readonly groups = new Map<string | number, number>()
  private hits = 0
  /** Lookups left to compute without the cache. */
  private bypass = 0

  constructor(maxParallelism: number, capacity = KEY_GROUP_CACHE_CAPACITY) {
    this.maxParallelism = maxParallelism
    this.capacity = capacity
  }

  /** assignToKeyGroup(key, maxParallelism); throws InvalidKeyError as hashKey does. */
  keyGroupOf(key: unknown): number {
    if (typeof key !== 'string' && typeof key !== 'number') {
      return assignToKeyGroup(key, this.maxParallelism)
    }
    if (this.bypass > 0) {
      this.bypass--
      return assignToKeyGroup(key, this.maxParallelism)
    }
    const cached = this.groups.get(key)
    if (cached !== undefined) {
      this.hits++
      return cached
    }
    const keyGroup = assignToKeyGroup(key, this.maxParallelism)
    if (this.groups.size >= this.capacity) this.startOver()
    this.groups.set(key, keyGroup)
    return keyGroup
  }

  /** Whether the cache is in use now (false while it is switched off); for tests. */
  isCaching(): boolean {
    return this.bypass === 0
  }

  /**
   * The cache is full: the working set is at least its capacity. Start again empty; if fewer
   * lookups hit than missed since the last start, keys rarely repeat, so stop caching for a while.
   */
  private startOver(): void {
    if (this.hits < this.groups.size) this.bypass = this.capacity * BYPASS_FILLS
    this.groups.clear()
    this.hits = 0
  }
}
