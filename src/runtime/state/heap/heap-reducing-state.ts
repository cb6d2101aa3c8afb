// ReducingState on the heap: the first value added is stored, later ones are folded into it with
// the descriptor's ReduceFunction. Adding null clears the state, as Flink's heap state does.
// Flink: org.apache.flink.runtime.state.heap.HeapReducingState.
import { type ReduceFunction, callReduce } from '../../../api/functions/aggregate.js'
import type { InternalReducingState } from '../keyed-state-backend.js'
import { AbstractHeapState } from './abstract-heap-state.js'
import type { StateTable } from './state-table.js'

export class HeapReducingState<T> extends AbstractHeapState<T> implements InternalReducingState<T> {
  readonly kind = 'reducing' as const
  private readonly reduceFunction: ReduceFunction<T>

  constructor(stateTable: StateTable<T>, reduceFunction: ReduceFunction<T>) {
    super(stateTable)
    this.reduceFunction = reduceFunction
  }

  get(): T | null {
    const entry = this.stateTable.get(this.currentNamespaceKey)
    return entry === undefined ? null : entry.value
  }

  add(value: T): void {
    this.addIsFirst(value)
  }

  addIsFirst(value: T): boolean {
    if (value === null || value === undefined) {
      this.clear()
      return true
    }
    const entry = this.stateTable.get(this.currentNamespaceKey)
    if (entry !== undefined) {
      this.stateTable.touch()
      entry.value = callReduce(this.reduceFunction, entry.value, value)
      return false
    }
    this.stateTable.put(this.currentNamespace, this.currentNamespaceKey, value)
    return true
  }

  protected override mergeValues(a: T, b: T): T {
    return callReduce(this.reduceFunction, a, b)
  }
}
