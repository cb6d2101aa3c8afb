// The user-facing state interfaces, as Flink's org.apache.flink.api.common.state. Keyed state is
// scoped to the key of the element (or timer) being processed; every call is synchronous and
// valid only inside processElement/onTimer of a keyed operator, on the task's thread.

/** Removes the value(s) for the current key. */
export interface State {
  clear(): void
}

/** One value per key. `value()` is `null` when unset, as Flink's. */
export interface ValueState<T> extends State {
  value(): T | null
  update(value: T | null): void
}

/** A list per key. `get()` returns an empty iterable (not null) when unset. */
export interface ListState<T> extends State {
  get(): Iterable<T>
  add(value: T): void
  addAll(values: readonly T[]): void
  update(values: readonly T[]): void
}

/** A map per key. */
export interface MapState<K, V> extends State {
  get(key: K): V | null
  put(key: K, value: V): void
  putAll(entries: ReadonlyMap<K, V> | Iterable<readonly [K, V]>): void
  remove(key: K): void
  contains(key: K): boolean
  entries(): IterableIterator<[K, V]>
  keys(): IterableIterator<K>
  values(): IterableIterator<V>
  isEmpty(): boolean
}

/** Values added are combined into one with a ReduceFunction. `get()` is null when empty. */
export interface ReducingState<T> extends State {
  get(): T | null
  add(value: T): void
}

/** Values added are folded into an accumulator with an AggregateFunction. */
export interface AggregatingState<IN, OUT> extends State {
  get(): OUT | null
  add(value: IN): void
}

/** Broadcast state as the non-broadcast side sees it: read-only. */
export interface ReadOnlyBroadcastState<K, V> {
  get(key: K): V | null
  contains(key: K): boolean
  immutableEntries(): IterableIterator<[K, V]>
}

/** Broadcast state as the broadcast side sees it. */
export interface BroadcastState<K, V> extends ReadOnlyBroadcastState<K, V> {
  put(key: K, value: V): void
  putAll(entries: ReadonlyMap<K, V> | Iterable<readonly [K, V]>): void
  remove(key: K): void
  entries(): IterableIterator<[K, V]>
  clear(): void
}
