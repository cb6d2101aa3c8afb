// One key's state entries in namespaces other than the void one, by namespace key. Records of a
// key mostly go to one namespace, its newest (the current tumbling window or session, while older
// windows wait for the watermark), so the newest entry is held in the row itself and a Map only
// for the others: a lookup of the newest then costs no Map lookup.
// Namespace keys compare as a Map compares them (SameValueZero).
import type { NormalizedKey } from '../../../core/keys/key-hash.js'

/** The entries (never undefined) of one key, by namespace key. */
export class NamespaceRow<E> {
  private firstNamespace: NormalizedKey | undefined = undefined
  private first: E | undefined = undefined
  private others: Map<NormalizedKey, E> | undefined = undefined

  get size(): number {
    return (this.first === undefined ? 0 : 1) + (this.others === undefined ? 0 : this.others.size)
  }

  get(namespace: NormalizedKey): E | undefined {
    if (same(this.firstNamespace, namespace)) return this.first
    return this.others === undefined ? undefined : this.others.get(namespace)
  }

  /** Sets the entry of `namespace`; a new namespace takes the first slot (the newest is hottest). */
  set(namespace: NormalizedKey, entry: E): void {
    if (this.first === undefined || same(this.firstNamespace, namespace)) {
      this.firstNamespace = namespace
      this.first = entry
      return
    }
    const others = (this.others ??= new Map<NormalizedKey, E>())
    if (others.has(namespace)) {
      others.set(namespace, entry)
      return
    }
    others.set(this.firstNamespace!, this.first)
    this.firstNamespace = namespace
    this.first = entry
  }

  /** Removes the entry in `namespace`; false if there was none. */
  delete(namespace: NormalizedKey): boolean {
    if (this.first !== undefined && same(this.firstNamespace, namespace)) {
      this.firstNamespace = undefined
      this.first = undefined
      this.promoteOther()
      return true
    }
    return this.others !== undefined && this.others.delete(namespace)
  }

  /** Oldest first, as a Map iterates when nothing was deleted; a restore keeps this order. */
  *values(): Generator<E, void, undefined> {
    if (this.others !== undefined) yield* this.others.values()
    if (this.first !== undefined) yield this.first
  }

  /** Moves the oldest other entry into the first slot, so `first` is empty only in an empty row. */
  private promoteOther(): void {
    const others = this.others
    if (others === undefined) return
    for (const [namespace, entry] of others) {
      others.delete(namespace)
      this.firstNamespace = namespace
      this.first = entry
      break
    }
    if (others.size === 0) this.others = undefined
  }
}

/** SameValueZero, as Map compares keys; `b` is never undefined. */
function same(a: NormalizedKey | undefined, b: NormalizedKey): boolean {
  return a === b || (a !== a && b !== b)
}
