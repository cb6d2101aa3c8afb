// A (possibly keyed) stream connected with a broadcast stream, processed by a
// (Keyed)BroadcastProcessFunction. Flink: BroadcastConnectedStream.
import { InvalidProgramError } from '../../core/errors.js'
import type { TypeInformation } from '../../core/types/type-information.js'
import { TwoInputTransformation, type KeyExtractor } from '../dag/transformation.js'
import type { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js'
import {
  BroadcastProcessFunction,
  KeyedBroadcastProcessFunction,
} from '../functions/broadcast-process-function.js'
import type { BroadcastStream } from './broadcast-stream.js'
import type { DataStream } from './data-stream.js'
import type { SingleOutputStreamOperator } from './single-output-stream-operator.js'

/** @public */
export class BroadcastConnectedStream<IN1, IN2> {
  readonly environment: StreamExecutionEnvironment
  readonly nonBroadcast: DataStream<IN1>
  readonly broadcast: BroadcastStream<IN2>
  private readonly keySelector: KeyExtractor | undefined

  constructor(
    environment: StreamExecutionEnvironment,
    nonBroadcast: DataStream<IN1>,
    broadcast: BroadcastStream<IN2>,
    keySelector: KeyExtractor | undefined,
  ) {
    this.environment = environment
    this.nonBroadcast = nonBroadcast
    this.broadcast = broadcast
    this.keySelector = keySelector
  }

  process<R, K = unknown>(
    fn: BroadcastProcessFunction<IN1, IN2, R> | KeyedBroadcastProcessFunction<K, IN1, IN2, R>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    const descriptors = this.broadcast.broadcastStateDescriptors
    const keyed = fn instanceof KeyedBroadcastProcessFunction
    if (keyed && this.keySelector === undefined) {
      throw new InvalidProgramError(
        'A KeyedBroadcastProcessFunction needs a keyed stream: call keyBy() before connect()',
      )
    }
    if (!keyed && this.keySelector !== undefined) {
      throw new InvalidProgramError(
        'A keyed stream connected to a broadcast stream needs a KeyedBroadcastProcessFunction',
      )
    }
    if (!keyed && !(fn instanceof BroadcastProcessFunction)) {
      throw new InvalidProgramError('process() needs a (Keyed)BroadcastProcessFunction')
    }
    const operator = keyed
      ? ({
          kind: 'keyedBroadcastProcess',
          fn: fn as KeyedBroadcastProcessFunction<unknown, unknown, unknown, unknown>,
          broadcastStateDescriptors: descriptors,
        } as const)
      : ({
          kind: 'broadcastProcess',
          fn: fn as BroadcastProcessFunction<unknown, unknown, unknown>,
          broadcastStateDescriptors: descriptors,
        } as const)
    const env = this.environment
    const t = new TwoInputTransformation(
      env.nextTransformationId(),
      'Co-Process-Broadcast' + (keyed ? '-Keyed' : ''),
      env.getParallelism(),
      this.nonBroadcast.transformation,
      this.broadcast.transformation,
      operator,
    )
    t.outputType = outputType as TypeInformation<unknown> | undefined
    t.stateKeySelector1 = this.keySelector
    env.addOperator(t)
    return env.singleOutputStream<R>(t)
  }
}
