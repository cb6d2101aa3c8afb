// The heap operator state backend: list states (even-split or union) and broadcast states kept as
// JS objects, by reference. A restore (snapshot/) hands it restored states before the operator
// opens; the first request for a name adopts them. Task thread only.
// Flink: runtime/state/DefaultOperatorStateBackend.
import type { BroadcastState, ListState } from '../../api/state/state.js'
import type { ListStateDescriptor, MapStateDescriptor } from '../../api/state/state-descriptor.js'
import { GenericTypeInfo } from '../../core/types/generic-type-info.js'
import { HeapBroadcastState } from './heap-broadcast-state.js'
import type {
  OperatorStateBackend,
  OperatorStateRedistributionMode,
} from './operator-state-backend.js'
import { PartitionableListState } from './partitionable-list-state.js'
import type {
  BroadcastStateContents,
  OperatorListStateContents,
  OperatorStateContents,
} from './snapshot/operator-state-contents.js'
import { migrateRestoredElements, migrateRestoredEntries } from './snapshot/state-migration.js'
import { StateError } from './state-error.js'

export class DefaultOperatorStateBackend implements OperatorStateBackend {
  private readonly registeredOperatorStates = new Map<string, PartitionableListState<unknown>>()
  private readonly registeredBroadcastStates = new Map<
    string,
    HeapBroadcastState<unknown, unknown>
  >()
  /** Restored states the operator has not asked for yet, by name. */
  private readonly restoredListStates = new Map<string, OperatorListStateContents>()
  private readonly restoredBroadcastStates = new Map<string, BroadcastStateContents>()

  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.getListStateWithMode(descriptor, 'SPLIT_DISTRIBUTE')
  }

  getUnionListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.getListStateWithMode(descriptor, 'UNION')
  }

  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V> {
    const name = descriptor.name
    let state = this.registeredBroadcastStates.get(name)
    if (state === undefined) {
      state = new HeapBroadcastState<unknown, unknown>(
        name,
        descriptor.keyType ?? GenericTypeInfo.INSTANCE,
        descriptor.valueType ?? GenericTypeInfo.INSTANCE,
      )
      const restored = this.restoredBroadcastStates.get(name)
      if (restored !== undefined) {
        for (const [key, value] of migrateRestoredEntries(
          name,
          restored,
          state,
          restored.entries,
        )) {
          state.put(key, value)
        }
        this.restoredBroadcastStates.delete(name)
      }
      this.registeredBroadcastStates.set(name, state)
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

  /**
   * Every state with its elements or entries, for snapshots: registered states, then restored ones
   * the operator has not asked for yet. The arrays and values are live: serialize before returning
   * to the operator.
   */
  getStateContents(): OperatorStateContents[] {
    const contents: OperatorStateContents[] = []
    for (const state of this.registeredOperatorStates.values()) {
      contents.push({
        mode: state.mode === 'UNION' ? 'UNION' : 'SPLIT_DISTRIBUTE',
        name: state.name,
        elementType: state.elementType,
        elements: state.getInternalList(),
      })
    }
    contents.push(...this.restoredListStates.values())
    for (const state of this.registeredBroadcastStates.values()) {
      contents.push({
        mode: 'BROADCAST',
        name: state.name,
        keyType: state.keyType,
        valueType: state.valueType,
        entries: Array.from(state.immutableEntries()),
      })
    }
    contents.push(...this.restoredBroadcastStates.values())
    return contents
  }

  /**
   * Adds a restored state, adopted (and converted to the declared types) when the operator first
   * asks for its name. Restores run before the operator opens.
   */
  addRestoredState(contents: OperatorStateContents): void {
    const name = contents.name
    const isBroadcast = contents.mode === 'BROADCAST'
    const registered = isBroadcast ? this.registeredBroadcastStates : this.registeredOperatorStates
    const restored = isBroadcast ? this.restoredBroadcastStates : this.restoredListStates
    if (registered.has(name) || restored.has(name)) {
      throw new StateError(
        `Cannot restore operator state '${name}': it is already ` +
          `${registered.has(name) ? 'registered by the operator' : 'restored'}; restore each ` +
          `state once, before the operator opens`,
        {
          code: 'state.restore-after-registration',
          domain: 'internal',
          context: { stateName: name },
        },
      )
    }
    if (contents.mode === 'BROADCAST') this.restoredBroadcastStates.set(name, contents)
    else this.restoredListStates.set(name, contents)
  }

  dispose(): void {
    this.registeredOperatorStates.clear()
    this.registeredBroadcastStates.clear()
    this.restoredListStates.clear()
    this.restoredBroadcastStates.clear()
  }

  private getListStateWithMode<T>(
    descriptor: ListStateDescriptor<T>,
    mode: OperatorStateRedistributionMode,
  ): ListState<T> {
    let state = this.registeredOperatorStates.get(descriptor.name)
    if (state === undefined) {
      state = this.registerListState(descriptor, mode)
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

  private registerListState(
    descriptor: ListStateDescriptor<unknown>,
    mode: OperatorStateRedistributionMode,
  ): PartitionableListState<unknown> {
    const name = descriptor.name
    const state = new PartitionableListState<unknown>(
      name,
      mode,
      descriptor.elementType ?? GenericTypeInfo.INSTANCE,
    )
    const restored = this.restoredListStates.get(name)
    if (restored !== undefined) {
      if (restored.mode !== mode) {
        throw new StateError(
          `Operator list state '${name}' was restored with redistribution mode ` +
            `${restored.mode} and cannot be used with ${mode} (getListState is ` +
            `SPLIT_DISTRIBUTE, getUnionListState is UNION)`,
          {
            code: 'state.incompatible-mode',
            domain: 'user',
            failureType: 'NonRecoverableError',
            context: { stateName: name, restored: restored.mode, requested: mode },
          },
        )
      }
      const elements = migrateRestoredElements(
        name,
        restored.elementType,
        state.elementType,
        restored.elements,
      )
      state.addAll(elements)
      this.restoredListStates.delete(name)
    }
    this.registeredOperatorStates.set(name, state)
    return state
  }
}
