// A stream of records of type T: the entry to every DataStream transformation. Methods only add
// Transformations; nothing runs until the environment executes. Result streams are built by the
// environment so that the stream classes do not import each other.
// Flink: org.apache.flink.streaming.api.datastream.DataStream.
import type { WatermarkStrategy } from '../eventtime/watermark-strategy.js'
import type { TypeInformation } from '../../core/types/type-information.js'
import { InvalidProgramError } from '../../core/errors.js'
import {
  OneInputTransformation,
  PartitionTransformation,
  SinkTransformation,
  UnionTransformation,
  type KeyExtractor,
  type Transformation,
} from '../dag/transformation.js'
import type { OneInputOperatorSpec } from '../dag/operator-spec.js'
import type { PartitionerSpec } from '../dag/partitioner-spec.js'
import type {
  FilterFunction,
  FlatMapFunction,
  KeySelector,
  MapFunction,
  Partitioner,
} from '../functions/functions.js'
import { keySelectorFn } from '../functions/functions.js'
import { KeyedProcessFunction, type ProcessFunction } from '../functions/process-function.js'
import type { Sink } from '../connector/sink/sink.js'
import { PrintSink } from '../connector/sink/lib/print-sink.js'
import {
  CollectSink,
  registerCollectBuffer,
  releaseCollectBuffer,
} from '../connector/sink/lib/collect-sink.js'
import type { MapStateDescriptor } from '../state/state-descriptor.js'
import type { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js'
import type { JobClient } from '../execution/job-client.js'
import type { SingleOutputStreamOperator } from './single-output-stream-operator.js'
import type { KeyedStream } from './keyed-stream.js'
import type { ConnectedStreams } from './connected-streams.js'
import type { BroadcastStream } from './broadcast-stream.js'
import type { BroadcastConnectedStream } from './broadcast-connected-stream.js'
import { DataStreamSink } from './data-stream-sink.js'
import { AllWindowedStream } from './windowed-stream.js'
import { CoGroupedStreams, JoinedStreams } from './co-grouped-streams.js'
import { GlobalWindows } from '../windowing/assigners/global-windows.js'
import type { WindowAssigner } from '../windowing/assigners/window-assigner.js'
import { CountEvictor } from '../windowing/evictors/count-evictor.js'
import { CountTrigger } from '../windowing/triggers/count-trigger.js'
import { PurgingTrigger } from '../windowing/triggers/purging-trigger.js'
import type { GlobalWindow, Window } from '../windowing/windows.js'

/** @public */
export class DataStream<T> {
  readonly environment: StreamExecutionEnvironment
  readonly transformation: Transformation
  declare readonly __type?: T

  constructor(environment: StreamExecutionEnvironment, transformation: Transformation) {
    this.environment = environment
    this.transformation = transformation
  }

  getExecutionEnvironment(): StreamExecutionEnvironment {
    return this.environment
  }

  getTransformation(): Transformation {
    return this.transformation
  }

  getId(): number {
    return this.transformation.id
  }

  getParallelism(): number {
    return this.transformation.parallelism
  }

  getType(): TypeInformation<T> | undefined {
    return this.transformation.outputType as TypeInformation<T> | undefined
  }

  /** Keyed state and timers of operators on this stream use this key (set by KeyedStream). */
  protected stateKeyExtractor(): KeyExtractor | undefined {
    return undefined
  }

  /**
   * Applies `fn` to every record.
   * @example stream.map((s) => s.length)
   */
  map<R>(fn: MapFunction<T, R>, outputType?: TypeInformation<R>): SingleOutputStreamOperator<R> {
    return this.transform<R>(
      'Map',
      { kind: 'map', fn: fn as MapFunction<unknown, unknown> },
      outputType,
    )
  }

  /**
   * Emits zero or more records per record.
   * @example lines.flatMap((line, out) => { for (const w of line.split(' ')) out.collect(w) })
   */
  flatMap<R>(
    fn: FlatMapFunction<T, R>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    const spec = { kind: 'flatMap', fn: fn as FlatMapFunction<unknown, unknown> } as const
    return this.transform<R>('Flat Map', spec, outputType)
  }

  /** Keeps the records for which `fn` returns true. */
  filter(fn: FilterFunction<T>): SingleOutputStreamOperator<T> {
    const spec = { kind: 'filter', fn: fn as FilterFunction<unknown> } as const
    return this.transform<T>('Filter', spec, this.getType())
  }

  /**
   * Gives each record the strategy's event timestamp and generates watermarks from here on
   * (upstream watermarks are dropped). Prefer the strategy of `fromSource`, which can see splits.
   */
  assignTimestampsAndWatermarks(strategy: WatermarkStrategy<T>): SingleOutputStreamOperator<T> {
    const spec = {
      kind: 'timestampsAndWatermarks',
      strategy: strategy as WatermarkStrategy<unknown>,
    } as const
    return this.transform<T>('Timestamps/Watermarks', spec, this.getType())
  }

  /** Processes each record with access to its timestamp, timers and side outputs. */
  process<R>(
    fn: ProcessFunction<T, R>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    if (fn instanceof KeyedProcessFunction) {
      throw new InvalidProgramError(
        'A KeyedProcessFunction can only be used on a keyed stream: call keyBy() before process()',
      )
    }
    const spec = { kind: 'process', fn: fn as ProcessFunction<unknown, unknown> } as const
    return this.transform<R>('Process', spec, outputType)
  }

  /** Adds a one-input operator after this stream. */
  protected transform<R>(
    name: string,
    operator: OneInputOperatorSpec,
    outputType: TypeInformation<R> | undefined,
  ): SingleOutputStreamOperator<R> {
    const env = this.environment
    const t = new OneInputTransformation(
      env.nextTransformationId(),
      name,
      env.getParallelism(),
      this.transformation,
      operator,
    )
    t.outputType = outputType as TypeInformation<unknown> | undefined
    t.stateKeySelector = this.stateKeyExtractor()
    env.addOperator(t)
    return env.singleOutputStream<R>(t)
  }

  /**
   * Partitions the stream by key: records with equal keys go to the same subtask, and operators
   * after it may use keyed state. Keys are compared by value ("1" and 1 differ).
   * @example words.keyBy((w) => w.word).sum('n')
   */
  keyBy<K>(selector: KeySelector<T, K>): KeyedStream<T, K> {
    const keyOf = keySelectorFn(selector) as KeyExtractor
    const t = this.partition({ type: 'HASH', keySelector: keyOf })
    return this.environment.keyedStream<T, K>(t, keyOf)
  }

  /**
   * Groups the whole stream's records into windows, evaluated by one parallel instance.
   * @example stream.windowAll(TumblingEventTimeWindows.of(Time.seconds(5))).max('speed')
   */
  windowAll<W extends Window>(assigner: WindowAssigner<T, W>): AllWindowedStream<T, W> {
    // As Flink: keyed by one constant key, so the window operator runs with keyed state.
    const keyed = this.keyBy(() => 0)
    return new AllWindowedStream<T, W>(
      assigner,
      (name, spec, outputType) =>
        keyed.transform(name, spec, outputType).setParallelism(1).setMaxParallelism(1),
      this.getType(),
    )
  }

  /** windowAll over counts of records: windows of `size`, one every `slide` when given. */
  countWindowAll(size: number, slide?: number): AllWindowedStream<T, GlobalWindow> {
    const windowed = this.windowAll(GlobalWindows.create() as WindowAssigner<T, GlobalWindow>)
    if (slide === undefined) {
      return windowed.trigger(PurgingTrigger.of(CountTrigger.of<GlobalWindow>(size)))
    }
    return windowed
      .evictor(CountEvictor.of<GlobalWindow>(size))
      .trigger(CountTrigger.of<GlobalWindow>(slide))
  }

  /**
   * Joins with `other` per key and window: every pair with equal keys in a window.
   * @example orders.join(payments).where((o) => o.id).equalTo((p) => p.orderId)
   *   .window(TumblingEventTimeWindows.of(Time.minutes(1))).apply((o, p) => ({ ...o, paid: p.amount }))
   */
  join<T2>(other: DataStream<T2>): JoinedStreams<T, T2> {
    return new JoinedStreams<T, T2>(this, other)
  }

  /** Groups this stream and `other` per key and window, for a CoGroupFunction. */
  coGroup<T2>(other: DataStream<T2>): CoGroupedStreams<T, T2> {
    return new CoGroupedStreams<T, T2>(this, other)
  }

  /** Merges streams of the same type. */
  union(...streams: DataStream<T>[]): DataStream<T> {
    for (const s of streams) {
      if (s.environment !== this.environment) {
        throw new InvalidProgramError('Cannot union streams of different execution environments')
      }
    }
    const inputs = [this.transformation, ...streams.map((s) => s.transformation)]
    const t = new UnionTransformation(this.environment.nextTransformationId(), inputs)
    return this.environment.dataStream<T>(t)
  }

  /** Connects two streams of possibly different types, for co-functions with shared state. */
  connect<R>(other: DataStream<R>): ConnectedStreams<T, R>
  connect<R>(other: BroadcastStream<R>): BroadcastConnectedStream<T, R>
  connect<R>(
    other: DataStream<R> | BroadcastStream<R>,
  ): ConnectedStreams<T, R> | BroadcastConnectedStream<T, R> {
    return this.environment.connectStreams(this, other)
  }

  /** Sends every record to every parallel instance of the next operator. */
  broadcast(): DataStream<T>
  /** A broadcast stream whose records update the given broadcast states downstream. */
  broadcast(...descriptors: MapStateDescriptor<unknown, unknown>[]): BroadcastStream<T>
  broadcast(
    ...descriptors: MapStateDescriptor<unknown, unknown>[]
  ): DataStream<T> | BroadcastStream<T> {
    const t = this.partition({ type: 'BROADCAST' })
    if (descriptors.length === 0) return this.environment.dataStream<T>(t)
    return this.environment.broadcastStream<T>(t, descriptors)
  }

  /** Sends each record to a uniformly random subtask. */
  shuffle(): DataStream<T> {
    return this.environment.dataStream<T>(this.partition({ type: 'SHUFFLE' }))
  }

  /** Round-robin over all downstream subtasks. */
  rebalance(): DataStream<T> {
    return this.environment.dataStream<T>(this.partition({ type: 'REBALANCE' }))
  }

  /** Round-robin over a local subset of downstream subtasks. */
  rescale(): DataStream<T> {
    return this.environment.dataStream<T>(this.partition({ type: 'RESCALE' }))
  }

  /** Subtask i to subtask i; needs equal parallelism. */
  forward(): DataStream<T> {
    return this.environment.dataStream<T>(this.partition({ type: 'FORWARD' }))
  }

  /** Everything to the first downstream subtask. */
  global(): DataStream<T> {
    return this.environment.dataStream<T>(this.partition({ type: 'GLOBAL' }))
  }

  /** Picks the subtask with a user partitioner over the key. */
  partitionCustom<K>(partitioner: Partitioner<K>, keySelector: KeySelector<T, K>): DataStream<T> {
    const t = this.partition({
      type: 'CUSTOM',
      partitioner: partitioner as Partitioner<unknown>,
      keySelector: keySelectorFn(keySelector) as KeyExtractor,
    })
    return this.environment.dataStream<T>(t)
  }

  protected partition(spec: PartitionerSpec): PartitionTransformation {
    return new PartitionTransformation(
      this.environment.nextTransformationId(),
      this.transformation,
      spec,
    )
  }

  /** Prints each record to stdout, prefixed with the subtask (from 1) when parallel. */
  print(sinkIdentifier?: string): DataStreamSink<T> {
    return this.sinkTo(new PrintSink<T>(sinkIdentifier ?? '')).name('Print to Std. Out')
  }

  /** Prints each record to stderr. */
  printToErr(sinkIdentifier?: string): DataStreamSink<T> {
    return this.sinkTo(new PrintSink<T>(sinkIdentifier ?? '', true)).name('Print to Std. Err')
  }

  /** Writes the stream to a Sink V2 sink. */
  sinkTo(sink: Sink<T>): DataStreamSink<T> {
    const env = this.environment
    const t = new SinkTransformation(
      env.nextTransformationId(),
      'Sink',
      env.getParallelism(),
      this.transformation,
      { kind: 'sink', sink: sink as Sink<unknown> },
    )
    t.stateKeySelector = this.stateKeyExtractor()
    env.addOperator(t)
    return new DataStreamSink<T>(t)
  }

  /**
   * Runs the job and returns the stream's records (at most `limit`, after which the job is
   * cancelled). For bounded streams, or with a limit.
   * @example const words = await env.fromData('a', 'b').executeAndCollect()
   */
  async executeAndCollect(limit = Number.POSITIVE_INFINITY, jobName?: string): Promise<T[]> {
    if (!(limit === Number.POSITIVE_INFINITY || (Number.isInteger(limit) && limit > 0))) {
      throw new InvalidProgramError(
        `executeAndCollect's limit must be a positive integer, got ${limit}`,
      )
    }
    const values: T[] = []
    let client: JobClient | undefined
    let limitReached = false
    const id = registerCollectBuffer<T>({
      values,
      limit,
      onLimitReached: () => {
        limitReached = true
        void client?.cancel()
      },
    })
    try {
      this.sinkTo(new CollectSink<T>(id)).name('Collect Sink').setParallelism(1)
      client = await this.environment.executeAsync(jobName)
      if (limitReached) void client.cancel()
      try {
        await client.getJobExecutionResult()
      } catch (e: unknown) {
        if (!limitReached) throw e
      }
      return values
    } finally {
      releaseCollectBuffer(id)
    }
  }
}
