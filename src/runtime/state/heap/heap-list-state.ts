// ListState on the heap: an array per (key, namespace). get() returns the stored array itself (by
// reference, as Flink's heap backend does); null elements are rejected as in Flink.
// Flink: org.apache.flink.runtime.state.heap.HeapListState.
import { checkListElements, nullListElementError } from '../state-error.js'
import type { InternalListState } from '../keyed-state-backend.js'
import { AbstractHeapState } from './abstract-heap-state.js'

const EMPTY: readonly never[] = Object.freeze([])

export class HeapListState<T> extends AbstractHeapState<T[]> implements InternalListState<T> {
  readonly kind = 'list' as const

  get(): Iterable<T> {
    const entry = this.stateTable.get(this.currentNamespaceKey)
    return entry === undefined ? EMPTY : entry.value
  }

  add(value: T): void {
    this.addIsFirst(value)
  }

  addIsFirst(value: T): boolean {
    if (value === null || value === undefined) throw nullListElementError(this.name)
    const entry = this.stateTable.get(this.currentNamespaceKey)
    if (entry !== undefined) {
      this.stateTable.touch()
      entry.value.push(value)
      return false
    }
    this.stateTable.put(this.currentNamespace, this.currentNamespaceKey, [value])
    return true
  }

  addAll(values: readonly T[]): void {
    checkListElements(this.name, values)
    if (values.length === 0) return
    const entry = this.stateTable.get(this.currentNamespaceKey)
    if (entry === undefined) {
      this.stateTable.put(this.currentNamespace, this.currentNamespaceKey, values.slice())
      return
    }
    this.stateTable.touch()
    const list = entry.value
    // `n` is read once: `values` may be the stored array itself (from get()).
    const n = values.length
    for (let i = 0; i < n; i++) list.push(values[i] as T)
  }

  /** Replaces the list with a copy of `values`; an empty array clears the state. */
  update(values: readonly T[]): void {
    checkListElements(this.name, values)
    if (values.length === 0) this.clear()
    else this.stateTable.put(this.currentNamespace, this.currentNamespaceKey, values.slice())
  }

  protected override mergeValues(a: T[], b: T[]): T[] {
    for (let i = 0; i < b.length; i++) a.push(b[i]!)
    return a
  }
}
