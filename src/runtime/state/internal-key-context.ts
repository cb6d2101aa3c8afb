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
  // The four fields below are written only by setCurrentKey/resetCurrentKey. They are plain fields
  // (not getters) because every state access reads them.
  /** The user's key object; undefined when no key is set (undefined is never a valid key). */
  currentKey: unknown = undefined
  currentNormalizedKey: NormalizedKey = null
  /** -1 when no key is set. */
  currentKeyGroupIndex = -1
  /** currentKeyGroupIndex - keyGroupRange.startKeyGroup; -1 when no key is set. */
  currentKeyGroupOffset = -1
  /**
   * Changes whenever the current key does (never repeats): state tables remember what they found
   * for the current key (a key's row of namespaces) as long as it stays the same.
   */
  keyEpoch = 0
  /**
   * Set while an asynchronous snapshot is written: state is reached only through the current
   * key, so a key group is touched only after a key of it was set here.
   */
  accessListener: KeyGroupAccessListener | undefined = undefined

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
  }

  setCurrentKey(key: unknown): void {
    // Consecutive records often share a key; a primitive key equal to the current one needs no
    // rehash. Objects are always rehashed since they compare by identity.
    if (key === this.currentKey && this.currentKeyGroupOffset >= 0 && typeof key !== 'object') {
      return
    }
    const keyGroup = this.keyGroupOf(key)
    if (this.accessListener !== undefined) this.accessListener.beforeKeyGroupAccess(keyGroup)
    this.currentNormalizedKey = normalizeKey(key)
    this.currentKey = key
    this.keyEpoch++
    this.currentKeyGroupIndex = keyGroup
    this.currentKeyGroupOffset = keyGroup - this.keyGroupRange.startKeyGroup
  }

  /**
   * As setCurrentKey, for a key whose key group the sender already computed with this key
   * selector and max parallelism (a hash-partitioned network edge): no second hash.
   */
  setCurrentKeyInKeyGroup(key: unknown, keyGroup: number): void {
    if (key === this.currentKey && this.currentKeyGroupOffset >= 0 && typeof key !== 'object') {
      return
    }
    const range = this.keyGroupRange
    // Out of range means a misrouted record: let the hashing path report it with the details.
    if (keyGroup < range.startKeyGroup || keyGroup > range.endKeyGroup) {
      this.setCurrentKey(key)
      return
    }
    if (this.accessListener !== undefined) this.accessListener.beforeKeyGroupAccess(keyGroup)
    this.currentNormalizedKey = normalizeKey(key)
    this.currentKey = key
    this.keyEpoch++
    this.currentKeyGroupIndex = keyGroup
    this.currentKeyGroupOffset = keyGroup - range.startKeyGroup
  }

  resetCurrentKey(): void {
    this.currentKey = undefined
    this.currentNormalizedKey = null
    this.currentKeyGroupIndex = -1
    this.currentKeyGroupOffset = -1
    this.keyEpoch++
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
