// Adapts the user's window functions to the one shape the window operator calls.
// Flink: InternalSingleValue*/InternalIterable*WindowFunction, PassThroughWindowFunction.
import type { InternalWindowFunction } from '../dag/window-spec.js'
import type {
  AllWindowFunction,
  ProcessAllWindowFunction,
  ProcessWindowFunction,
  WindowFunction,
} from '../functions/window-functions.js'
import type { Collector } from '../functions/functions.js'
import type { Window } from './windows.js'

type U = unknown

/** Emits the window's contents as they are: the reduced or aggregated value. */
export function passThroughWindowFunction(): InternalWindowFunction {
  return {
    userFunction: undefined,
    name: 'PassThroughWindowFunction',
    process(_key, _window, _ctx, input, out) {
      for (const v of input) out.collect(v)
    },
    clear() {},
  }
}

export function processWindowFunction(
  fn: ProcessWindowFunction<U, U, U, Window>,
): InternalWindowFunction {
  return {
    userFunction: fn,
    name: fn.constructor.name,
    process(key, _window, ctx, input, out) {
      fn.process(key, ctx, input, out)
    },
    clear(ctx) {
      fn.clear(ctx)
    },
  }
}

export function processAllWindowFunction(
  fn: ProcessAllWindowFunction<U, U, Window>,
): InternalWindowFunction {
  return {
    userFunction: fn,
    name: fn.constructor.name,
    process(_key, _window, ctx, input, out) {
      fn.process(ctx, input, out)
    },
    clear(ctx) {
      fn.clear(ctx)
    },
  }
}

type ApplyFn = (key: U, window: Window, input: Iterable<U>, out: Collector<U>) => void
type AllApplyFn = (window: Window, input: Iterable<U>, out: Collector<U>) => void

// A function also has an `apply` property, so `typeof` alone does not narrow these unions.
export function windowFunction(fn: WindowFunction<U, U, U, Window>): InternalWindowFunction {
  const callable = typeof fn === 'function'
  const apply: ApplyFn = callable
    ? (fn as ApplyFn)
    : (k, w, input, out) => (fn as { apply: ApplyFn }).apply(k, w, input, out)
  return {
    userFunction: fn,
    name: callable ? 'WindowFunction' : fn.constructor.name,
    process(key, window, _ctx, input, out) {
      apply(key, window, input, out)
    },
    clear() {},
  }
}

export function allWindowFunction(fn: AllWindowFunction<U, U, Window>): InternalWindowFunction {
  const callable = typeof fn === 'function'
  const apply: AllApplyFn = callable
    ? (fn as AllApplyFn)
    : (w, input, out) => (fn as { apply: AllApplyFn }).apply(w, input, out)
  return {
    userFunction: fn,
    name: callable ? 'AllWindowFunction' : fn.constructor.name,
    process(_key, window, _ctx, input, out) {
      apply(window, input, out)
    },
    clear() {},
  }
}
