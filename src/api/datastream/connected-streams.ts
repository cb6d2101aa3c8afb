// Two streams connected for a co-function: each record is handled by the function of its side,
// and the function may share state between both sides. Keyed when both sides are keyed.
// Flink: org.apache.flink.streaming.api.datastream.ConnectedStreams.
import { InvalidProgramError } from '../../core/errors.js'
import type { TypeInformation } from '../../core/types/type-information.js'
import { TwoInputTransformation, type KeyExtractor } from '../dag/transformation.js'
import type { TwoInputOperatorSpec } from '../dag/operator-spec.js'
import type { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js'
import {
  CoProcessFunction,
  KeyedCoProcessFunction,
  type CoFlatMapFunction,
  type CoMapFunction,
} from '../functions/co-functions.js'
import { keySelectorFn, type KeySelector } from '../functions/functions.js'
import type { DataStream } from './data-stream.js'
import type { SingleOutputStreamOperator } from './single-output-stream-operator.js'

/** @public */
export class ConnectedStreams<IN1, IN2> {
  readonly environment: StreamExecutionEnvironment
  readonly first: DataStream<IN1>
  readonly second: DataStream<IN2>
  private readonly keySelector1: KeyExtractor | undefined
  private readonly keySelector2: KeyExtractor | undefined

  constructor(
    environment: StreamExecutionEnvironment,
    first: DataStream<IN1>,
    second: DataStream<IN2>,
    keySelector1?: KeyExtractor,
    keySelector2?: KeyExtractor,
  ) {
    this.environment = environment
    this.first = first
    this.second = second
    this.keySelector1 = keySelector1
    this.keySelector2 = keySelector2
  }

  getFirstInput(): DataStream<IN1> {
    return this.first
  }

  getSecondInput(): DataStream<IN2> {
    return this.second
  }

  isKeyed(): boolean {
    return this.keySelector1 !== undefined && this.keySelector2 !== undefined
  }

  /** Keys both sides; records with equal keys meet in the same subtask. */
  keyBy<K>(
    keySelector1: KeySelector<IN1, K>,
    keySelector2: KeySelector<IN2, K>,
  ): ConnectedStreams<IN1, IN2> {
    const k1 = keySelectorFn(keySelector1) as KeyExtractor
    const k2 = keySelectorFn(keySelector2) as KeyExtractor
    return new ConnectedStreams<IN1, IN2>(
      this.environment,
      this.first.keyBy(k1) as unknown as DataStream<IN1>,
      this.second.keyBy(k2) as unknown as DataStream<IN2>,
      k1,
      k2,
    )
  }

  map<R>(
    fn: CoMapFunction<IN1, IN2, R>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    return this.transform<R>(
      'Co-Map',
      { kind: 'coMap', fn: fn as CoMapFunction<unknown, unknown, unknown> },
      outputType,
    )
  }

  flatMap<R>(
    fn: CoFlatMapFunction<IN1, IN2, R>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    const spec = {
      kind: 'coFlatMap',
      fn: fn as CoFlatMapFunction<unknown, unknown, unknown>,
    } as const
    return this.transform<R>('Co-Flat Map', spec, outputType)
  }

  /** Processes both sides with timestamps, timers and side outputs (keyed state when keyed). */
  process<R, K = unknown>(
    fn: CoProcessFunction<IN1, IN2, R> | KeyedCoProcessFunction<K, IN1, IN2, R>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    if (fn instanceof KeyedCoProcessFunction) {
      if (!this.isKeyed()) {
        throw new InvalidProgramError(
          'A KeyedCoProcessFunction needs keyed connected streams: call keyBy(key1, key2) first',
        )
      }
      const spec = {
        kind: 'keyedCoProcess',
        fn: fn as KeyedCoProcessFunction<unknown, unknown, unknown, unknown>,
      } as const
      return this.transform<R>('KeyedCo-Process', spec, outputType)
    }
    if (!(fn instanceof CoProcessFunction)) {
      throw new InvalidProgramError(
        'process() needs a CoProcessFunction or a KeyedCoProcessFunction',
      )
    }
    const spec = {
      kind: 'coProcess',
      fn: fn as CoProcessFunction<unknown, unknown, unknown>,
    } as const
    return this.transform<R>('Co-Process', spec, outputType)
  }

  /** Adds a two-input operator over both sides (interval joins use it). */
  transform<R>(
    name: string,
    operator: TwoInputOperatorSpec,
    outputType: TypeInformation<R> | undefined,
  ): SingleOutputStreamOperator<R> {
    const env = this.environment
    const t = new TwoInputTransformation(
      env.nextTransformationId(),
      name,
      env.getParallelism(),
      this.first.transformation,
      this.second.transformation,
      operator,
    )
    t.outputType = outputType as TypeInformation<unknown> | undefined
    t.stateKeySelector1 = this.keySelector1
    t.stateKeySelector2 = this.keySelector2
    env.addOperator(t)
    return env.singleOutputStream<R>(t)
  }
}
