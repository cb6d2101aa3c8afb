// The keyed state backend that keeps state as JS objects on the heap ('hashmap' in config). Values
// are stored by reference: what user code reads is the stored object itself, and mutating it mutates
// state. One StateTable per state name, one state object per name. Task thread only.
// Flink: org.apache.flink.runtime.state.heap.HeapKeyedStateBackend.
import type { AggregateFunction, ReduceFunction } from '../../../api/functions/aggregate.js'
import type { KeyGroupRange } from '../../../core/keys/key-group-range.js'
import { InternalKeyContext } from '../internal-key-context.js'
import {
  type InternalStateOf,
  type KeyedStateBackend,
  type StateDescriptorLike,
  type StateOf,
  VOID_NAMESPACE,
} from '../keyed-state-backend.js'
import { StateError } from '../state-error.js'
import type { AbstractHeapState } from './abstract-heap-state.js'
import { HeapAggregatingState } from './heap-aggregating-state.js'
import { HeapListState } from './heap-list-state.js'
import { HeapMapState, type UserMap } from './heap-map-state.js'
import { HeapReducingState } from './heap-reducing-state.js'
import { HeapValueState } from './heap-value-state.js'
import { StateTable } from './state-table.js'

export class HeapKeyedStateBackend implements KeyedStateBackend {
  readonly keyGroupRange: KeyGroupRange
  readonly maxParallelism: number
  private readonly keyContext: InternalKeyContext
  private readonly states = new Map<string, AbstractHeapState<unknown>>()
  private isDisposed = false

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
      state = this.createState(descriptor)
      this.states.set(descriptor.name, state)
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
    const hadKey = ctx.currentKeyGroupOffset >= 0
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
    for (const state of this.states.values()) count += state.getStateTable().size()
    return count
  }

  /** The table behind state `stateName`, for snapshots and restores; undefined if not registered. */
  getStateTable(stateName: string): StateTable<unknown> | undefined {
    const state = this.states.get(stateName)
    return state === undefined ? undefined : state.getStateTable()
  }

  /** The names of all registered states, in registration order. */
  getRegisteredStateNames(): string[] {
    return Array.from(this.states.keys())
  }

  dispose(): void {
    for (const state of this.states.values()) state.getStateTable().clear()
    this.states.clear()
    this.keyContext.resetCurrentKey()
    this.isDisposed = true
  }

  private createState(descriptor: StateDescriptorLike): AbstractHeapState<unknown> {
    const table = new StateTable<unknown>(descriptor.name, descriptor.kind, this.keyContext)
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
