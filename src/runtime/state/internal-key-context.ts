// The current key of a keyed state backend, computed once per setCurrentKey and read by every state
// access: the user's key, its normalized map identity, its key group and that group's offset in the
// backend's range. Task thread only. Flink: org.apache.flink.runtime.state.heap.InternalKeyContext.
import { KeyGroupCache } from '../../core/keys/key-group-cache.js'
import type { KeyGroupRange } from '../../core/keys/key-group-range.js'
import { type NormalizedKey, normalizeKey } from '../../core/keys/key-hash.js'
import { StateError, describeStateKey } from './state-error.js'

/** Told of every key group the task is about to touch while a snapshot is being written. */
export interface KeyGroupAccessListener {
  beforeKeyGroupAccess(keyGroup: number): void
}

export class InternalKeyContext {
  readonly keyGroupRange: KeyGroupRange
  readonly maxParallelism: number
  private readonly keyGroups: KeyGroupCache
  // The two fields below are written only by setCurrentKey/resetCurrentKey. They are plain fields
  // (not getters) because every state access reads them.
  /** The user's key object; undefined when no key is set (undefined is never a valid key). */
  currentKey: unknown = undefined
  currentNormalizedKey: NormalizedKey = null
  /**
   * The current key's group. When this context owns every key group (parallelism 1), it is
   * computed when first asked for: a state row found by the key itself needs none, so a record
   * whose key already has state pays no key hash. -1: not known yet, or no key set.
   */
  private keyGroupIndex = -1
  private readonly ownsAllKeyGroups: boolean
  /**
   * Changes whenever the current key does (never repeats): state tables remember what they found
   * for the current key (a key's row of namespaces) as long as it stays the same.
   */
  keyEpoch = 0
  /**
   * Set while an asynchronous snapshot is written: state is reached only through the current
   * key, so a key group is touched only after a key of it was set here. Set it through
   * setAccessListener.
   */
  private accessListener: KeyGroupAccessListener | undefined = undefined

  constructor(keyGroupRange: KeyGroupRange, maxParallelism: number) {
    if (!Number.isInteger(maxParallelism) || maxParallelism < 1) {
      throw new StateError(`Invalid max parallelism ${maxParallelism} for a keyed state backend`, {
        code: 'state.invalid-max-parallelism',
        domain: 'internal',
        failureType: 'NonRecoverableError',
      })
    }
    if (
      keyGroupRange.getNumberOfKeyGroups() > 0 &&
      (keyGroupRange.startKeyGroup < 0 || keyGroupRange.endKeyGroup >= maxParallelism)
    ) {
      throw new StateError(
        `Key group range ${formatRange(keyGroupRange)} does not fit max parallelism ${maxParallelism}`,
        {
          code: 'state.invalid-key-group-range',
          domain: 'internal',
          failureType: 'NonRecoverableError',
        },
      )
    }
    this.keyGroupRange = keyGroupRange
    this.maxParallelism = maxParallelism
    this.keyGroups = new KeyGroupCache(maxParallelism)
    this.ownsAllKeyGroups =
      keyGroupRange.startKeyGroup === 0 && keyGroupRange.endKeyGroup === maxParallelism - 1
  }

  /** The current key's group; -1 when no key is set. Throws if it is outside the range. */
  get currentKeyGroupIndex(): number {
    if (this.keyGroupIndex >= 0 || this.currentKey === undefined) return this.keyGroupIndex
    return this.resolveKeyGroup()
  }

  /** currentKeyGroupIndex - keyGroupRange.startKeyGroup; -1 when no key is set. */
  get currentKeyGroupOffset(): number {
    const index = this.currentKeyGroupIndex
    return index < 0 ? -1 : index - this.keyGroupRange.startKeyGroup
  }

  hasAccessListener(): boolean {
    return this.accessListener !== undefined
  }

  /**
   * Installs (or removes) the listener. A current key whose group is not known yet gets it now,
   * unreported: the listener is told of later keys, and of the current one by its installer.
   */
  setAccessListener(listener: KeyGroupAccessListener | undefined): void {
    // A group is unknown only while no listener is installed, so resolving it tells no one.
    if (listener !== undefined && this.keyGroupIndex < 0 && this.currentKey !== undefined) {
      this.resolveKeyGroup()
    }
    this.accessListener = listener
  }

