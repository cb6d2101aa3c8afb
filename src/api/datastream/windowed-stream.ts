// A keyed stream cut into windows: set the trigger, evictor and lateness, then say how each
// window is evaluated. Flink: org.apache.flink.streaming.api.datastream.WindowedStream.
import { InvalidProgramError } from '../../core/errors.js'
import type { TypeInformation } from '../../core/types/type-information.js'
import type { OneInputOperatorSpec } from '../dag/operator-spec.js'
import type {
  InternalWindowFunction,
  WindowContentsSpec,
  WindowOperatorSpec,
} from '../dag/window-spec.js'
import type { AggregateFunction, ReduceFunction } from '../functions/aggregate.js'
import { aggregationFunction, type AggregationType } from '../functions/aggregation.js'
import {
  ProcessAllWindowFunction,
  ProcessWindowFunction,
  type AllWindowFunction,
  type WindowFunction,
} from '../functions/window-functions.js'
import type { OutputTag } from '../output-tag.js'
import {
  MergingWindowAssigner,
  type WindowAssigner,
} from '../windowing/assigners/window-assigner.js'
import type { Evictor } from '../windowing/evictors/evictor.js'
import {
  allWindowFunction,
  passThroughWindowFunction,
  processAllWindowFunction,
  processWindowFunction,
  windowFunction,
} from '../windowing/internal-window-functions.js'
import type { Trigger } from '../windowing/triggers/trigger.js'
import type { Window } from '../windowing/windows.js'
import type { ComparableField, NumericField } from './field-types.js'
import type { SingleOutputStreamOperator } from './single-output-stream-operator.js'

type U = unknown

/** Adds the window operator after the keyed input; supplied by KeyedStream. */
export type WindowTransform = <R>(
  name: string,
  spec: OneInputOperatorSpec,
  outputType: TypeInformation<R> | undefined,
) => SingleOutputStreamOperator<R>

/** Settings shared by keyed and all-windowed streams. */
abstract class WindowSettings<T, W extends Window> {
  protected readonly assigner: WindowAssigner<T, W>
  protected triggerFn: Trigger<T, W>
  protected evictorFn: Evictor<T, W> | undefined
  protected lateness = 0
  protected lateTag: OutputTag<T> | undefined
  private readonly doTransform: WindowTransform
  protected readonly inputType: TypeInformation<T> | undefined

  constructor(
    assigner: WindowAssigner<T, W>,
    transform: WindowTransform,
    inputType: TypeInformation<T> | undefined,
  ) {
    this.assigner = assigner
    this.triggerFn = assigner.getDefaultTrigger()
    this.doTransform = transform
    this.inputType = inputType
  }

  /** Replaces the assigner's default trigger. */
  trigger(trigger: Trigger<T, W>): this {
    if (this.assigner instanceof MergingWindowAssigner && !trigger.canMerge()) {
      throw new InvalidProgramError(
        `A merging window assigner cannot be used with a trigger that does not support merging: ${trigger.toString()}`,
      )
    }
    this.triggerFn = trigger
    return this
  }

  /** Removes elements from a window's contents before and/or after evaluation. */
  evictor(evictor: Evictor<T, W>): this {
    this.evictorFn = evictor
    return this
  }

  /**
   * Keeps event-time windows for `lateness` ms past their end: a late element within it updates
   * the window and fires it again. Later elements are dropped or go to the late side output.
   */
  allowedLateness(lateness: number): this {
    if (!(lateness >= 0) || Number.isNaN(lateness)) {
      throw new InvalidProgramError(`The allowed lateness must be >= 0 ms, got ${lateness}`)
    }
    if (!this.assigner.isEventTime() && lateness > 0) {
      throw new InvalidProgramError('Allowed lateness applies only to event-time windows')
    }
    this.lateness = lateness
    return this
  }

  /** Sends elements that arrive after their windows were purged to the side output `tag`. */
  sideOutputLateData(tag: OutputTag<T>): this {
    this.lateTag = tag
    return this
  }

  protected build<R>(
    contents: WindowContentsSpec,
    fn: InternalWindowFunction,
    fnName: string,
    outputType: TypeInformation<R> | undefined,
  ): SingleOutputStreamOperator<R> {
    const window: WindowOperatorSpec = {
      assigner: this.assigner as WindowAssigner<U, Window>,
      trigger: this.triggerFn as Trigger<U, Window>,
      evictor: this.evictorFn as Evictor<U, Window> | undefined,
      allowedLateness: this.lateness,
      lateDataOutputTag: this.lateTag as OutputTag<U> | undefined,
      contents,
      windowFunction: fn,
    }
    const name = `${this.evictorFn === undefined ? 'Window' : 'EvictingWindow'}(${this.assigner.toString()}, ${this.triggerFn.toString()}, ${fnName})`
    return this.doTransform<R>(name, { kind: 'window', window }, outputType)
  }

