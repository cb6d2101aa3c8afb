// The context a streaming program is built in: sources start here, every transformation is
// registered here, and `execute()` hands the pipeline to the registered executor. Also the factory
// of result streams, so that stream classes need not import each other.
// Flink: org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.
import { availableParallelism } from 'node:os'
import { Configuration } from '../../core/config/configuration.js'
import { CoreOptions } from '../../core/config/core-options.js'
import { PipelineOptions } from '../../core/config/pipeline-options.js'
import { ExecutionOptions } from '../../core/config/execution-options.js'
import { CheckpointingOptions } from '../../core/config/checkpointing-options.js'
import { InvalidProgramError } from '../../core/errors.js'
import type { TypeInformation } from '../../core/types/type-information.js'
import {
  SourceTransformation,
  type KeyExtractor,
  type PartitionTransformation,
  type Transformation,
} from '../dag/transformation.js'
import type { AnySource } from '../connector/source/source.js'
import { NumberSequenceSource } from '../connector/source/lib/number-sequence-source.js'
import { FromElementsSource } from '../connector/source/lib/from-elements-source.js'
import { WatermarkStrategy } from '../eventtime/watermark-strategy.js'
import type { MapStateDescriptor } from '../state/state-descriptor.js'
import {
  getExecutionPlanGenerator,
  getPipelineExecutor,
  type Pipeline,
} from '../execution/pipeline-executor.js'
import type { JobClient, JobExecutionResult } from '../execution/job-client.js'
import { DataStream } from '../datastream/data-stream.js'
import { SingleOutputStreamOperator } from '../datastream/single-output-stream-operator.js'
import { KeyedStream } from '../datastream/keyed-stream.js'
import { ConnectedStreams } from '../datastream/connected-streams.js'
import { BroadcastStream } from '../datastream/broadcast-stream.js'
import { BroadcastConnectedStream } from '../datastream/broadcast-connected-stream.js'
import { checkParallelism } from '../datastream/check-parallelism.js'
import { ExecutionConfig } from './execution-config.js'
import { contextConfigurationCopy } from './environment-context.js'

/**
 * @public
 * @example
 * const env = StreamExecutionEnvironment.getExecutionEnvironment()
 * env.fromData('to be or not to be').flatMap((l, out) => l.split(' ').forEach((w) => out.collect(w))).print()
 * await env.execute('words')
 */
export class StreamExecutionEnvironment {
  private readonly configuration: Configuration
  private readonly config: ExecutionConfig
  private transformations: Transformation[] = []
  private nextId = 1

  constructor(configuration: Configuration = new Configuration()) {
    this.configuration = configuration
    this.config = new ExecutionConfig(configuration)
  }

  /**
   * An environment for the context the program runs in (in-process, CLI or a cluster): it starts
   * from the launcher's configuration (config.yaml, -D, -p), and `configuration` is applied on top.
   */
  static getExecutionEnvironment(configuration?: Configuration): StreamExecutionEnvironment {
    const conf = contextConfigurationCopy()
    if (configuration !== undefined) conf.addAll(configuration)
    return new StreamExecutionEnvironment(conf)
  }

  getConfig(): ExecutionConfig {
    return this.config
  }

  getConfiguration(): Configuration {
    return this.configuration
  }

  /** The parallelism new operators get; -1 means the executor's default. */
  getParallelism(): number {
    return this.config.getParallelism()
  }

  setParallelism(parallelism: number): this {
    this.config.setParallelism(checkParallelism(parallelism, 'environment'))
    return this
  }

  getMaxParallelism(): number {
    return this.config.getMaxParallelism()
  }

  setMaxParallelism(maxParallelism: number): this {
    this.config.setMaxParallelism(maxParallelism)
    return this
  }

  /** Milliseconds a partially filled network buffer may wait before it is sent. */
  setBufferTimeout(timeoutMs: number): this {
    if (!Number.isFinite(timeoutMs) || timeoutMs < -1) {
      throw new InvalidProgramError(`Buffer timeout must be >= -1 ms, got ${timeoutMs}`)
    }
    this.configuration.set(ExecutionOptions.BUFFER_TIMEOUT, timeoutMs)
    return this
  }

  getBufferTimeout(): number {
    return this.configuration.get(ExecutionOptions.BUFFER_TIMEOUT)
  }

  disableOperatorChaining(): this {
    this.configuration.set(PipelineOptions.OPERATOR_CHAINING, false)
    return this
  }

  isChainingEnabled(): boolean {
    return this.configuration.get(PipelineOptions.OPERATOR_CHAINING)
  }

