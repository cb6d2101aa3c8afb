// What an operator does, as data: the runtime maps each `kind` to an operator implementation, so
// the API never imports the runtime (DESIGN.md §2). New operator kinds (windows, joins) add a
// member here and register an operator factory in the runtime.
import type { CoFlatMapFunction, CoMapFunction } from '../functions/co-functions.js'
import type { CoProcessFunction, KeyedCoProcessFunction } from '../functions/co-functions.js'
import type {
  BroadcastProcessFunction,
  KeyedBroadcastProcessFunction,
} from '../functions/broadcast-process-function.js'
import type { FilterFunction, FlatMapFunction, MapFunction } from '../functions/functions.js'
import type { KeyedProcessFunction, ProcessFunction } from '../functions/process-function.js'
import type { ReduceFunction } from '../functions/aggregate.js'
import type { AnySource } from '../connector/source/source.js'
import type { Sink } from '../connector/sink/sink.js'
import type { MapStateDescriptor } from '../state/state-descriptor.js'
import type { WatermarkStrategy } from '../eventtime/watermark-strategy.js'
import type { WindowOperatorSpec } from './window-spec.js'
import type { ProcessJoinFunction } from '../functions/join-functions.js'
import type { OutputTag } from '../output-tag.js'

// Operator specs are stored type-erased: the DataStream methods that build them are typed.
type U = unknown

export type OneInputOperatorSpec =
  | { readonly kind: 'map'; readonly fn: MapFunction<U, U> }
  | { readonly kind: 'flatMap'; readonly fn: FlatMapFunction<U, U> }
  | { readonly kind: 'filter'; readonly fn: FilterFunction<U> }
  | { readonly kind: 'process'; readonly fn: ProcessFunction<U, U> }
  | { readonly kind: 'keyedProcess'; readonly fn: KeyedProcessFunction<U, U, U> }
  | { readonly kind: 'reduce'; readonly fn: ReduceFunction<U> }
  | { readonly kind: 'sink'; readonly sink: Sink<U> }
  | { readonly kind: 'timestampsAndWatermarks'; readonly strategy: WatermarkStrategy<U> }
  | { readonly kind: 'window'; readonly window: WindowOperatorSpec }

/** An interval join's bounds (inclusive: exclusive bounds are moved by 1 ms) and late tags. */
export interface IntervalJoinSpec {
  readonly lowerBound: number
  readonly upperBound: number
  readonly leftLateDataOutputTag: OutputTag<U> | undefined
  readonly rightLateDataOutputTag: OutputTag<U> | undefined
}

export type TwoInputOperatorSpec =
  | { readonly kind: 'coMap'; readonly fn: CoMapFunction<U, U, U> }
  | { readonly kind: 'coFlatMap'; readonly fn: CoFlatMapFunction<U, U, U> }
  | { readonly kind: 'coProcess'; readonly fn: CoProcessFunction<U, U, U> }
  | { readonly kind: 'keyedCoProcess'; readonly fn: KeyedCoProcessFunction<U, U, U, U> }
  | {
      readonly kind: 'intervalJoin'
      readonly fn: ProcessJoinFunction<U, U, U>
      readonly join: IntervalJoinSpec
    }
  | {
      readonly kind: 'broadcastProcess'
      readonly fn: BroadcastProcessFunction<U, U, U>
      readonly broadcastStateDescriptors: readonly MapStateDescriptor<U, U>[]
    }
  | {
      readonly kind: 'keyedBroadcastProcess'
      readonly fn: KeyedBroadcastProcessFunction<U, U, U, U>
      readonly broadcastStateDescriptors: readonly MapStateDescriptor<U, U>[]
    }

export type SourceOperatorSpec = { readonly kind: 'source'; readonly source: AnySource<U> }

export type OperatorSpec = OneInputOperatorSpec | TwoInputOperatorSpec | SourceOperatorSpec
export type OperatorKind = OperatorSpec['kind']
