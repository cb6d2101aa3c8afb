// An operator ListState: one array per subtask, redistributed on restore according to its mode.
// Elements are stored by reference; get() returns the stored array. Task thread only.
// Flink: org.apache.flink.runtime.state.PartitionableListState.
import type { ListState } from '../../api/state/state.js'
import { GenericTypeInfo } from '../../core/types/generic-type-info.js'
import type { TypeInformation } from '../../core/types/type-information.js'
import type { OperatorStateRedistributionMode } from './operator-state-backend.js'
import { checkListElements, nullListElementError } from './state-error.js'

export class PartitionableListState<T> implements ListState<T> {
  readonly name: string
  readonly mode: OperatorStateRedistributionMode
  /** The type snapshots write the elements with (GENERIC when the descriptor declared none). */
  readonly elementType: TypeInformation<T>
  private readonly internalList: T[] = []

  constructor(
    name: string,
    mode: OperatorStateRedistributionMode,
    elementType: TypeInformation<T> = GenericTypeInfo.INSTANCE as TypeInformation<T>,
  ) {
    this.name = name
    this.mode = mode
    this.elementType = elementType
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
