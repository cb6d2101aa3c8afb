// The keyed state backend that keeps state as JS objects on the heap ('hashmap' in config). Values
// are stored by reference: what user code reads is the stored object itself, and mutating it mutates
// state. One StateTable per state name, one state object per name. A restore (snapshot/) fills
// tables before the operator asks for its states; the first registration adopts the table.
// Task thread only. Flink: org.apache.flink.runtime.state.heap.HeapKeyedStateBackend.
import type { AggregateFunction, ReduceFunction } from '../../../api/functions/aggregate.js'
import type { StateKind } from '../../../api/state/state-descriptor.js'
import type { KeyGroupRange } from '../../../core/keys/key-group-range.js'
import { InternalKeyContext, type KeyGroupAccessListener } from '../internal-key-context.js'
import {
  type InternalStateOf,
  type KeyedStateBackend,
  type StateDescriptorLike,
  type StateOf,
  VOID_NAMESPACE,
} from '../keyed-state-backend.js'
import { StateError } from '../state-error.js'
import { KeyedStateMetaInfo } from '../snapshot/keyed-state-meta-info.js'
import { migrateRestoredKeyedState } from '../snapshot/state-migration.js'
import type { AbstractHeapState } from './abstract-heap-state.js'
import { HeapAggregatingState } from './heap-aggregating-state.js'
import { HeapListState } from './heap-list-state.js'
import { HeapMapState, type UserMap } from './heap-map-state.js'
import { HeapReducingState } from './heap-reducing-state.js'
import { HeapValueState } from './heap-value-state.js'
import { StateTable } from './state-table.js'

/** A state's table and the types its values are written with; what snapshots write. */
export interface RegisteredKeyedState {
  readonly metaInfo: KeyedStateMetaInfo
  readonly table: StateTable<unknown>
}

export class HeapKeyedStateBackend implements KeyedStateBackend {
  readonly keyGroupRange: KeyGroupRange
  readonly maxParallelism: number
  private readonly keyContext: InternalKeyContext
  /** The state objects, created on first use. */
  private readonly states = new Map<string, AbstractHeapState<unknown>>()
  /**
   * Every table by state name: of registered states (with the descriptor's types) and of restored
   * ones the operator has not asked for yet (with the stored types), so a snapshot keeps those too.
   */
  private readonly registeredKvStates = new Map<string, RegisteredKeyedState>()
  private isDisposed = false
  private isTrackingChanges = false
  /**
   * Counts the restored states registered with the operator's types: a snapshot of changes
   * based on a snapshot taken before one of them would disagree with it on the state's types.
   */
  migrations = 0

  constructor(keyGroupRange: KeyGroupRange, maxParallelism: number) {
    this.keyContext = new InternalKeyContext(keyGroupRange, maxParallelism)
    this.keyGroupRange = keyGroupRange
    this.maxParallelism = maxParallelism
  }

  setCurrentKey(key: unknown): void {
    this.keyContext.setCurrentKey(key)
  }

  setCurrentKeyInKeyGroup(key: unknown, keyGroup: number): void {
    this.keyContext.setCurrentKeyInKeyGroup(key, keyGroup)
  }

  getCurrentKey(): unknown {
    return this.keyContext.currentKey
  }

  getCurrentKeyGroupIndex(): number {
    return this.keyContext.currentKeyGroupIndex
  }

  getPartitionedState<D extends StateDescriptorLike>(
    namespace: unknown,
    descriptor: D,
  ): InternalStateOf<D> {
    this.checkNotDisposed()
    let state = this.states.get(descriptor.name)
    if (state === undefined) {
      state = this.registerState(descriptor)
    } else if (state.kind !== descriptor.kind) {
      throw new StateError(
        `State '${descriptor.name}' is already registered as ${article(state.kind)} state and ` +
          `cannot be registered again as ${article(descriptor.kind)} state`,
        {
          code: 'state.incompatible-kind',
          domain: 'user',
          failureType: 'NonRecoverableError',
          context: {
            stateName: descriptor.name,
            registered: state.kind,
            requested: descriptor.kind,
          },
        },
      )
    }
    state.setCurrentNamespace(namespace)
    return state as unknown as InternalStateOf<D>
  }

  getState<D extends StateDescriptorLike>(descriptor: D): StateOf<D> {
    return this.getPartitionedState(VOID_NAMESPACE, descriptor) as unknown as StateOf<D>
  }

  getKeys(stateName: string, namespace: unknown): Iterable<unknown> {
    const table = this.getStateTable(stateName)
    return table === undefined ? [] : table.keys(namespace)
  }

  applyToAllKeys<D extends StateDescriptorLike>(
    namespace: unknown,
    descriptor: D,
    fn: (key: unknown, state: InternalStateOf<D>) => void,
  ): void {
    const state = this.getPartitionedState(namespace, descriptor)
    const keys = Array.from(this.getKeys(descriptor.name, namespace))
    const ctx = this.keyContext
    const previousKey = ctx.currentKey
    const hadKey = ctx.hasKey()
    try {
      for (const key of keys) {
        ctx.setCurrentKey(key)
        fn(key, state)
      }
    } finally {
      if (hadKey) ctx.setCurrentKey(previousKey)
      else ctx.resetCurrentKey()
    }
  }

  numKeyValueStateEntries(): number {
    let count = 0
    for (const registered of this.registeredKvStates.values()) count += registered.table.size()
    return count
  }

