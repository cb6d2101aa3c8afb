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
}
