// Shared helpers of the window operator tests: build a WindowOperator from an assigner and
// optional trigger, evictor, lateness and function, and drive it in a keyed test harness.
import type {
  InternalWindowFunction,
  WindowContentsSpec,
} from '../../../src/api/dag/window-spec.js'
import {
  passThroughWindowFunction,
  processWindowFunction,
  windowFunction,
} from '../../../src/api/windowing/internal-window-functions.js'
import {
  ProcessWindowFunction,
  type AggregateFunction,
  type Collector,
  type Evictor,
  type OutputTag,
  type ProcessWindowFunctionContext,
  type ReduceFunction,
  type TimeWindow,
  type Trigger,
  type Window,
  type WindowAssigner,
  type WindowFunction,
} from '../../../src/index.js'
import type { OperatorSubtaskState } from '../../../src/runtime/common/checkpoint-state.js'
import {
  KeyedOneInputStreamOperatorTestHarness,
  WindowOperator,
} from '../../../src/testing/index.js'

type U = unknown

/** A ReduceFunction of any element type (the operator spec is untyped). */
type AnyReduce = ((a: never, b: never) => unknown) | { reduce(a: never, b: never): unknown }

/** An AggregateFunction of any types. */
interface AnyAggregate {
  createAccumulator(): unknown
  add(value: never, accumulator: never): unknown
  getResult(accumulator: never): unknown
  merge(a: never, b: never): unknown
}

export interface WindowOpOptions {
  readonly assigner: WindowAssigner<never, Window>
  /** Defaults to the assigner's default trigger. */
  readonly trigger?: Trigger<never, Window>
  readonly evictor?: Evictor<never, Window>
  readonly lateness?: number
  readonly lateTag?: OutputTag<unknown>
  /** Contents kept reduced; without `process`/`apply` the reduced value is emitted. */
  readonly reduce?: AnyReduce
  /** Contents kept aggregated; without `process`/`apply` the result is emitted. */
  readonly aggregate?: AnyAggregate
  readonly process?: ProcessWindowFunction<never, never, never, never>
  readonly apply?: WindowFunction<never, unknown, never, never>
}

/** `assigner.assignWindows` with a processing-time context (0 unless given). */
export function assign<T, W extends Window>(
  assigner: WindowAssigner<T, W>,
  element: T,
  timestamp: number,
  processingTime = 0,
): W[] {
  return assigner.assignWindows(element, timestamp, {
    getCurrentProcessingTime: () => processingTime,
  })
}

/** Emits a window's elements as one array (a copy): the default function of list windows. */
export const emitElements: WindowFunction<U, U[], U, Window> = (_key, _window, input, out) =>
  out.collect([...input])

/** A WindowOperator as WindowedStream would build it from these options. */
export function windowOp(o: WindowOpOptions): WindowOperator {
  const assigner = o.assigner as WindowAssigner<U, Window>
  let contents: WindowContentsSpec = { type: 'list' }
  if (o.reduce !== undefined) contents = { type: 'reduce', fn: o.reduce as ReduceFunction<U> }
  if (o.aggregate !== undefined) {
    contents = { type: 'aggregate', fn: o.aggregate as AggregateFunction<U, U, U> }
  }
  let fn: InternalWindowFunction
  if (o.process !== undefined) {
    fn = processWindowFunction(o.process as ProcessWindowFunction<U, U, U, Window>)
  } else if (o.apply !== undefined) {
    fn = windowFunction(o.apply as WindowFunction<U, U, U, Window>)
  } else if (contents.type === 'list') {
    fn = windowFunction(emitElements as WindowFunction<U, U, U, Window>)
  } else {
    fn = passThroughWindowFunction()
  }
  return new WindowOperator({
    assigner,
    trigger: (o.trigger ?? assigner.getDefaultTrigger()) as Trigger<U, Window>,
    evictor: o.evictor as Evictor<U, Window> | undefined,
    allowedLateness: o.lateness ?? 0,
    lateDataOutputTag: o.lateTag,
    contents,
    windowFunction: fn,
  })
}

/**
 * An opened keyed harness around `op`, restored from `restored` if given; every record has key
 * 'k' unless `key` says otherwise.
 */
export function harness<T>(
  op: WindowOperator,
  key: (value: T) => unknown = () => 'k',
  restored?: OperatorSubtaskState,
): KeyedOneInputStreamOperatorTestHarness<T, unknown> {
  const h = new KeyedOneInputStreamOperatorTestHarness<T, unknown>(op, key)
  if (restored !== undefined) h.initializeState(restored)
  h.open()
  return h
}

/** Shorthand for `windowOp` + `harness`. */
export function windowHarness<T = unknown>(
  o: WindowOpOptions,
  key?: (value: T) => unknown,
  restored?: OperatorSubtaskState,
): KeyedOneInputStreamOperatorTestHarness<T, unknown> {
  return harness(windowOp(o), key, restored)
}

/** Emits `key [start,end): e1,e2,...` per firing; `sorted` sorts the elements first. */
export class Describe extends ProcessWindowFunction<U, string, U, TimeWindow> {
  private readonly sorted: boolean

  constructor(sorted = false) {
    super()
    this.sorted = sorted
  }

  process(
    key: U,
    ctx: ProcessWindowFunctionContext<TimeWindow>,
    elements: Iterable<U>,
    out: Collector<string>,
  ): void {
    const values = [...elements].map(String)
    if (this.sorted) values.sort()
    const w = ctx.window()
    out.collect(`${String(key)} [${w.start},${w.end}): ${values.join(',')}`)
  }
}

/** The timestamp of GlobalWindow results: its maxTimestamp (Flink: Long.MAX_VALUE). */
export const GLOBAL_TS = Number.POSITIVE_INFINITY

/** A deterministic source of integers in [0, n): a linear congruential generator from `seed`. */
export function seededRandom(seed: number): (n: number) => number {
  let state = seed
  return (n) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return (state >>> 16) % n
  }
}
