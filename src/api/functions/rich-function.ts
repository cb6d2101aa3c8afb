// Rich functions: user functions with a lifecycle and access to the RuntimeContext.
// Flink: org.apache.flink.api.common.functions.{AbstractRichFunction, RichMapFunction, ...}.
import { InvalidProgramError } from '../../core/errors.js'
import type { Collector } from './functions.js'
import type { OpenContext, RuntimeContext } from './runtime-context.js'

/** Base of all rich functions. `open` runs before the first record, `close` after the last. */
export abstract class AbstractRichFunction {
  private runtimeContext: RuntimeContext | undefined

  setRuntimeContext(context: RuntimeContext): void {
    this.runtimeContext = context
  }

  getRuntimeContext(): RuntimeContext {
    if (this.runtimeContext === undefined) {
      throw new InvalidProgramError(
        'The runtime context has not been initialized: getRuntimeContext() is only available from open() on',
      )
    }
    return this.runtimeContext
  }

  open(_openContext: OpenContext): void {}

  close(): void {}
}

/** @public */
export abstract class RichMapFunction<IN, OUT> extends AbstractRichFunction {
  abstract map(value: IN): OUT
}

/** @public */
export abstract class RichFlatMapFunction<IN, OUT> extends AbstractRichFunction {
  abstract flatMap(value: IN, out: Collector<OUT>): void
}

/** @public */
export abstract class RichFilterFunction<T> extends AbstractRichFunction {
  abstract filter(value: T): boolean
}

/** True when `fn` has the rich-function lifecycle. */
export function isRichFunction(fn: unknown): fn is AbstractRichFunction {
  return fn instanceof AbstractRichFunction
}
