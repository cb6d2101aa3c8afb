// Base of the heap keyed states: the state's table and the namespace it is bound to. Subclasses
// implement the user-facing methods over `stateTable` for the backend's current key.
// Task thread only. Flink: org.apache.flink.runtime.state.heap.AbstractHeapState.
import type { StateKind } from '../../../api/state/state-descriptor.js'
import {
  type InternalKvState,
  type NamespaceKey,
  VOID_NAMESPACE,
  normalizeNamespace,
} from '../keyed-state-backend.js'
import type { StateTable } from './state-table.js'

export abstract class AbstractHeapState<S> implements InternalKvState {
  readonly name: string
  abstract readonly kind: StateKind
  protected readonly stateTable: StateTable<S>
  /** The namespace as the caller gave it; stored in new entries. */
  protected currentNamespace: unknown = VOID_NAMESPACE
  /** Its map identity, passed to every table access. */
  protected currentNamespaceKey: NamespaceKey = VOID_NAMESPACE

  constructor(stateTable: StateTable<S>) {
    this.name = stateTable.name
    this.stateTable = stateTable
  }

  setCurrentNamespace(namespace: unknown): void {
    // Window operators set the same window for many records; skip renormalizing it.
    if (namespace === this.currentNamespace) return
    this.currentNamespaceKey = normalizeNamespace(namespace)
    this.currentNamespace = namespace
  }

  getCurrentNamespace(): unknown {
    return this.currentNamespace
  }

  /** The table holding this state's entries, for the backend's snapshots and restores. */
  getStateTable(): StateTable<S> {
    return this.stateTable
  }

  clear(): void {
    this.stateTable.remove(this.currentNamespaceKey)
  }

  /** Combines two stored values of this state; merging states override it. */
  protected mergeValues(_a: S, _b: S): S {
    throw new Error(`State '${this.name}' (${this.kind}) cannot merge namespaces`)
  }

  /** Flink: AbstractHeapMergingState.mergeNamespaces. */
  mergeNamespaces(target: unknown, sources: readonly unknown[]): void {
    if (sources.length === 0) return
    const targetKey = normalizeNamespace(target)
    let merged: S | undefined
    let found = false
    for (const source of sources) {
      const key = normalizeNamespace(source)
      const entry = this.stateTable.get(key)
      if (entry === undefined) continue
      this.stateTable.remove(key)
      merged = found ? this.mergeValues(merged as S, entry.value) : entry.value
      found = true
    }
    if (!found) return
    const existing = this.stateTable.get(targetKey)
    if (existing !== undefined) {
      this.stateTable.touch()
      existing.value = this.mergeValues(existing.value, merged as S)
    } else this.stateTable.put(target, targetKey, merged as S)
  }
}
