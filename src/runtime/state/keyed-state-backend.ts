// The contract between keyed operators and keyed state storage: the operator sets the key of each
// record (or timer), then user code reads and writes state scoped to that key and a namespace.
// Threading: a backend belongs to one task and is used only on its thread; it is not thread-safe.
// Flink: org.apache.flink.runtime.state.{KeyedStateBackend, VoidNamespace, internal.InternalKvState}.
import type {
  AggregatingState,
  ListState,
  MapState,
  ReducingState,
  State,
  ValueState,
} from '../../api/state/state.js'
import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  StateKind,
  ValueStateDescriptor,
} from '../../api/state/state-descriptor.js'
import { type NormalizedKey, normalizeKey } from '../../core/keys/key-hash.js'
import { NAMESPACE_KEY, classNamespaceKeyOf } from '../../core/keys/namespace-key.js'
import type { KeyGroupRange } from '../../core/keys/key-group-range.js'
import { StateError } from './state-error.js'
import type { StateDescriptorLike, StateOf } from '../../api/state/keyed-state-store.js'

/** The namespace of state that is not scoped to anything (not a window): Flink's VoidNamespace. */
export class VoidNamespace {
  static readonly INSTANCE: VoidNamespace = Object.freeze(new VoidNamespace())
  private constructor() {}
  toString(): string {
    return 'VoidNamespace'
  }
}

/** The one VoidNamespace; `getState` binds states to it. */
export const VOID_NAMESPACE: VoidNamespace = VoidNamespace.INSTANCE

/** A namespace as stored in maps: VOID_NAMESPACE itself, or the namespace normalized as a key. */
export type NamespaceKey = NormalizedKey | VoidNamespace

/**
 * The map identity of a namespace. Primitives stand for themselves; plain objects, arrays and Dates
 * by their canonical form (`normalizeKey`), so two equal windows built separately are one
 * namespace. Instances of a class (a window type) are identified by class name and their own
 * `toString()`, which must therefore be stable and distinct for distinct namespaces.
 */
export function normalizeNamespace(namespace: unknown): NamespaceKey {
  if (namespace === VOID_NAMESPACE) return VOID_NAMESPACE
  if (namespace === undefined || namespace === null) {
    throw new StateError(
      `No namespace set: a state namespace must not be ${namespace === null ? 'null' : 'undefined'}`,
      {
        code: 'state.no-namespace',
        domain: 'internal',
      },
    )
  }
  if (typeof namespace === 'object') {
    // Windows carry their key: read it before telling plain data from class instances.
    const own = (namespace as { [NAMESPACE_KEY]?: unknown })[NAMESPACE_KEY]
    if (typeof own === 'string') return own
    if (!isKeyData(namespace)) return classNamespaceKey(namespace)
  }
  return normalizeKey(namespace)
}

/** Whether normalizeKey gives `value` an identity: arrays, Dates and plain objects. */
function isKeyData(value: object): boolean {
  if (Array.isArray(value) || value instanceof Date) return true
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null
}

/**
 * Namespace keys of class instances, built once per object: window operators use one window
 * object for many records and for state and timers alike.
 */
const classNamespaceKeys = new WeakMap<object, string>()

function classNamespaceKey(namespace: object): string {
  const cached = classNamespaceKeys.get(namespace)
  if (cached !== undefined) return cached
  const key = buildClassNamespaceKey(namespace)
  classNamespaceKeys.set(namespace, key)
  return key
}

function buildClassNamespaceKey(namespace: object): string {
  const toString = (namespace as { toString?: unknown }).toString
  if (typeof toString !== 'function' || toString === Object.prototype.toString) {
    throw new StateError(
      `Namespace of class ${namespace.constructor.name} has no identity: give the class a stable ` +
        `toString() or use a primitive, array or plain object as the namespace`,
      { code: 'state.invalid-namespace', domain: 'internal' },
    )
  }
  return classNamespaceKeyOf(
    namespace.constructor.name,
    (namespace as { toString(): string }).toString(),
  )
}

// The descriptor shape and the state it gives are the API's; the backend dispatches on `kind`.
export type { StateDescriptorLike, StateOf } from '../../api/state/keyed-state-store.js'

/**
 * A keyed state as the runtime sees it: bound to a namespace that operators can switch (window
 * operators set the window before calling the user function). Flink: InternalKvState.
 */
export interface InternalKvState extends State {
  /** The name of the descriptor this state was created from. */
  readonly name: string
  readonly kind: StateKind
  /** Binds later calls to `namespace` (VOID_NAMESPACE, a primitive, or an object such as a window). */
  setCurrentNamespace(namespace: unknown): void
  getCurrentNamespace(): unknown
}

/**
 * A keyed state whose contents under several namespaces can be merged into one: list, reducing and
 * aggregating states, for merging (session) windows. Flink: InternalMergingState.
 */
