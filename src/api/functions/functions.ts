// The plain user-function types of the DataStream API. Each accepts a lambda or an object with the
// method Flink's interface names, so Flink-style classes and TypeScript arrows both work.
// Flink: org.apache.flink.api.common.functions.{MapFunction, FlatMapFunction, FilterFunction}.

/** Emits records downstream. Valid only during the call it was passed to. */
export interface Collector<T> {
  collect(record: T): void
}

export type MapFunction<IN, OUT> = ((value: IN) => OUT) | { map(value: IN): OUT }

/**
 * Emits zero or more records per record, through `out` or, for a lambda, by returning an
 * iterable (then TypeScript infers OUT from it; with `out.collect` it cannot, so give the type:
 * `flatMap<WordCount>((line, out) => ...)`).
 */
export type FlatMapFunction<IN, OUT> =
  | ((value: IN, out: Collector<OUT>) => void | Iterable<OUT>)
  | { flatMap(value: IN, out: Collector<OUT>): void }

export type FilterFunction<T> = ((value: T) => boolean) | { filter(value: T): boolean }

/** Extracts the key of a record; must be deterministic. Flink: KeySelector. */
export type KeySelector<T, K> = ((value: T) => K) | { getKey(value: T): K }

/** Picks the channel for a key. Flink: org.apache.flink.api.common.functions.Partitioner. */
export type Partitioner<K> =
  ((key: K, numPartitions: number) => number) | { partition(key: K, numPartitions: number): number }

/** The key selector as one callable, whichever form the user gave. */
export function keySelectorFn<T, K>(selector: KeySelector<T, K>): (value: T) => K {
  if (typeof selector === 'function') return selector
  return (value: T) => selector.getKey(value)
}
