// Heap storage of one keyed state. Entries live per key group (an array indexed by
// keyGroup - range.start), so that snapshots can write, and restores read, key group by key group,
// which is what rescaling needs. In a group, the void namespace maps normalized key -> StateEntry;
// other namespaces are kept key first (normalized key -> namespace -> StateEntry), because a record
// touches one key in several namespaces (a sliding window's element is in size/slide windows):
// the current key's row is looked up once and remembered until the key changes. A row holds its
// newest namespace outside any Map (see namespace-row.ts).
// Task thread only. Flink: org.apache.flink.runtime.state.heap.{StateTable, StateMap, StateEntry}.
import type { StateKind } from '../../../api/state/state-descriptor.js'
import { type NormalizedKey, normalizeKey } from '../../../core/keys/key-hash.js'
import { type InternalKeyContext, noKeySetError } from '../internal-key-context.js'
import { type NamespaceKey, VOID_NAMESPACE, normalizeNamespace } from '../keyed-state-backend.js'
import { NamespaceRow } from './namespace-row.js'
import { StateChangeLog } from './state-change-log.js'

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
/** One key's entries in namespaces other than the void one. */
type Row<S> = NamespaceRow<StateEntry<S>>

// The void namespace has its own map: most state is not windowed, and this saves a map lookup
// per access.
class KeyGroupStateMap<S> {
  voidNamespace: EntryMap<S> | undefined = undefined
  rows: Map<NormalizedKey, Row<S>> | undefined = undefined
}

