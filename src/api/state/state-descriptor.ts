// Descriptors name a state and say how to build it; the backend creates the state from them.
// Flink: org.apache.flink.api.common.state.*StateDescriptor.
import type { TypeInformation } from '../../core/types/type-information.js'
import type { AggregateFunction, ReduceFunction } from '../functions/aggregate.js'

export type StateKind = 'value' | 'list' | 'map' | 'reducing' | 'aggregating'

interface StateDescriptorBase {
  readonly name: string
}

/** @public */
export class ValueStateDescriptor<T> implements StateDescriptorBase {
  readonly kind = 'value' as const
  readonly name: string
  readonly type: TypeInformation<T> | undefined
  constructor(name: string, type?: TypeInformation<T>) {
    this.name = name
    this.type = type
  }
}

/** @public */
export class ListStateDescriptor<T> implements StateDescriptorBase {
  readonly kind = 'list' as const
  readonly name: string
  readonly elementType: TypeInformation<T> | undefined
  constructor(name: string, elementType?: TypeInformation<T>) {
    this.name = name
    this.elementType = elementType
  }
}

/** @public */
export class MapStateDescriptor<K, V> implements StateDescriptorBase {
  readonly kind = 'map' as const
  readonly name: string
  readonly keyType: TypeInformation<K> | undefined
  readonly valueType: TypeInformation<V> | undefined
  constructor(name: string, keyType?: TypeInformation<K>, valueType?: TypeInformation<V>) {
    this.name = name
    this.keyType = keyType
    this.valueType = valueType
  }
}

/** @public */
export class ReducingStateDescriptor<T> implements StateDescriptorBase {
  readonly kind = 'reducing' as const
  readonly name: string
  readonly reduceFunction: ReduceFunction<T>
  readonly type: TypeInformation<T> | undefined
  constructor(name: string, reduceFunction: ReduceFunction<T>, type?: TypeInformation<T>) {
    this.name = name
    this.reduceFunction = reduceFunction
    this.type = type
  }
}

/** @public */
export class AggregatingStateDescriptor<IN, ACC, OUT> implements StateDescriptorBase {
  readonly kind = 'aggregating' as const
  // Keeps IN and OUT inferable from the descriptor alone.
  declare readonly __types?: [IN, OUT]
  readonly name: string
  readonly aggregateFunction: AggregateFunction<IN, ACC, OUT>
  readonly accumulatorType: TypeInformation<ACC> | undefined
  constructor(
    name: string,
    aggregateFunction: AggregateFunction<IN, ACC, OUT>,
    accumulatorType?: TypeInformation<ACC>,
  ) {
    this.name = name
    this.aggregateFunction = aggregateFunction
    this.accumulatorType = accumulatorType
  }
}

export type AnyStateDescriptor =
  | ValueStateDescriptor<unknown>
  | ListStateDescriptor<unknown>
  | MapStateDescriptor<unknown, unknown>
  | ReducingStateDescriptor<unknown>
  | AggregatingStateDescriptor<unknown, unknown, unknown>
