// Functions of stream joins: pairs of a window join, the two groups of a co-group, and the pairs
// of an interval join. Flink: org.apache.flink.api.common.functions.{JoinFunction,
// FlatJoinFunction, CoGroupFunction} and their Rich* forms, org.apache.flink.streaming.api.functions.co.ProcessJoinFunction.
import type { OutputTag } from '../output-tag.js'
import type { Collector } from './functions.js'
import { AbstractRichFunction } from './rich-function.js'

/** @public One result per pair. */
export type JoinFunction<IN1, IN2, OUT> =
  ((first: IN1, second: IN2) => OUT) | { join(first: IN1, second: IN2): OUT }

/** @public Any number of results per pair. */
export type FlatJoinFunction<IN1, IN2, OUT> =
  | ((first: IN1, second: IN2, out: Collector<OUT>) => void)
  | { join(first: IN1, second: IN2, out: Collector<OUT>): void }

/** @public Both sides' elements of one key and window (either may be empty). */
export type CoGroupFunction<IN1, IN2, OUT> =
  | ((first: Iterable<IN1>, second: Iterable<IN2>, out: Collector<OUT>) => void)
  | { coGroup(first: Iterable<IN1>, second: Iterable<IN2>, out: Collector<OUT>): void }

/** @public A JoinFunction with the rich-function lifecycle (open, close, the RuntimeContext). */
export abstract class RichJoinFunction<IN1, IN2, OUT> extends AbstractRichFunction {
  abstract join(first: IN1, second: IN2): OUT
}

/** @public A FlatJoinFunction with the rich-function lifecycle. */
export abstract class RichFlatJoinFunction<IN1, IN2, OUT> extends AbstractRichFunction {
  abstract join(first: IN1, second: IN2, out: Collector<OUT>): void
}

/** @public A CoGroupFunction with the rich-function lifecycle. */
export abstract class RichCoGroupFunction<IN1, IN2, OUT> extends AbstractRichFunction {
  abstract coGroup(first: Iterable<IN1>, second: Iterable<IN2>, out: Collector<OUT>): void
}

/** @public */
export interface ProcessJoinFunctionContext {
  getLeftTimestamp(): number
  getRightTimestamp(): number
  /** The result's timestamp: the larger of both. */
  getTimestamp(): number
  output<X>(outputTag: OutputTag<X>, value: X): void
}

/**
 * @public
 * @example
 * class Pair extends ProcessJoinFunction<Order, Payment, string> {
 *   processElement(o: Order, p: Payment, ctx: ProcessJoinFunctionContext, out: Collector<string>) {
 *     out.collect(`${o.id} paid after ${ctx.getRightTimestamp() - ctx.getLeftTimestamp()} ms`)
 *   }
 * }
 */
export abstract class ProcessJoinFunction<IN1, IN2, OUT> extends AbstractRichFunction {
  declare private readonly processJoinFunctionBrand: never
  abstract processElement(
    left: IN1,
    right: IN2,
    ctx: ProcessJoinFunctionContext,
    out: Collector<OUT>,
  ): void
}
