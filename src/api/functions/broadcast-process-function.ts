// Functions over a stream connected with a broadcast stream. The broadcast side may write the
// broadcast state; the other side only reads it, so every parallel instance keeps the same state.
// Flink: org.apache.flink.streaming.api.functions.co.{BroadcastProcessFunction, KeyedBroadcastProcessFunction}.
import type { OutputTag } from '../output-tag.js'
import type { State } from '../state/state.js'
import type { BroadcastState, ReadOnlyBroadcastState } from '../state/state.js'
import type { MapStateDescriptor } from '../state/state-descriptor.js'
import type { AnyStateDescriptor } from '../state/state-descriptor.js'
import type { Collector } from './functions.js'
import { AbstractRichFunction } from './rich-function.js'
import type { TimeDomain, TimerService } from './timer-service.js'

export interface BroadcastBaseContext {
  timestamp(): number | null
  currentProcessingTime(): number
  currentWatermark(): number
  output<X>(outputTag: OutputTag<X>, value: X): void
}

export interface BroadcastReadOnlyContext extends BroadcastBaseContext {
  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): ReadOnlyBroadcastState<K, V>
}

export interface BroadcastContext extends BroadcastBaseContext {
  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V>
}

/** @public */
export abstract class BroadcastProcessFunction<IN1, IN2, OUT> extends AbstractRichFunction {
  abstract processElement(value: IN1, ctx: BroadcastReadOnlyContext, out: Collector<OUT>): void
  abstract processBroadcastElement(value: IN2, ctx: BroadcastContext, out: Collector<OUT>): void
}

export interface KeyedBroadcastReadOnlyContext<K> extends BroadcastReadOnlyContext {
  timerService(): TimerService
  getCurrentKey(): K
}

/** The state of one key, handed to `applyToKeyedState`'s function. */
export type KeyedStateFunction<K, S extends State> = (key: K, state: S) => void

export interface KeyedBroadcastContext extends BroadcastContext {
  /** Runs `fn` over the state of every key this instance holds. Flink: applyToKeyedState. */
  applyToKeyedState<S extends State>(
    descriptor: AnyStateDescriptor & { readonly name: string },
    fn: KeyedStateFunction<unknown, S>,
  ): void
}

export interface KeyedBroadcastOnTimerContext<K> extends KeyedBroadcastReadOnlyContext<K> {
  timeDomain(): TimeDomain
}

/** @public */
export abstract class KeyedBroadcastProcessFunction<K, IN1, IN2, OUT> extends AbstractRichFunction {
  abstract processElement(
    value: IN1,
    ctx: KeyedBroadcastReadOnlyContext<K>,
    out: Collector<OUT>,
  ): void
  abstract processBroadcastElement(
    value: IN2,
    ctx: KeyedBroadcastContext,
    out: Collector<OUT>,
  ): void
  onTimer(_timestamp: number, _ctx: KeyedBroadcastOnTimerContext<K>, _out: Collector<OUT>): void {}
}
