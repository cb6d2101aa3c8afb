// Heap storage of one keyed state. Entries live per key group (an array indexed by
// keyGroup - range.start), each group mapping namespace -> normalized key -> StateEntry, so that
// snapshots can write, and restores read, key group by key group, which is what rescaling needs.
// Task thread only. Flink: org.apache.flink.runtime.state.heap.{StateTable, StateMap, StateEntry}.
import type { StateKind } from '../../../api/state/state-descriptor.js'
import { type NormalizedKey, normalizeKey } from '../../../core/keys/key-hash.js'
import { type InternalKeyContext, noKeySetError } from '../internal-key-context.js'
import { type NamespaceKey, VOID_NAMESPACE, normalizeNamespace } from '../keyed-state-backend.js'

/** One (key, namespace) entry. `key` and `namespace` are the user's objects, kept for iteration. */
export class StateEntry<S> {
  readonly key: unknown
  readonly namespace: unknown
  value: S

  constructor(key: unknown, namespace: unknown, value: S) {
    this.key = key
    this.namespace = namespace
    this.value = value
  }
}

type EntryMap<S> = Map<NormalizedKey, StateEntry<S>>

// The void namespace has its own field: most state is not windowed, and this saves a map lookup
// per access.
class KeyGroupStateMap<S> {
  voidNamespace: EntryMap<S> | undefined = undefined
  namespaces: Map<NormalizedKey, EntryMap<S>> | undefined = undefined
}

export class StateTable<S> {
  readonly name: string
  readonly kind: StateKind
  private readonly keyContext: InternalKeyContext
  private readonly keyGroups: (KeyGroupStateMap<S> | undefined)[]

  constructor(name: string, kind: StateKind, keyContext: InternalKeyContext) {
    this.name = name
    this.kind = kind
    this.keyContext = keyContext
    this.keyGroups = new Array<KeyGroupStateMap<S> | undefined>(
      keyContext.keyGroupRange.getNumberOfKeyGroups(),
    ).fill(undefined)
  }

  /** The entry of the current key in `namespace`, or undefined. Allocates nothing. */
  get(namespace: NamespaceKey): StateEntry<S> | undefined {
    const entries = this.entryMap(this.keyGroups[this.currentOffset()], namespace)
    return entries === undefined ? undefined : entries.get(this.keyContext.currentNormalizedKey)
  }

  /** Sets the value of the current key; `namespace` is kept in a new entry, `nsKey` is its identity. */
  put(namespace: unknown, nsKey: NamespaceKey, value: S): void {
    const offset = this.currentOffset()
    const ctx = this.keyContext
    const entries = this.entryMapForWrite(offset, nsKey)
    const entry = entries.get(ctx.currentNormalizedKey)
    if (entry !== undefined) entry.value = value
    else entries.set(ctx.currentNormalizedKey, new StateEntry(ctx.currentKey, namespace, value))
  }

  /** Removes the entry of the current key, and the namespace's map once it is empty. */
  remove(nsKey: NamespaceKey): void {
    const group = this.keyGroups[this.currentOffset()]
    const entries = this.entryMap(group, nsKey)
    if (entries === undefined || group === undefined) return
    entries.delete(this.keyContext.currentNormalizedKey)
    if (entries.size === 0) this.dropEntryMap(group, nsKey)
  }

  /** The user keys with an entry in `namespace`, over all key groups. */
  *keys(namespace: unknown): Generator<unknown, void, undefined> {
    const nsKey = normalizeNamespace(namespace)
    for (let i = 0; i < this.keyGroups.length; i++) {
      const entries = this.entryMap(this.keyGroups[i], nsKey)
      if (entries === undefined) continue
      for (const entry of entries.values()) yield entry.key
    }
  }

  /** Every entry of one key group, all namespaces; for snapshots. */
  *entriesOfKeyGroup(keyGroup: number): Generator<StateEntry<S>, void, undefined> {
    const group = this.keyGroups[this.offsetOf(keyGroup)]
    if (group === undefined) return
    if (group.voidNamespace !== undefined) yield* group.voidNamespace.values()
    if (group.namespaces === undefined) return
    for (const entries of group.namespaces.values()) yield* entries.values()
  }

  /** The number of entries of one key group, all namespaces; for snapshots. */
  sizeOfKeyGroup(keyGroup: number): number {
    const group = this.keyGroups[this.offsetOf(keyGroup)]
    return group === undefined ? 0 : sizeOf(group)
  }

  /** Inserts an entry for any key of key group `keyGroup`; for restores. */
  putEntry(keyGroup: number, key: unknown, namespace: unknown, value: S): void {
    const entries = this.entryMapForWrite(this.offsetOf(keyGroup), normalizeNamespace(namespace))
    entries.set(normalizeKey(key), new StateEntry(key, namespace, value))
  }

  /** The number of (key, namespace) entries. */
  size(): number {
    let size = 0
    for (const group of this.keyGroups) if (group !== undefined) size += sizeOf(group)
    return size
  }

  clear(): void {
    this.keyGroups.fill(undefined)
  }

  private currentOffset(): number {
    const offset = this.keyContext.currentKeyGroupOffset
    if (offset < 0) throw noKeySetError(this.name)
    return offset
  }

  private offsetOf(keyGroup: number): number {
    const range = this.keyContext.keyGroupRange
    if (!range.contains(keyGroup)) {
      throw new RangeError(
        `Key group ${keyGroup} is not in [${range.startKeyGroup}, ${range.endKeyGroup}] of state '${this.name}'`,
      )
    }
    return keyGroup - range.startKeyGroup
  }

  private entryMap(
    group: KeyGroupStateMap<S> | undefined,
    nsKey: NamespaceKey,
  ): EntryMap<S> | undefined {
    if (group === undefined) return undefined
    if (nsKey === VOID_NAMESPACE) return group.voidNamespace
    return group.namespaces === undefined ? undefined : group.namespaces.get(nsKey as NormalizedKey)
  }

  private entryMapForWrite(offset: number, nsKey: NamespaceKey): EntryMap<S> {
    let group = this.keyGroups[offset]
    if (group === undefined) {
      group = new KeyGroupStateMap<S>()
      this.keyGroups[offset] = group
    }
    if (nsKey === VOID_NAMESPACE) {
      if (group.voidNamespace === undefined) group.voidNamespace = new Map()
      return group.voidNamespace
    }
    if (group.namespaces === undefined) group.namespaces = new Map()
    let entries = group.namespaces.get(nsKey as NormalizedKey)
    if (entries === undefined) {
      entries = new Map()
      group.namespaces.set(nsKey as NormalizedKey, entries)
    }
    return entries
  }

  private dropEntryMap(group: KeyGroupStateMap<S>, nsKey: NamespaceKey): void {
    if (nsKey === VOID_NAMESPACE) group.voidNamespace = undefined
    else if (group.namespaces !== undefined) group.namespaces.delete(nsKey as NormalizedKey)
  }
}

function sizeOf<S>(group: KeyGroupStateMap<S>): number {
  let size = group.voidNamespace === undefined ? 0 : group.voidNamespace.size
  if (group.namespaces !== undefined)
    for (const entries of group.namespaces.values()) size += entries.size
  return size
}
