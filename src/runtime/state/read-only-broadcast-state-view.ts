// The view of a broadcast state that the non-broadcast side of a broadcast operator gets: reads pass
// through, and writes (reachable only by casting) throw, because a write from one subtask's
// non-broadcast side would make the subtasks' copies diverge.
// Flink: the ReadOnlyBroadcastState handed out by (Keyed)BroadcastProcessFunction.ReadOnlyContext.
import type { BroadcastState, ReadOnlyBroadcastState } from '../../api/state/state.js'
import { StateError } from './state-error.js'

export class ReadOnlyBroadcastStateView<K, V> implements ReadOnlyBroadcastState<K, V> {
  readonly name: string
  private readonly state: BroadcastState<K, V>

  constructor(name: string, state: BroadcastState<K, V>) {
    this.name = name
    this.state = state
  }

  get(key: K): V | null {
    return this.state.get(key)
  }

  contains(key: K): boolean {
    return this.state.contains(key)
  }

  immutableEntries(): IterableIterator<[K, V]> {
    return this.state.immutableEntries()
  }

  put(_key: K, _value: V): never {
    throw this.readOnlyError('put')
  }

  putAll(_entries: unknown): never {
    throw this.readOnlyError('putAll')
  }

  remove(_key: K): never {
    throw this.readOnlyError('remove')
  }

  clear(): never {
    throw this.readOnlyError('clear')
  }

  private readOnlyError(method: string): StateError {
    return new StateError(
      `Broadcast state '${this.name}' is read-only on the non-broadcast side (${method}() was ` +
        `called); only processBroadcastElement may modify it, so that all subtasks keep the same copy`,
      {
        code: 'state.read-only',
        domain: 'user',
        context: { stateName: this.name, method },
      },
    )
  }
}
