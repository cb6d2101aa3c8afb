// Broadcast state: a map that is identical in every subtask of an operator, written only by the
// broadcast side. Keys are identified by their canonical form; the user's key objects are kept for
// iteration. Values are stored by reference. Task thread only.
// Flink: org.apache.flink.runtime.state.HeapBroadcastState.
import type { BroadcastState } from '../../api/state/state.js'
import { type NormalizedKey, normalizeKey } from '../../core/keys/key-hash.js'
import { GenericTypeInfo } from '../../core/types/generic-type-info.js'
import type { TypeInformation } from '../../core/types/type-information.js'

class BroadcastEntry<K, V> {
  readonly key: K
  value: V

  constructor(key: K, value: V) {
    this.key = key
    this.value = value
  }
}

export class HeapBroadcastState<K, V> implements BroadcastState<K, V> {
  readonly name: string
  /** The types snapshots write keys and values with (GENERIC when the descriptor declared none). */
  readonly keyType: TypeInformation<K>
  readonly valueType: TypeInformation<V>
  private readonly backingMap = new Map<NormalizedKey, BroadcastEntry<K, V>>()

  constructor(
    name: string,
    keyType: TypeInformation<K> = GenericTypeInfo.INSTANCE as TypeInformation<K>,
    valueType: TypeInformation<V> = GenericTypeInfo.INSTANCE as TypeInformation<V>,
  ) {
    this.name = name
    this.keyType = keyType
    this.valueType = valueType
  }

  get(key: K): V | null {
    const entry = this.backingMap.get(normalizeKey(key))
    return entry === undefined ? null : entry.value
  }

  contains(key: K): boolean {
    return this.backingMap.has(normalizeKey(key))
  }

  put(key: K, value: V): void {
    const normalized = normalizeKey(key)
    const entry = this.backingMap.get(normalized)
    if (entry !== undefined) entry.value = value
    else this.backingMap.set(normalized, new BroadcastEntry(key, value))
  }

  putAll(entries: ReadonlyMap<K, V> | Iterable<readonly [K, V]>): void {
    for (const [key, value] of entries) this.put(key, value)
  }

  remove(key: K): void {
    this.backingMap.delete(normalizeKey(key))
  }

  /** Fresh [key, value] pairs: writing to one does not change the state. */
  entries(): IterableIterator<[K, V]> {
    return iterateEntries(this.backingMap)
  }

  immutableEntries(): IterableIterator<[K, V]> {
    return iterateEntries(this.backingMap)
  }

  clear(): void {
    this.backingMap.clear()
  }

  size(): number {
    return this.backingMap.size
  }
}

function* iterateEntries<K, V>(
  map: Map<NormalizedKey, BroadcastEntry<K, V>>,
): Generator<[K, V], void, undefined> {
  for (const entry of map.values()) yield [entry.key, entry.value]
}