  /**
   * Records from now on which keys each state changes (state.backend.incremental), so that a
   * snapshot can hold only those.
   */
  enableChangeTracking(): void {
    this.isTrackingChanges = true
    for (const { table } of this.registeredKvStates.values()) table.trackChanges()
  }

  /** Whether an asynchronous snapshot of this backend is being written. */
  isSnapshotInProgress(): boolean {
    return this.keyContext.hasAccessListener()
  }

  /** Installs (or, with undefined, removes) the listener an asynchronous snapshot needs. */
  setKeyGroupAccessListener(listener: KeyGroupAccessListener | undefined): void {
    this.keyContext.setAccessListener(listener)
  }

  /** The table behind state `stateName` (registered or restored); undefined if there is none. */
  getStateTable(stateName: string): StateTable<unknown> | undefined {
    return this.registeredKvStates.get(stateName)?.table
  }

  /** Every table with its meta info, in order of first registration or restore; for snapshots. */
  getRegisteredKvStates(): RegisteredKeyedState[] {
    return Array.from(this.registeredKvStates.values())
  }

  /**
   * The table that restored entries of state `metaInfo.name` go into, created on the first call.
   * Restores run before the operator registers its states; the snapshots of several old subtasks
   * must agree on each state's kind and types.
   */
  getRestoreTable(metaInfo: KeyedStateMetaInfo): StateTable<unknown> {
    this.checkNotDisposed()
    const name = metaInfo.name
    if (this.states.has(name)) {
      throw new StateError(
        `Cannot restore state '${name}': the operator has already registered it; restore ` +
          `keyed state before the operator opens`,
        {
          code: 'state.restore-after-registration',
          domain: 'internal',
          context: { stateName: name },
        },
      )
    }
    const existing = this.registeredKvStates.get(name)
    if (existing === undefined) {
      const table = this.newTable(name, metaInfo.kind)
      this.registeredKvStates.set(name, { metaInfo, table })
      return table
    }
    if (!existing.metaInfo.hasSameSchema(metaInfo)) {
      const disagreement = `${describeMeta(existing.metaInfo)} in one, ${describeMeta(metaInfo)}`
      throw new StateError(
        `Cannot restore state '${name}': the snapshots disagree on it (${disagreement} in another)`,
        {
          code: 'state.inconsistent-snapshots',
          domain: 'internal',
          failureType: 'NonRecoverableError',
          context: { stateName: name },
        },
      )
    }
    return existing.table
  }

  /** The names of all registered states, in registration order. */
  getRegisteredStateNames(): string[] {
    return Array.from(this.states.keys())
  }

  dispose(): void {
    for (const registered of this.registeredKvStates.values()) registered.table.clear()
    this.registeredKvStates.clear()
    this.states.clear()
    this.keyContext.resetCurrentKey()
    this.isDisposed = true
  }

  /** Creates the state object, on the restored table if there is one (converted to its types). */
  private registerState(descriptor: StateDescriptorLike): AbstractHeapState<unknown> {
    const name = descriptor.name
    const restored = this.registeredKvStates.get(name)
    const table = restored?.table ?? this.newTable(name, descriptor.kind)
    // Created before the migration so that an unknown kind is reported as such.
    const state = this.createState(descriptor, table)
    const metaInfo = KeyedStateMetaInfo.of(descriptor)
    if (restored !== undefined) {
      migrateRestoredKeyedState(restored.metaInfo, metaInfo, table, this.keyGroupRange)
      this.migrations++
    }
    this.registeredKvStates.set(name, { metaInfo, table })
    this.states.set(name, state)
    return state
  }

  private newTable(name: string, kind: StateKind): StateTable<unknown> {
    const table = new StateTable<unknown>(name, kind, this.keyContext)
    if (this.isTrackingChanges) table.trackChanges()
    return table
  }

  private createState(
    descriptor: StateDescriptorLike,
    table: StateTable<unknown>,
  ): AbstractHeapState<unknown> {
    switch (descriptor.kind) {
      case 'value':
        return new HeapValueState(table)
      case 'list':
        return new HeapListState(table as StateTable<unknown[]>) as AbstractHeapState<unknown>
      case 'map':
        return new HeapMapState(
          table as StateTable<UserMap<unknown, unknown>>,
        ) as AbstractHeapState<unknown>
      case 'reducing': {
        const { reduceFunction } = descriptor as unknown as {
          reduceFunction: ReduceFunction<unknown>
        }
        return new HeapReducingState(table, reduceFunction)
      }
      case 'aggregating': {
        const { aggregateFunction } = descriptor as unknown as {
          aggregateFunction: AggregateFunction<unknown, unknown, unknown>
        }
        return new HeapAggregatingState(table, aggregateFunction)
      }
      default:
        throw new StateError(
          `State '${String(descriptor.name)}' has an unknown kind '${String((descriptor as { kind: unknown }).kind)}'`,
          {
            code: 'state.unknown-kind',
            domain: 'user',
            failureType: 'NonRecoverableError',
          },
        )
    }
  }

  private checkNotDisposed(): void {
    if (this.isDisposed) {
      throw new StateError('The keyed state backend has been disposed', {
        code: 'state.backend-disposed',
        domain: 'internal',
      })
    }
  }
}

function article(kind: string): string {
  return kind === 'aggregating' ? `an ${kind}` : `a ${kind}`
}

function describeMeta(meta: KeyedStateMetaInfo): string {
  const key = meta.userKeyType === undefined ? '' : `${String(meta.userKeyType)} → `
  return `${meta.kind} of ${key}${String(meta.valueType)}`
}
