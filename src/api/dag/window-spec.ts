// A window operator as data: assigner, trigger, evictor, lateness, and how the window's contents
// are kept (as a list, reduced, or aggregated) and evaluated on firing.
// Flink: the arguments of WindowOperatorBuilder.
import type { AggregateFunction, ReduceFunction } from '../functions/aggregate.js'
import type { Collector } from '../functions/functions.js'
import type { ProcessWindowFunctionContext } from '../functions/window-functions.js'
import type { OutputTag } from '../output-tag.js'
import type { WindowAssigner } from '../windowing/assigners/window-assigner.js'
import type { Evictor } from '../windowing/evictors/evictor.js'
import type { Trigger } from '../windowing/triggers/trigger.js'
import type { Window } from '../windowing/windows.js'

type U = unknown

/**
 * The window function in one shape for the operator: called with the window's key, the window,
 * and its contents (the single reduced or aggregated value, or all elements). `userFunction` is
 * the user's object, whose rich-function lifecycle the operator drives.
 */
export interface InternalWindowFunction {
  readonly userFunction: unknown
  readonly name: string
  process(
    key: U,
    window: Window,
    context: ProcessWindowFunctionContext<Window>,
    input: Iterable<U>,
    out: Collector<U>,
  ): void
  clear(context: ProcessWindowFunctionContext<Window>): void
}

export type WindowContentsSpec =
  | { readonly type: 'list' }
  | { readonly type: 'reduce'; readonly fn: ReduceFunction<U> }
  | { readonly type: 'aggregate'; readonly fn: AggregateFunction<U, U, U> }

export interface WindowOperatorSpec {
  readonly assigner: WindowAssigner<U, Window>
  readonly trigger: Trigger<U, Window>
  readonly evictor: Evictor<U, Window> | undefined
  /** ms past the window's end during which late elements still update it. */
  readonly allowedLateness: number
  readonly lateDataOutputTag: OutputTag<U> | undefined
  readonly contents: WindowContentsSpec
  readonly windowFunction: InternalWindowFunction
}
