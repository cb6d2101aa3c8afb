// A stream partitioned by key. Operators applied to it run keyed: they may use keyed state and
// timers, scoped to the key of the current record. Rolling aggregations emit every update.
// Flink: org.apache.flink.streaming.api.datastream.KeyedStream.
import type { TypeInformation } from '../../core/types/type-information.js'
import type { KeyExtractor, PartitionTransformation } from '../dag/transformation.js'
import type { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js'
import type { ReduceFunction } from '../functions/aggregate.js'
import {
  aggregationFunction,
  type AggregationType,
  type FieldRef,
} from '../functions/aggregation.js'
import { KeyedProcessFunction, type ProcessFunction } from '../functions/process-function.js'
import { GlobalWindows } from '../windowing/assigners/global-windows.js'
import type { WindowAssigner } from '../windowing/assigners/window-assigner.js'
import { CountEvictor } from '../windowing/evictors/count-evictor.js'
import { CountTrigger } from '../windowing/triggers/count-trigger.js'
import { PurgingTrigger } from '../windowing/triggers/purging-trigger.js'
import type { GlobalWindow, Window } from '../windowing/windows.js'
import { DataStream } from './data-stream.js'
import { WindowedStream } from './windowed-stream.js'
import { IntervalJoin } from './interval-join.js'
import type { ComparableField, NumericField } from './field-types.js'
import type { SingleOutputStreamOperator } from './single-output-stream-operator.js'

/** @public */
export class KeyedStream<T, K> extends DataStream<T> {
  readonly keySelector: KeyExtractor
  declare readonly __key?: K

  constructor(
    environment: StreamExecutionEnvironment,
    transformation: PartitionTransformation,
    keySelector: KeyExtractor,
  ) {
    super(environment, transformation)
    this.keySelector = keySelector
  }

  protected override stateKeyExtractor(): KeyExtractor {
    return this.keySelector
  }

  getKeySelector(): (value: T) => K {
    return this.keySelector as (value: T) => K
  }

  /**
   * Processes each record with keyed state and per-key timers.
   * @example clicks.keyBy((c) => c.user).process(new CountWithTimeout())
   */
  override process<R>(
    fn: KeyedProcessFunction<K, T, R> | ProcessFunction<T, R>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    if (fn instanceof KeyedProcessFunction) {
      const spec = {
        kind: 'keyedProcess',
        fn: fn as KeyedProcessFunction<unknown, unknown, unknown>,
      } as const
      return this.transform<R>('KeyedProcess', spec, outputType)
    }
    return super.process(fn, outputType)
  }

  /**
   * Combines each record with the previous result for its key and emits every new result.
   * @example counts.keyBy((c) => c.word).reduce((a, b) => ({ word: a.word, n: a.n + b.n }))
   */
  reduce(fn: ReduceFunction<T>): SingleOutputStreamOperator<T> {
    const spec = { kind: 'reduce', fn: fn as ReduceFunction<unknown> } as const
    return this.transform<T>('Keyed Reduce', spec, this.getType())
  }

  /** Rolling sum of a field; the other fields are those of the key's first record. */
  sum(field: NumericField<T>): SingleOutputStreamOperator<T> {
    return this.aggregate('SUM', field)
  }

  /** Rolling minimum of a field; the other fields are those of the key's first record. */
  min(field: ComparableField<T>): SingleOutputStreamOperator<T> {
    return this.aggregate('MIN', field)
  }

  /** Rolling maximum of a field; the other fields are those of the key's first record. */
  max(field: ComparableField<T>): SingleOutputStreamOperator<T> {
    return this.aggregate('MAX', field)
  }

  /** The record with the smallest value of the field so far (the earlier one on ties when `first`). */
  minBy(field: ComparableField<T>, first = true): SingleOutputStreamOperator<T> {
    return this.aggregate('MINBY', field, first)
  }

  /** The record with the largest value of the field so far (the earlier one on ties when `first`). */
  maxBy(field: ComparableField<T>, first = true): SingleOutputStreamOperator<T> {
    return this.aggregate('MAXBY', field, first)
  }

  /**
   * Groups each key's records into windows.
   * @example .window(TumblingEventTimeWindows.of(Time.seconds(5))).sum('count')
   */
  window<W extends Window>(assigner: WindowAssigner<T, W>): WindowedStream<T, K, W> {
    return new WindowedStream<T, K, W>(
      assigner,
      (name, spec, outputType) => this.transform(name, spec, outputType),
      this.getType(),
    )
  }

  /**
   * Windows of `size` records per key; with `slide`, one every `slide` records over the last
   * `size` (Flink: GlobalWindows with a count trigger, and a count evictor when sliding).
   */
  countWindow(size: number, slide?: number): WindowedStream<T, K, GlobalWindow> {
    const windowed = this.window(GlobalWindows.create() as WindowAssigner<T, GlobalWindow>)
    if (slide === undefined) {
      return windowed.trigger(PurgingTrigger.of(CountTrigger.of<GlobalWindow>(size)))
    }
    return windowed
      .evictor(CountEvictor.of<GlobalWindow>(size))
      .trigger(CountTrigger.of<GlobalWindow>(slide))
  }

  /**
   * Joins with another keyed stream on event-time intervals.
   * @example orders.keyBy((o) => o.id).intervalJoin(payments.keyBy((p) => p.orderId)).between(0, 60_000).process(new Pair())
   */
  intervalJoin<T2>(other: KeyedStream<T2, K>): IntervalJoin<T, T2, K> {
    return new IntervalJoin<T, T2, K>(this, other)
  }

  private aggregate(
    type: AggregationType,
    field: FieldRef,
    first = true,
  ): SingleOutputStreamOperator<T> {
    const fn = aggregationFunction<unknown>(type, field, first)
    return this.transform<T>('Keyed Aggregation', { kind: 'reduce', fn }, this.getType())
  }
}