  protected reduceWith<R>(
    fn: ReduceFunction<T>,
    windowFn: InternalWindowFunction | undefined,
    outputType: TypeInformation<R> | undefined,
  ): SingleOutputStreamOperator<R> {
    const contents = { type: 'reduce', fn: fn as ReduceFunction<U> } as const
    const name = typeof fn === 'function' ? 'ReduceFunction' : fn.constructor.name
    return this.build<R>(contents, windowFn ?? passThroughWindowFunction(), name, outputType)
  }

  protected aggregateWith<R>(
    fn: AggregateFunction<T, unknown, unknown>,
    windowFn: InternalWindowFunction | undefined,
    outputType: TypeInformation<R> | undefined,
  ): SingleOutputStreamOperator<R> {
    const contents = { type: 'aggregate', fn: fn as AggregateFunction<U, U, U> } as const
    return this.build<R>(
      contents,
      windowFn ?? passThroughWindowFunction(),
      fn.constructor.name,
      outputType,
    )
  }

  /** Sums a field per window; the other fields are those of the window's first record. */
  sum(field: NumericField<T>): SingleOutputStreamOperator<T> {
    return this.aggregation('SUM', field)
  }
  /** The smallest value of a field per window (other fields: the first record's). */
  min(field: ComparableField<T>): SingleOutputStreamOperator<T> {
    return this.aggregation('MIN', field)
  }
  /** The largest value of a field per window (other fields: the first record's). */
  max(field: ComparableField<T>): SingleOutputStreamOperator<T> {
    return this.aggregation('MAX', field)
  }
  /** The record with the smallest value of the field (the earlier on ties when `first`). */
  minBy(field: ComparableField<T>, first = true): SingleOutputStreamOperator<T> {
    return this.aggregation('MINBY', field, first)
  }
  /** The record with the largest value of the field (the earlier on ties when `first`). */
  maxBy(field: ComparableField<T>, first = true): SingleOutputStreamOperator<T> {
    return this.aggregation('MAXBY', field, first)
  }

  private aggregation(
    type: AggregationType,
    field: string | number,
    first = true,
  ): SingleOutputStreamOperator<T> {
    return this.reduceWith<T>(aggregationFunction<T>(type, field, first), undefined, this.inputType)
  }
}

/** @public */
export class WindowedStream<T, K, W extends Window> extends WindowSettings<T, W> {
  declare readonly __key?: K