  /** Whether a key is set. */
  hasKey(): boolean {
    return this.currentKey !== undefined
  }

  setCurrentKey(key: unknown): void {
    // Consecutive records often share a key; a primitive key equal to the current one needs no
    // work. Objects are always renormalized since they compare by identity.
    if (key === this.currentKey && key !== undefined && typeof key !== 'object') return
    if (this.ownsAllKeyGroups && this.accessListener === undefined) {
      // Every key group is ours, so no key can be misrouted: its group can wait until asked for.
      // normalizeKey throws InvalidKeyError for a value that cannot be a key, as hashKey would.
      this.become(key, -1)
      return
    }
    // Throws for a key outside our key groups before anything changes.
    const keyGroup = this.keyGroupOf(key)
    // A snapshot being written must hear of each key group before it is touched.
    if (this.accessListener !== undefined) this.accessListener.beforeKeyGroupAccess(keyGroup)
    this.become(key, keyGroup)
  }

  /**
   * As setCurrentKey, for a key whose key group the sender already computed with this key
   * selector and max parallelism (a hash-partitioned network edge): no second hash.
   */
  setCurrentKeyInKeyGroup(key: unknown, keyGroup: number): void {
    if (key === this.currentKey && key !== undefined && typeof key !== 'object') return
    const range = this.keyGroupRange
    // Out of range means a misrouted record: let the hashing path report it with the details.
    if (keyGroup < range.startKeyGroup || keyGroup > range.endKeyGroup) {
      this.setCurrentKey(key)
      return
    }
    if (this.accessListener !== undefined) this.accessListener.beforeKeyGroupAccess(keyGroup)
    this.become(key, keyGroup)
  }

  /** Makes `key` current, its group `keyGroup` (-1: not computed yet). Throws before any change. */
  private become(key: unknown, keyGroup: number): void {
    this.currentNormalizedKey = normalizeKey(key)
    this.currentKey = key
    this.keyEpoch++
    this.keyGroupIndex = keyGroup
  }

  resetCurrentKey(): void {
    this.currentKey = undefined
    this.currentNormalizedKey = null
    this.keyGroupIndex = -1
    this.keyEpoch++
  }

  /** Computes the group of a current key set lazily (all key groups are ours: it cannot fail). */
  private resolveKeyGroup(): number {
    const keyGroup = this.keyGroupOf(this.currentKey)
    if (this.accessListener !== undefined) this.accessListener.beforeKeyGroupAccess(keyGroup)
    this.keyGroupIndex = keyGroup
    return keyGroup
  }

  /** The key group of any key (not only the current one); throws if it is outside the range. */
  keyGroupOf(key: unknown): number {
    const keyGroup = this.keyGroups.keyGroupOf(key)
    const range = this.keyGroupRange
    if (keyGroup < range.startKeyGroup || keyGroup > range.endKeyGroup) {
      throw new StateError(
        `Key ${describeStateKey(key)} belongs to key group ${keyGroup}, which is outside the key ` +
          `groups ${formatRange(range)} of this keyed state backend (max parallelism ` +
          `${this.maxParallelism}). The record was partitioned by a different key or max ` +
          `parallelism than the state backend uses.`,
        {
          code: 'state.key-group-out-of-range',
          domain: 'internal',
          failureType: 'NonRecoverableError',
          context: {
            keyGroup,
            startKeyGroup: range.startKeyGroup,
            endKeyGroup: range.endKeyGroup,
            maxParallelism: this.maxParallelism,
          },
        },
      )
    }
    return keyGroup
  }
}

/** Thrown by state accesses outside a keyed context. */
export function noKeySetError(stateName: string): StateError {
  return new StateError(
    `No key set when accessing state '${stateName}': keyed state can only be used while a ` +
      `keyed operator processes a record or timer`,
    { code: 'state.no-key-set', domain: 'user', context: { stateName } },
  )
}

function formatRange(range: KeyGroupRange): string {
  return `[${range.startKeyGroup}, ${range.endKeyGroup}]`
}
