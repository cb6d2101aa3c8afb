// Operator state as snapshots carry it between a backend and bytes: per state its name, its
// redistribution mode, its declared types and its elements or entries. Data only.
// Flink: the per-state parts of OperatorBackendSerializationProxy and
// OperatorStateHandle.StateMetaInfo.
import type { TypeInformation } from '../../../core/types/type-information.js'

/** An operator list state: elements split evenly (SPLIT_DISTRIBUTE) or all to all (UNION). */
export interface OperatorListStateContents {
  readonly mode: 'SPLIT_DISTRIBUTE' | 'UNION'
  readonly name: string
  /** GENERIC when the descriptor declared none. */
  readonly elementType: TypeInformation<unknown>
  readonly elements: readonly unknown[]
}

/** A broadcast state: the same map in every subtask. */
export interface BroadcastStateContents {
  readonly mode: 'BROADCAST'
  readonly name: string
  readonly keyType: TypeInformation<unknown>
  readonly valueType: TypeInformation<unknown>
  readonly entries: readonly (readonly [unknown, unknown])[]
}

export type OperatorStateContents = OperatorListStateContents | BroadcastStateContents
