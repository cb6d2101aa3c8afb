// Low-level processing functions with access to timestamps, timers and side outputs.
// Flink: org.apache.flink.streaming.api.functions.{ProcessFunction, KeyedProcessFunction}.
import type { OutputTag } from '../output-tag.js'
import type { Collector } from './functions.js'
import { AbstractRichFunction } from './rich-function.js'
import type { TimeDomain, TimerService } from './timer-service.js'

/** What every process function's context offers. */
export interface BaseContext {
  /** The timestamp of the element (or timer) being processed, or null when it has none. */
  timestamp(): number | null
  timerService(): TimerService
  /** Emits to a side output. */
  output<X>(outputTag: OutputTag<X>, value: X): void
}

export type ProcessFunctionContext = BaseContext
export interface ProcessFunctionOnTimerContext extends BaseContext {
  timeDomain(): TimeDomain
}

/** @public */
export abstract class ProcessFunction<IN, OUT> extends AbstractRichFunction {
  // Makes the class nominal: a KeyedProcessFunction (same shape) is not a ProcessFunction.
  declare private readonly processFunctionBrand: never
  abstract processElement(value: IN, ctx: ProcessFunctionContext, out: Collector<OUT>): void
  onTimer(_timestamp: number, _ctx: ProcessFunctionOnTimerContext, _out: Collector<OUT>): void {}
}

export interface KeyedProcessFunctionContext<K> extends BaseContext {
  getCurrentKey(): K
}
export interface KeyedProcessFunctionOnTimerContext<K> extends KeyedProcessFunctionContext<K> {
  timeDomain(): TimeDomain
}

/**
 * @public
 * @example
 * class CountWithTimeout extends KeyedProcessFunction<string, Click, string> {
 *   processElement(c: Click, ctx: KeyedProcessFunctionContext<string>, out: Collector<string>) {
 *     ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + 1000)
 *   }
 *   onTimer(ts: number, ctx: KeyedProcessFunctionOnTimerContext<string>, out: Collector<string>) {
 *     out.collect(`${ctx.getCurrentKey()} timed out at ${ts}`)
 *   }
 * }
 */
export abstract class KeyedProcessFunction<K, IN, OUT> extends AbstractRichFunction {
  declare private readonly keyedProcessFunctionBrand: never
  abstract processElement(value: IN, ctx: KeyedProcessFunctionContext<K>, out: Collector<OUT>): void
  onTimer(
    _timestamp: number,
    _ctx: KeyedProcessFunctionOnTimerContext<K>,
    _out: Collector<OUT>,
  ): void {}
}
