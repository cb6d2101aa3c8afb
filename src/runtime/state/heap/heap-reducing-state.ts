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
    if (value === null || value === undefined) {
      this.clear()
      return
    }
    const entry = this.stateTable.get(this.currentNamespaceKey)
    if (entry !== undefined) entry.value = callReduce(this.reduceFunction, entry.value, value)
    else this.stateTable.put(this.currentNamespace, this.currentNamespaceKey, value)
  }

  protected override mergeValues(a: T, b: T): T {
    return callReduce(this.reduceFunction, a, b)
  }
}