export class StateTable<S> {
  readonly name: string
  readonly kind: StateKind
  private readonly keyContext: InternalKeyContext
  private readonly keyGroups: (KeyGroupStateMap<S> | undefined)[]
  // The current key's row (undefined: it has none) as of key context epoch `rowEpoch`; -1 when
  // not known. Every change to which rows exist goes through this table and keeps it true.
  private row: Row<S> | undefined = undefined
  private rowEpoch = -1
  /**
   * Every row of every key group, by key: the current key's row is found without its key group,
   * which the key context then need not compute (see InternalKeyContext.currentKeyGroupIndex).
   */
  private readonly rowsByKey = new Map<NormalizedKey, Row<S>>()
  /** The keys changed since the last checkpoints, for incremental snapshots; undefined: untracked. */
  changes: StateChangeLog | undefined = undefined

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
    if (namespace === VOID_NAMESPACE) {
      const entries = this.keyGroups[this.currentOffset()]?.voidNamespace
      return entries === undefined ? undefined : entries.get(this.keyContext.currentNormalizedKey)
    }
    const row = this.currentRow()
    return row === undefined ? undefined : row.get(namespace as NormalizedKey)
  }

  /** Starts recording which keys change (from now on), for incremental snapshots. */
  trackChanges(): StateChangeLog {
    return (this.changes ??= new StateChangeLog(this.keyContext))
  }

  /**
   * Records that the current key's value was changed in place (a list appended to, an
   * accumulator updated): `put` and `remove` record their own changes.
   */
  touch(): void {
    if (this.changes !== undefined) this.changes.mark()
  }

  /** Sets the value of the current key; `namespace` is kept in a new entry, `nsKey` is its identity. */
  put(namespace: unknown, nsKey: NamespaceKey, value: S): void {
    const ctx = this.keyContext
    if (nsKey === VOID_NAMESPACE) {
      const entries = (this.groupForWrite(this.currentOffset()).voidNamespace ??= new Map<
        NormalizedKey,
        StateEntry<S>
      >())
      setEntry(entries, ctx.currentNormalizedKey, ctx.currentKey, namespace, value)
    } else {
      const row = this.currentRow() ?? this.newCurrentRow()
      const entry = row.get(nsKey as NormalizedKey)
      if (entry !== undefined) entry.value = value
      else row.set(nsKey as NormalizedKey, new StateEntry(ctx.currentKey, namespace, value))
    }
    // Once written: without a current key the write threw.
    this.touch()
  }

  /** Removes the entry of the current key, and the key's row once it is empty. */
  remove(nsKey: NamespaceKey): void {
    const ctx = this.keyContext
    const group = this.keyGroups[this.currentOffset()]
    if (group === undefined) return
    this.touch()
    if (nsKey === VOID_NAMESPACE) {
      const entries = group.voidNamespace
      if (entries === undefined) return
      entries.delete(ctx.currentNormalizedKey)
      if (entries.size === 0) group.voidNamespace = undefined
      return
    }
    const row = this.currentRow()
    if (row === undefined || !row.delete(nsKey as NormalizedKey) || row.size > 0) return
    group.rows!.delete(ctx.currentNormalizedKey)
    this.rowsByKey.delete(ctx.currentNormalizedKey)
    this.row = undefined
  }

  /** The user keys with an entry in `namespace`, over all key groups. */
  *keys(namespace: unknown): Generator<unknown, void, undefined> {
    const nsKey = normalizeNamespace(namespace)
    for (let i = 0; i < this.keyGroups.length; i++) {
      const group = this.keyGroups[i]
      if (group === undefined) continue
      if (nsKey === VOID_NAMESPACE) {
        if (group.voidNamespace !== undefined)
          for (const entry of group.voidNamespace.values()) yield entry.key
        continue
      }
      if (group.rows === undefined) continue
      for (const row of group.rows.values()) {
        const entry = row.get(nsKey as NormalizedKey)
        if (entry !== undefined) yield entry.key
      }
    }
  }

  /** Every entry of one key group, all namespaces; for snapshots. */
  *entriesOfKeyGroup(keyGroup: number): Generator<StateEntry<S>, void, undefined> {
    const group = this.keyGroups[this.offsetOf(keyGroup)]
    if (group === undefined) return
    if (group.voidNamespace !== undefined) yield* group.voidNamespace.values()
    if (group.rows === undefined) return
    for (const row of group.rows.values()) yield* row.values()
  }

  /** The entries of one key of key group `keyGroup` (by its normalized key), all namespaces. */
  entriesOfKey(keyGroup: number, key: NormalizedKey): StateEntry<S>[] {
    const group = this.keyGroups[this.offsetOf(keyGroup)]
    if (group === undefined) return []
    const entries: StateEntry<S>[] = []
    const entry = group.voidNamespace?.get(key)
    if (entry !== undefined) entries.push(entry)
    const row = group.rows?.get(key)
    if (row !== undefined) for (const e of row.values()) entries.push(e)
    return entries
  }

  /** Removes every entry of `key` in key group `keyGroup`; for restores of changes. */
  removeKey(keyGroup: number, key: unknown): void {
    const group = this.keyGroups[this.offsetOf(keyGroup)]
    if (group === undefined) return
    const normalized = normalizeKey(key)
    group.voidNamespace?.delete(normalized)
    if (group.rows?.delete(normalized) === true) {
      this.rowsByKey.delete(normalized)
      // It may be the current key's.
      this.rowEpoch = -1
    }
  }

  /** The number of entries of one key group, all namespaces; for snapshots. */
  sizeOfKeyGroup(keyGroup: number): number {
    const group = this.keyGroups[this.offsetOf(keyGroup)]
    return group === undefined ? 0 : sizeOf(group)
  }

  /** Inserts an entry for any key of key group `keyGroup`; for restores. */
  putEntry(keyGroup: number, key: unknown, namespace: unknown, value: S): void {
    const group = this.groupForWrite(this.offsetOf(keyGroup))
    const nsKey = normalizeNamespace(namespace)
    const normalized = normalizeKey(key)
    const entry = new StateEntry(key, namespace, value)
    if (nsKey === VOID_NAMESPACE) {
      ;(group.voidNamespace ??= new Map<NormalizedKey, StateEntry<S>>()).set(normalized, entry)
      return
    }
    let row = group.rows?.get(normalized)
    if (row === undefined) {
      row = this.addRow(group, normalized)
      // It may be the current key's.
      this.rowEpoch = -1
    }
    row.set(nsKey as NormalizedKey, entry)
  }

  /** The number of (key, namespace) entries. */
  size(): number {
    let size = 0
    for (const group of this.keyGroups) if (group !== undefined) size += sizeOf(group)
    return size
  }

  clear(): void {
    this.keyGroups.fill(undefined)
    this.rowsByKey.clear()
    this.row = undefined
    this.rowEpoch = -1
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

  /** The current key's row; looked up once per key (per key context epoch). */
  private currentRow(): Row<S> | undefined {
    const ctx = this.keyContext
    if (this.rowEpoch === ctx.keyEpoch) return this.row
    if (ctx.currentKey === undefined) throw noKeySetError(this.name)
    this.row = this.rowsByKey.get(ctx.currentNormalizedKey)
    this.rowEpoch = ctx.keyEpoch
    return this.row
  }

  /** Adds an empty row for the current key, which has none. */
  private newCurrentRow(): Row<S> {
    const row = this.addRow(
      this.groupForWrite(this.currentOffset()),
      this.keyContext.currentNormalizedKey,
    )
    this.row = row
    this.rowEpoch = this.keyContext.keyEpoch
    return row
  }

  /** Adds an empty row for `key`, which has none in `group`. */
  private addRow(group: KeyGroupStateMap<S>, key: NormalizedKey): Row<S> {
    const row: Row<S> = new NamespaceRow()
    ;(group.rows ??= new Map<NormalizedKey, Row<S>>()).set(key, row)
    this.rowsByKey.set(key, row)
    return row
  }

  private groupForWrite(offset: number): KeyGroupStateMap<S> {
    let group = this.keyGroups[offset]
    if (group === undefined) {
      group = new KeyGroupStateMap<S>()
      this.keyGroups[offset] = group
    }
    return group
  }
}

function setEntry<S>(
  entries: Map<NormalizedKey, StateEntry<S>>,
  mapKey: NormalizedKey,
  key: unknown,
  namespace: unknown,
  value: S,
): void {
  const entry = entries.get(mapKey)
  if (entry !== undefined) entry.value = value
  else entries.set(mapKey, new StateEntry(key, namespace, value))
}

function sizeOf<S>(group: KeyGroupStateMap<S>): number {
  let size = group.voidNamespace === undefined ? 0 : group.voidNamespace.size
  if (group.rows !== undefined) for (const row of group.rows.values()) size += row.size
  return size
}
