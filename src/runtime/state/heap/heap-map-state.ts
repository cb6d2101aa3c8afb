// MapState on the heap: per (key, namespace) a map from the normalized user key to the user's key
// and value, so composite user keys work and iteration returns the user's keys. Values are stored
// by reference. An emptied map is removed, as Flink's. Flink: runtime/state/heap/HeapMapState.
import { type NormalizedKey, normalizeKey } from '../../../core/keys/key-hash.js'
import type { InternalMapState } from '../keyed-state-backend.js'
import { AbstractHeapState } from './abstract-heap-state.js'

/** One user-map entry: the user's key object and its value. */
export class UserMapEntry<K, V> {
  readonly key: K
  value: V

  constructor(key: K, value: V) {
    this.key = key
    this.value = value
  }
}

export type UserMap<K, V> = Map<NormalizedKey, UserMapEntry<K, V>>

export class HeapMapState<K, V>
  extends AbstractHeapState<UserMap<K, V>>
  implements InternalMapState<K, V>
{
  readonly kind = 'map' as const

  get(key: K): V | null {
    const map = this.userMap()
    if (map === undefined) return null
    const entry = map.get(normalizeKey(key))
    return entry === undefined ? null : entry.value
  }

  put(key: K, value: V): void {
    const normalized = normalizeKey(key)
    const map = this.userMapForWrite()
    this.stateTable.touch()
    const entry = map.get(normalized)
    if (entry !== undefined) entry.value = value
    else map.set(normalized, new UserMapEntry(key, value))
  }

  putAll(entries: ReadonlyMap<K, V> | Iterable<readonly [K, V]>): void {
    for (const [key, value] of entries) this.put(key, value)
  }

  remove(key: K): void {
    const map = this.userMap()
    if (map === undefined) return
    this.stateTable.touch()
    map.delete(normalizeKey(key))
    if (map.size === 0) this.clear()
  }

  contains(key: K): boolean {
    const map = this.userMap()
    return map !== undefined && map.has(normalizeKey(key))
  }

  // The map is looked up now, not when iteration starts, so the iterator belongs to the key that
  // is current at the call even if the key changes before the first next().
  entries(): IterableIterator<[K, V]> {
    return iterateEntries(this.userMap())
  }

  keys(): IterableIterator<K> {
    return iterateKeys(this.userMap())
  }

  values(): IterableIterator<V> {
    return iterateValues(this.userMap())
  }

  isEmpty(): boolean {
    const map = this.userMap()
    return map === undefined || map.size === 0
  }

  private userMap(): UserMap<K, V> | undefined {
    const entry = this.stateTable.get(this.currentNamespaceKey)
    return entry === undefined ? undefined : entry.value
  }

  private userMapForWrite(): UserMap<K, V> {
    const entry = this.stateTable.get(this.currentNamespaceKey)
    if (entry !== undefined) return entry.value
    const map: UserMap<K, V> = new Map()
    this.stateTable.put(this.currentNamespace, this.currentNamespaceKey, map)
    return map
  }
}

function* iterateEntries<K, V>(map: UserMap<K, V> | undefined): Generator<[K, V], void, undefined> {
  if (map === undefined) return
  for (const entry of map.values()) yield [entry.key, entry.value]
}

function* iterateKeys<K, V>(map: UserMap<K, V> | undefined): Generator<K, void, undefined> {
  if (map === undefined) return
  for (const entry of map.values()) yield entry.key
}

function* iterateValues<K, V>(map: UserMap<K, V> | undefined): Generator<V, void, undefined> {
  if (map === undefined) return
  for (const entry of map.values()) yield entry.value
}
