// An operator ListState: one array per subtask, redistributed on restore according to its mode.
// Elements are stored by reference; get() returns the stored array. Task thread only.
// Flink: org.apache.flink.runtime.state.PartitionableListState.
import type { ListState } from '../../api/state/state.js'
import type { OperatorStateRedistributionMode } from './operator-state-backend.js'
import { checkListElements, nullListElementError } from './state-error.js'

export class PartitionableListState<T> implements ListState<T> {
  readonly name: string
  readonly mode: OperatorStateRedistributionMode
  private readonly internalList: T[] = []

  constructor(name: string, mode: OperatorStateRedistributionMode) {
    this.name = name
    this.mode = mode
  }

  get(): Iterable<T> {
    return this.internalList
  }

  add(value: T): void {
    if (value === null || value === undefined) throw nullListElementError(this.name)
    this.internalList.push(value)
  }

  addAll(values: readonly T[]): void {
    checkListElements(this.name, values)
    // `n` is read once: `values` may be this state's own array (from get()).
    const n = values.length
    for (let i = 0; i < n; i++) this.internalList.push(values[i] as T)
  }

  update(values: readonly T[]): void {
    checkListElements(this.name, values)
    // Copied first: `values` may be this state's own array (from get()).
    const copy = values.slice()
    this.internalList.length = 0
    for (let i = 0; i < copy.length; i++) this.internalList.push(copy[i] as T)
  }

  clear(): void {
    this.internalList.length = 0
  }

  /** The elements, for snapshots. */
  getInternalList(): readonly T[] {
    return this.internalList
  }
}
