// The heap operator state backend: list states (even-split or union) and broadcast states kept as
// JS objects, by reference. Task thread only. Flink: runtime/state/DefaultOperatorStateBackend.
import type { BroadcastState, ListState } from '../../api/state/state.js'
import type { ListStateDescriptor, MapStateDescriptor } from '../../api/state/state-descriptor.js'
import { HeapBroadcastState } from './heap-broadcast-state.js'
import type {
  OperatorStateBackend,
  OperatorStateRedistributionMode,
} from './operator-state-backend.js'
import { PartitionableListState } from './partitionable-list-state.js'
import { StateError } from './state-error.js'

export class DefaultOperatorStateBackend implements OperatorStateBackend {
  private readonly registeredOperatorStates = new Map<string, PartitionableListState<unknown>>()
  private readonly registeredBroadcastStates = new Map<
    string,
    HeapBroadcastState<unknown, unknown>
  >()

  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.getListStateWithMode(descriptor, 'SPLIT_DISTRIBUTE')
  }

  getUnionListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.getListStateWithMode(descriptor, 'UNION')
  }

  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V> {
    let state = this.registeredBroadcastStates.get(descriptor.name)
    if (state === undefined) {
      state = new HeapBroadcastState(descriptor.name)
      this.registeredBroadcastStates.set(descriptor.name, state)
    }
    return state as HeapBroadcastState<K, V>
  }

  getRegisteredStateNames(): string[] {
    return Array.from(this.registeredOperatorStates.keys())
  }

  getRegisteredBroadcastStateNames(): string[] {
    return Array.from(this.registeredBroadcastStates.keys())
  }

  /** The list state named `name`, for snapshots; undefined if not registered. */
  getOperatorState(name: string): PartitionableListState<unknown> | undefined {
    return this.registeredOperatorStates.get(name)
  }

  /** The broadcast state named `name`, for snapshots; undefined if not registered. */
  getRegisteredBroadcastState(name: string): HeapBroadcastState<unknown, unknown> | undefined {
    return this.registeredBroadcastStates.get(name)
  }

  dispose(): void {
    this.registeredOperatorStates.clear()
    this.registeredBroadcastStates.clear()
  }

  private getListStateWithMode<T>(
    descriptor: ListStateDescriptor<T>,
    mode: OperatorStateRedistributionMode,
  ): ListState<T> {
    let state = this.registeredOperatorStates.get(descriptor.name)
    if (state === undefined) {
      state = new PartitionableListState<unknown>(descriptor.name, mode)
      this.registeredOperatorStates.set(descriptor.name, state)
    } else if (state.mode !== mode) {
      throw new StateError(
        `Operator list state '${descriptor.name}' is registered with redistribution mode ` +
          `${state.mode} and cannot be used with ${mode} (getListState is SPLIT_DISTRIBUTE, ` +
          `getUnionListState is UNION)`,
        {
          code: 'state.incompatible-mode',
          domain: 'user',
          failureType: 'NonRecoverableError',
          context: {
            stateName: descriptor.name,
            registered: state.mode,
            requested: mode,
          },
        },
      )
    }
    return state as PartitionableListState<T>
  }
}
