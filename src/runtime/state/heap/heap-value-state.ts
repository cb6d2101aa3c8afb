// ValueState on the heap: one value per (key, namespace), stored by reference, so a mutated value
// object is mutated state even without update() (unlike serializing backends).
// Flink: org.apache.flink.runtime.state.heap.HeapValueState.
import type { InternalValueState } from '../keyed-state-backend.js'
import { AbstractHeapState } from './abstract-heap-state.js'

export class HeapValueState<T> extends AbstractHeapState<T> implements InternalValueState<T> {
  readonly kind = 'value' as const

  value(): T | null {
    const entry = this.stateTable.get(this.currentNamespaceKey)
    return entry === undefined ? null : entry.value
  }

  /** `null` (or undefined, which Flink's Java has no separate notion of) clears the value. */
  update(value: T | null): void {
    if (value === null || value === undefined) {
      this.clear()
      return
    }
    this.stateTable.put(this.currentNamespace, this.currentNamespaceKey, value)
  }
}