  /** Takes a checkpoint every `intervalMs` (checkpointing arrives with issue #5). */
  enableCheckpointing(intervalMs: number): this {
    this.configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, intervalMs)
    return this
  }

  /** A stream read from a FLIP-27 source. */
  fromSource<T>(
    source: AnySource<T>,
    watermarkStrategy: WatermarkStrategy<T>,
    sourceName: string,
    type?: TypeInformation<T>,
  ): SingleOutputStreamOperator<T> {
    const t = new SourceTransformation(
      this.nextTransformationId(),
      sourceName,
      this.getParallelism(),
      {
        kind: 'source',
        source,
      },
    )
    t.watermarkStrategy = watermarkStrategy as WatermarkStrategy<unknown>
    // As Flink's ResultTypeQueryable: a source may declare what it produces.
    const produced = (
      source as { getProducedType?: () => TypeInformation<T> | undefined }
    ).getProducedType?.()
    t.outputType = (type ?? produced) as TypeInformation<unknown> | undefined
    return this.singleOutputStream<T>(t)
  }

  /** A stream of the given elements, in order, read by a single subtask. */
  fromData<T>(...data: T[]): SingleOutputStreamOperator<T> {
    if (data.length === 0) {
      throw new InvalidProgramError('fromData needs at least one element')
    }
    return this.fromCollection(data)
  }

  /** A stream of the elements of `data`, in order, read by a single subtask. */
  fromCollection<T>(data: Iterable<T>, type?: TypeInformation<T>): SingleOutputStreamOperator<T> {
    const elements = Array.from(data)
    for (let i = 0; i < elements.length; i++) {
      if (elements[i] === undefined || elements[i] === null) {
        throw new InvalidProgramError(`Element ${i} of the collection is ${String(elements[i])}`)
      }
    }
    return this.fromSource(
      new FromElementsSource(elements),
      WatermarkStrategy.forMonotonousTimestamps<T>(),
      'Collection Source',
      type,
    ).setParallelism(1)
  }

  /** The numbers from..to (inclusive), read in parallel. */
  fromSequence(from: number, to: number): SingleOutputStreamOperator<number> {
    return this.fromSource(
      new NumberSequenceSource(from, to),
      WatermarkStrategy.noWatermarks<number>(),
      'Sequence Source',
    )
  }

  /** Runs the job and resolves when it finishes; rejects with the cause when it fails. */
  async execute(jobName?: string): Promise<JobExecutionResult> {
    const client = await this.executeAsync(jobName)
    return client.getJobExecutionResult()
  }

  /** Submits the job and resolves with its client as soon as it is running. */
  async executeAsync(jobName?: string): Promise<JobClient> {
    const pipeline = this.takePipeline(jobName)
    return getPipelineExecutor().execute(pipeline)
  }

  /** The job's plan as Flink's JSON (the transformations stay registered). */
  getExecutionPlan(): string {
    return getExecutionPlanGenerator()(this.pipeline(undefined))
  }

  private takePipeline(jobName: string | undefined): Pipeline {
    const pipeline = this.pipeline(jobName)
    this.transformations = []
    return pipeline
  }

  private pipeline(jobName: string | undefined): Pipeline {
    if (this.transformations.length === 0) {
      throw new InvalidProgramError(
        'No operators defined in streaming topology. Cannot execute: add a sink (e.g. print()) first',
      )
    }
    const configured = this.configuration.getOptional(CoreOptions.DEFAULT_PARALLELISM)
    return {
      jobName:
        jobName ?? this.configuration.getOptional(PipelineOptions.NAME) ?? 'Eddy Streaming Job',
      transformations: this.transformations.slice(),
      configuration: this.configuration,
      defaultParallelism: configured ?? availableParallelism(),
      maxParallelism: this.configuration.get(PipelineOptions.MAX_PARALLELISM),
      chainingEnabled: this.configuration.get(PipelineOptions.OPERATOR_CHAINING),
      bufferTimeoutMs: this.configuration.get(ExecutionOptions.BUFFER_TIMEOUT),
    }
  }

  // ---- used by the stream classes (not public API) ----

  /** @internal */
  nextTransformationId(): number {
    return this.nextId++
  }

  /** @internal Registers a transformation that ends a branch (operators and sinks). */
  addOperator(t: Transformation): void {
    this.transformations.push(t)
  }

  /** @internal */
  dataStream<T>(t: Transformation): DataStream<T> {
    return new DataStream<T>(this, t)
  }

  /** @internal */
  singleOutputStream<T>(t: Transformation): SingleOutputStreamOperator<T> {
    return new SingleOutputStreamOperator<T>(this, t)
  }

  /** @internal */
  keyedStream<T, K>(t: PartitionTransformation, keySelector: KeyExtractor): KeyedStream<T, K> {
    return new KeyedStream<T, K>(this, t, keySelector)
  }

  /** @internal */
  broadcastStream<T>(
    t: PartitionTransformation,
    descriptors: readonly MapStateDescriptor<unknown, unknown>[],
  ): BroadcastStream<T> {
    return new BroadcastStream<T>(this, t, descriptors)
  }

  /** @internal */
  connectStreams<A, B>(
    first: DataStream<A>,
    second: DataStream<B> | BroadcastStream<B>,
  ): ConnectedStreams<A, B> | BroadcastConnectedStream<A, B> {
    const key1 = first instanceof KeyedStream ? (first.keySelector as KeyExtractor) : undefined
    if (second instanceof BroadcastStream) {
      return new BroadcastConnectedStream<A, B>(this, first, second, key1)
    }
    const key2 = second instanceof KeyedStream ? (second.keySelector as KeyExtractor) : undefined
    const keyed = key1 !== undefined && key2 !== undefined
    return new ConnectedStreams<A, B>(
      this,
      first,
      second,
      keyed ? key1 : undefined,
      keyed ? key2 : undefined,
    )
  }
}
