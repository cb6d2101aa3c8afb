// Functions evaluated on a window's contents when its trigger fires.
// Flink: org.apache.flink.streaming.api.functions.windowing.{ProcessWindowFunction,
// ProcessAllWindowFunction, WindowFunction, AllWindowFunction, RichWindowFunction,
// RichAllWindowFunction}.
import type { OutputTag } from '../output-tag.js'
import type { KeyedStateStore } from '../state/keyed-state-store.js'
import type { Window } from '../windowing/windows.js'
import type { Collector } from './functions.js'
import { AbstractRichFunction } from './rich-function.js'

/** @public What a ProcessWindowFunction sees of its window and time. */
export interface ProcessWindowFunctionContext<W extends Window> {
  window(): W
  currentProcessingTime(): number
  currentWatermark(): number
  /** State of this key and window; clear it in `clear()`. */
  windowState(): KeyedStateStore
  /** State of this key, shared by all its windows. */
  globalState(): KeyedStateStore
  output<X>(outputTag: OutputTag<X>, value: X): void
}

/**
 * @public
 * @example
 * class CountPerWindow extends ProcessWindowFunction<Click, string, string, TimeWindow> {
 *   process(user: string, ctx: ProcessWindowFunctionContext<TimeWindow>, clicks: Iterable<Click>, out: Collector<string>) {
 *     out.collect(`${user}: ${[...clicks].length} in ${ctx.window()}`)
 *   }
 * }
 */
export abstract class ProcessWindowFunction<
  IN,
  OUT,
  KEY,
  W extends Window,
> extends AbstractRichFunction {
  declare private readonly processWindowFunctionBrand: never
  abstract process(
    key: KEY,
    context: ProcessWindowFunctionContext<W>,
    elements: Iterable<IN>,
    out: Collector<OUT>,
  ): void
  /** The window is being purged (at its cleanup time): clear per-window state here. */
  clear(_context: ProcessWindowFunctionContext<W>): void {}
}

/** @public The ProcessWindowFunction of `windowAll`: no key. */
export abstract class ProcessAllWindowFunction<
  IN,
  OUT,
  W extends Window,
> extends AbstractRichFunction {
  declare private readonly processAllWindowFunctionBrand: never
  abstract process(
    context: ProcessWindowFunctionContext<W>,
    elements: Iterable<IN>,
    out: Collector<OUT>,
  ): void
  clear(_context: ProcessWindowFunctionContext<W>): void {}
}

/** @public The older form of ProcessWindowFunction: key, window and elements. */
export type WindowFunction<IN, OUT, KEY, W extends Window> =
  | ((key: KEY, window: W, input: Iterable<IN>, out: Collector<OUT>) => void)
  | { apply(key: KEY, window: W, input: Iterable<IN>, out: Collector<OUT>): void }

/** @public */
export type AllWindowFunction<IN, OUT, W extends Window> =
  | ((window: W, input: Iterable<IN>, out: Collector<OUT>) => void)
  | { apply(window: W, input: Iterable<IN>, out: Collector<OUT>): void }

/** @public A WindowFunction with the rich-function lifecycle (open, close, the RuntimeContext). */
export abstract class RichWindowFunction<
  IN,
  OUT,
  KEY,
  W extends Window,
> extends AbstractRichFunction {
  abstract apply(key: KEY, window: W, input: Iterable<IN>, out: Collector<OUT>): void
}

/** @public An AllWindowFunction with the rich-function lifecycle. */
export abstract class RichAllWindowFunction<
  IN,
  OUT,
  W extends Window,
> extends AbstractRichFunction {
  abstract apply(window: W, input: Iterable<IN>, out: Collector<OUT>): void
}
