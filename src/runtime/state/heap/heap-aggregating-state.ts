// AggregatingState on the heap: the accumulator is created on the first add and stored by
// reference; get() returns getResult(acc). Adding null clears the state, as Flink's heap state does.
// Flink: org.apache.flink.runtime.state.heap.HeapAggregatingState.
import type { AggregateFunction } from '../../../api/functions/aggregate.js'
import type { InternalAggregatingState } from '../keyed-state-backend.js'
import { AbstractHeapState } from './abstract-heap-state.js'
import type { StateTable } from './state-table.js'

export class HeapAggregatingState<IN, ACC, OUT>
  extends AbstractHeapState<ACC>
  implements InternalAggregatingState<IN, OUT>
{
  readonly kind = 'aggregating' as const
  private readonly aggregateFunction: AggregateFunction<IN, ACC, OUT>

  constructor(stateTable: StateTable<ACC>, aggregateFunction: AggregateFunction<IN, ACC, OUT>) {
    super(stateTable)
    this.aggregateFunction = aggregateFunction
  }

  get(): OUT | null {
    const entry = this.stateTable.get(this.currentNamespaceKey)
    return entry === undefined ? null : this.aggregateFunction.getResult(entry.value)
  }

  add(value: IN): void {
    this.addIsFirst(value)
  }

  addIsFirst(value: IN): boolean {
    if (value === null || value === undefined) {
      this.clear()
      return true
    }
    const fn = this.aggregateFunction
    const entry = this.stateTable.get(this.currentNamespaceKey)
    if (entry !== undefined) {
      this.stateTable.touch()
      const acc = entry.value
      const next = fn.add(value, acc)
      // Most accumulators are updated in place: skip the store (and its write barrier).
      if (next !== acc) entry.value = next
      return false
    }
    this.stateTable.put(
      this.currentNamespace,
      this.currentNamespaceKey,
      fn.add(value, fn.createAccumulator()),
    )
    return true
  }

  protected override mergeValues(a: ACC, b: ACC): ACC {
    return this.aggregateFunction.merge(a, b)
  }
}
