// Functions over two connected inputs. Flink: org.apache.flink.streaming.api.functions.co.*.
import type { Collector } from './functions.js'
import type { BaseContext, KeyedProcessFunctionContext } from './process-function.js'
import { AbstractRichFunction } from './rich-function.js'
import type { TimeDomain } from './timer-service.js'

export interface CoMapFunction<IN1, IN2, OUT> {
  map1(value: IN1): OUT
  map2(value: IN2): OUT
}

export interface CoFlatMapFunction<IN1, IN2, OUT> {
  flatMap1(value: IN1, out: Collector<OUT>): void
  flatMap2(value: IN2, out: Collector<OUT>): void
}

/** @public */
export abstract class RichCoMapFunction<IN1, IN2, OUT>
  extends AbstractRichFunction
  implements CoMapFunction<IN1, IN2, OUT>
{
  abstract map1(value: IN1): OUT
  abstract map2(value: IN2): OUT
}

/** @public */
export abstract class RichCoFlatMapFunction<IN1, IN2, OUT>
  extends AbstractRichFunction
  implements CoFlatMapFunction<IN1, IN2, OUT>
{
  abstract flatMap1(value: IN1, out: Collector<OUT>): void
  abstract flatMap2(value: IN2, out: Collector<OUT>): void
}

export interface CoProcessFunctionOnTimerContext extends BaseContext {
  timeDomain(): TimeDomain
}

/** @public */
export abstract class CoProcessFunction<IN1, IN2, OUT> extends AbstractRichFunction {
  abstract processElement1(value: IN1, ctx: BaseContext, out: Collector<OUT>): void
  abstract processElement2(value: IN2, ctx: BaseContext, out: Collector<OUT>): void
  onTimer(_timestamp: number, _ctx: CoProcessFunctionOnTimerContext, _out: Collector<OUT>): void {}
}

export interface KeyedCoProcessFunctionOnTimerContext<K> extends KeyedProcessFunctionContext<K> {
  timeDomain(): TimeDomain
}

/** @public */
export abstract class KeyedCoProcessFunction<K, IN1, IN2, OUT> extends AbstractRichFunction {
  abstract processElement1(
    value: IN1,
    ctx: KeyedProcessFunctionContext<K>,
    out: Collector<OUT>,
  ): void
  abstract processElement2(
    value: IN2,
    ctx: KeyedProcessFunctionContext<K>,
    out: Collector<OUT>,
  ): void
  onTimer(
    _timestamp: number,
    _ctx: KeyedCoProcessFunctionOnTimerContext<K>,
    _out: Collector<OUT>,
  ): void {}
}
