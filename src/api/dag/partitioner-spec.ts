// How records of an edge are distributed over the consumer's subtasks, as data; the runtime
// implements each as a channel selector. Names are Flink's ship strategies.
// Flink: org.apache.flink.streaming.runtime.partitioner.*.
import type { Partitioner } from '../functions/functions.js'

type KeyOf = (value: unknown) => unknown

export type PartitionerSpec =
  | { readonly type: 'FORWARD' }
  | { readonly type: 'REBALANCE' }
  | { readonly type: 'RESCALE' }
  | { readonly type: 'SHUFFLE' }
  | { readonly type: 'GLOBAL' }
  | { readonly type: 'BROADCAST' }
  | { readonly type: 'HASH'; readonly keySelector: KeyOf }
  | {
      readonly type: 'CUSTOM'
      readonly partitioner: Partitioner<unknown>
      readonly keySelector: KeyOf
    }

export type ShipStrategy = PartitionerSpec['type']

/** True for partitioners that connect each producer to a subset of consumers (Flink's POINTWISE). */
export function isPointwise(spec: PartitionerSpec): boolean {
  return spec.type === 'FORWARD' || spec.type === 'RESCALE'
}
