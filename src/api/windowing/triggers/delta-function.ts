// The distance between two data points, for DeltaTrigger and DeltaEvictor.
// Flink: org.apache.flink.streaming.api.functions.windowing.delta.DeltaFunction.

/** @public */
export type DeltaFunction<T> =
  | ((oldDataPoint: T, newDataPoint: T) => number)
  | { getDelta(oldDataPoint: T, newDataPoint: T): number }

export function callDelta<T>(fn: DeltaFunction<T>, oldDataPoint: T, newDataPoint: T): number {
  return typeof fn === 'function'
    ? fn(oldDataPoint, newDataPoint)
    : fn.getDelta(oldDataPoint, newDataPoint)
}