  /**
   * Reduces each window incrementally; with `windowFunction`, the reduced value is passed to it
   * (with the key and window) when the window fires.
   * @example .reduce((a, b) => ({ ...a, n: a.n + b.n }))
   */
  reduce(fn: ReduceFunction<T>): SingleOutputStreamOperator<T>
  reduce<R>(
    fn: ReduceFunction<T>,
    windowFunction: ProcessWindowFunction<T, R, K, W> | WindowFunction<T, R, K, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R>
  reduce<R>(
    fn: ReduceFunction<T>,
    windowFunction?: ProcessWindowFunction<T, R, K, W> | WindowFunction<T, R, K, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    return this.reduceWith<R>(
      fn,
      windowFunction === undefined ? undefined : keyedWindowFunction(windowFunction),
      windowFunction === undefined
        ? (this.inputType as TypeInformation<R> | undefined)
        : outputType,
    )
  }

  /**
   * Aggregates each window incrementally through an accumulator; with `windowFunction`, the
   * result is passed to it when the window fires.
   */
  aggregate<ACC, V>(
    fn: AggregateFunction<T, ACC, V>,
    outputType?: TypeInformation<V>,
  ): SingleOutputStreamOperator<V>
  aggregate<ACC, V, R>(
    fn: AggregateFunction<T, ACC, V>,
    windowFunction: ProcessWindowFunction<V, R, K, W> | WindowFunction<V, R, K, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R>
  aggregate<ACC, V, R>(
    fn: AggregateFunction<T, ACC, V>,
    windowFunctionOrType?:
      ProcessWindowFunction<V, R, K, W> | WindowFunction<V, R, K, W> | TypeInformation<V>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> | SingleOutputStreamOperator<V> {
    const agg = fn as AggregateFunction<T, unknown, unknown>
    if (windowFunctionOrType === undefined || isTypeInformation(windowFunctionOrType)) {
      return this.aggregateWith<V>(agg, undefined, windowFunctionOrType)
    }
    return this.aggregateWith<R>(agg, keyedWindowFunction(windowFunctionOrType), outputType)
  }

  /** Evaluates each window with all its elements. */
  process<R>(
    fn: ProcessWindowFunction<T, R, K, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    return this.build<R>(
      { type: 'list' },
      processWindowFunction(fn as ProcessWindowFunction<U, U, U, Window>),
      fn.constructor.name,
      outputType,
    )
  }

  /** Evaluates each window with its key, the window and all its elements. */
  apply<R>(
    fn: WindowFunction<T, R, K, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    return this.applyInternal(windowFunction(fn as WindowFunction<U, U, U, Window>), outputType)
  }

  /**
   * @internal Evaluates each window with a window function already in the operator's shape; a
   * join or coGroup passes its user's function through it, so that the operator opens it.
   */
  applyInternal<R>(
    fn: InternalWindowFunction,
    outputType: TypeInformation<R> | undefined,
  ): SingleOutputStreamOperator<R> {
    return this.build<R>({ type: 'list' }, fn, fn.name, outputType)
  }
}

/** @public The windows of a whole stream (`windowAll`), evaluated by one parallel instance. */
export class AllWindowedStream<T, W extends Window> extends WindowSettings<T, W> {
  reduce(fn: ReduceFunction<T>): SingleOutputStreamOperator<T>
  reduce<R>(
    fn: ReduceFunction<T>,
    windowFunction: ProcessAllWindowFunction<T, R, W> | AllWindowFunction<T, R, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R>
  reduce<R>(
    fn: ReduceFunction<T>,
    windowFunction?: ProcessAllWindowFunction<T, R, W> | AllWindowFunction<T, R, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    return this.reduceWith<R>(
      fn,
      windowFunction === undefined ? undefined : allFunction(windowFunction),
      windowFunction === undefined
        ? (this.inputType as TypeInformation<R> | undefined)
        : outputType,
    )
  }

  aggregate<ACC, V>(
    fn: AggregateFunction<T, ACC, V>,
    outputType?: TypeInformation<V>,
  ): SingleOutputStreamOperator<V>
  aggregate<ACC, V, R>(
    fn: AggregateFunction<T, ACC, V>,
    windowFunction: ProcessAllWindowFunction<V, R, W> | AllWindowFunction<V, R, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R>
  aggregate<ACC, V, R>(
    fn: AggregateFunction<T, ACC, V>,
    windowFunctionOrType?:
      ProcessAllWindowFunction<V, R, W> | AllWindowFunction<V, R, W> | TypeInformation<V>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> | SingleOutputStreamOperator<V> {
    const agg = fn as AggregateFunction<T, unknown, unknown>
    if (windowFunctionOrType === undefined || isTypeInformation(windowFunctionOrType)) {
      return this.aggregateWith<V>(agg, undefined, windowFunctionOrType)
    }
    return this.aggregateWith<R>(agg, allFunction(windowFunctionOrType), outputType)
  }

  process<R>(
    fn: ProcessAllWindowFunction<T, R, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    return this.build<R>(
      { type: 'list' },
      processAllWindowFunction(fn as ProcessAllWindowFunction<U, U, Window>),
      fn.constructor.name,
      outputType,
    )
  }

  apply<R>(
    fn: AllWindowFunction<T, R, W>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    const internal = allWindowFunction(fn as AllWindowFunction<U, U, Window>)
    return this.build<R>({ type: 'list' }, internal, internal.name, outputType)
  }
}

function keyedWindowFunction<IN, R, K, W extends Window>(
  fn: ProcessWindowFunction<IN, R, K, W> | WindowFunction<IN, R, K, W>,
): InternalWindowFunction {
  return fn instanceof ProcessWindowFunction
    ? processWindowFunction(fn as unknown as ProcessWindowFunction<U, U, U, Window>)
    : windowFunction(fn as unknown as WindowFunction<U, U, U, Window>)
}

function allFunction<IN, R, W extends Window>(
  fn: ProcessAllWindowFunction<IN, R, W> | AllWindowFunction<IN, R, W>,
): InternalWindowFunction {
  return fn instanceof ProcessAllWindowFunction
    ? processAllWindowFunction(fn as unknown as ProcessAllWindowFunction<U, U, Window>)
    : allWindowFunction(fn as unknown as AllWindowFunction<U, U, Window>)
}

function isTypeInformation(value: unknown): value is TypeInformation<unknown> {
  return typeof value === 'object' && value !== null && 'createSerializer' in value
}