export interface InternalMergingState extends InternalKvState {
  /** Merges the current key's entries under `sources` into `target` and removes them. */
  mergeNamespaces(target: unknown, sources: readonly unknown[]): void
}

export function isMergingState(state: InternalKvState): state is InternalMergingState {
  return state.kind === 'list' || state.kind === 'reducing' || state.kind === 'aggregating'
}

/**
 * A keyed state that values are added to (list, reducing, aggregating): `addIsFirst` adds as `add`
 * does and tells whether the current key had no value in the namespace before, which the window
 * operator uses to know that a window's timers are registered already.
 */
export interface InternalAppendingState<IN> extends InternalKvState {
  addIsFirst(value: IN): boolean
}

export type InternalValueState<T> = ValueState<T> & InternalKvState
export type InternalListState<T> = ListState<T> & InternalAppendingState<T>
export type InternalMapState<K, V> = MapState<K, V> & InternalKvState
export type InternalReducingState<T> = ReducingState<T> & InternalAppendingState<T>
export type InternalAggregatingState<IN, OUT> = AggregatingState<IN, OUT> &
  InternalAppendingState<IN>

/** The state a descriptor creates, with the runtime's namespace control. */
export type InternalStateOf<D> =
  D extends ValueStateDescriptor<infer T>
    ? InternalValueState<T>
    : D extends ListStateDescriptor<infer T>
      ? InternalListState<T>
      : D extends MapStateDescriptor<infer K, infer V>
        ? InternalMapState<K, V>
        : D extends ReducingStateDescriptor<infer T>
          ? InternalReducingState<T>
          : D extends AggregatingStateDescriptor<infer IN, infer _ACC, infer OUT>
            ? InternalAggregatingState<IN, OUT>
            : never

/**
 * Keyed state storage of one operator in one subtask, covering the key groups in `keyGroupRange`.
 *
 * Contract:
 * - Single-threaded: only the owning task's thread calls it, and every call is synchronous.
 * - Key context: the operator calls `setCurrentKey` before each record or timer; states read and
 *   write the entry of that key until the next call. Accessing state with no key set throws.
 * - States are created once per name and cached: every `getPartitionedState` with the same name
 *   returns the same object, re-bound to the given namespace. The first descriptor registered under
 *   a name defines it; a later one of another kind is an error.
 * - Keys and namespaces are identified by their canonical form (`normalizeKey`): `{a:1,b:2}` and
 *   `{b:2,a:1}` are one key, `'1'` and `1` are two. Key objects must not be mutated afterwards.
 */
export interface KeyedStateBackend {
  /** The key groups this backend holds; a key outside them is a partitioning bug. */
  readonly keyGroupRange: KeyGroupRange
  readonly maxParallelism: number

  /**
   * Sets the key that following state accesses are scoped to. Hashes the key once and computes its
   * key group; throws if that group is outside `keyGroupRange` (records were partitioned with a
   * different key selector or max parallelism than this backend's).
   */
  setCurrentKey(key: unknown): void
  /** setCurrentKey for a key whose key group is known (computed by the sender on a hash edge). */
  setCurrentKeyInKeyGroup(key: unknown, keyGroup: number): void
  /** The key passed to the last `setCurrentKey` (the user's object), or undefined if none. */
  getCurrentKey(): unknown
  /** The key group of the current key, or -1 if no key is set. */
  getCurrentKeyGroupIndex(): number

  /** The state for `descriptor`, bound to `namespace`; created on first use. */
  getPartitionedState<D extends StateDescriptorLike>(
    namespace: unknown,
    descriptor: D,
  ): InternalStateOf<D>
  /**
   * The state for `descriptor` in the VOID_NAMESPACE, as user functions get it.
   * @example
   * const count = backend.getState(new ValueStateDescriptor<number>('count'))
   * backend.setCurrentKey('user-1')
   * count.update((count.value() ?? 0) + 1)
   */
  getState<D extends StateDescriptorLike>(descriptor: D): StateOf<D>

  /** The user keys that have an entry in state `stateName` under `namespace` (none if unknown). */
  getKeys(stateName: string, namespace: unknown): Iterable<unknown>
  /**
   * Calls `fn` for every key with an entry in the state under `namespace`, with that key set as
   * the current key. The keys are collected first, so `fn` may clear or write state. The key that
   * was current before the call is current again afterwards.
   */
  applyToAllKeys<D extends StateDescriptorLike>(
    namespace: unknown,
    descriptor: D,
    fn: (key: unknown, state: InternalStateOf<D>) => void,
  ): void

  /** The number of (state, key, namespace) entries over all states; for tests and metrics. */
  numKeyValueStateEntries(): number
  /** Drops all state. The backend must not be used afterwards. */
  dispose(): void
}
