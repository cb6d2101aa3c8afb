// Functions that combine values, shared by keyed streams, state and (later) windows.
// Flink: org.apache.flink.api.common.functions.{ReduceFunction, AggregateFunction}.

/** Combines two values of the same type into one. */
export type ReduceFunction<T> = ((value1: T, value2: T) => T) | { reduce(value1: T, value2: T): T }

/** Incremental aggregation through an accumulator, as Flink's AggregateFunction. */
export interface AggregateFunction<IN, ACC, OUT> {
  createAccumulator(): ACC
  add(value: IN, accumulator: ACC): ACC
  getResult(accumulator: ACC): OUT
  merge(a: ACC, b: ACC): ACC
}

/** Calls a ReduceFunction in either of its forms. */
export function callReduce<T>(fn: ReduceFunction<T>, a: T, b: T): T {
  return typeof fn === 'function' ? fn(a, b) : fn.reduce(a, b)
}
