// A sink that writes records into part files under a base path, in buckets (sub-directories), with
// exactly-once output: part files are written hidden (`.…inprogress.…`) and renamed to their
// finished names only once the checkpoint that closed them completed (or, without checkpointing,
// at the end of input). Readers must consider only finished files: names not starting with '.'.
// Row formats only (an Encoder per record); Flink's bulk formats are not supported.
// Flink: org.apache.flink.connector.file.sink.FileSink (forRowFormat, RowFormatBuilder).
import { resolve } from 'node:path'
import type {
  Committer,
  CommitterInitContext,
  SupportsCommitter,
} from '../../api/connector/sink/committer.js'
import type { Sink, WriterInitContext } from '../../api/connector/sink/sink.js'
import type { SupportsWriterState } from '../../api/connector/sink/supports-writer-state.js'
import type { SimpleVersionedSerializer } from '../../api/connector/source/source.js'
import { InvalidProgramError } from '../../core/errors.js'
import type { BucketAssigner } from './bucket-assigner.js'
import { DateTimeBucketAssigner } from './date-time-bucket-assigner.js'
import { DefaultRollingPolicy } from './default-rolling-policy.js'
import type { Encoder } from './encoder.js'
import { FileCommitter } from './file-committer.js'
import { FileSinkCommittableSerializer, type FileSinkCommittable } from './file-sink-committable.js'
import { FileWriter } from './file-writer.js'
import {
  FileWriterBucketStateSerializer,
  type FileWriterBucketState,
} from './file-writer-bucket-state.js'
import { OutputFileConfig } from './output-file-config.js'
import type { RollingPolicy } from './rolling-policy.js'

/** Flink's default: buckets are checked for time-based rolling every minute. */
const DEFAULT_BUCKET_CHECK_INTERVAL = 60_000

/** Everything a FileSink is built from; `forRowFormat`'s builder fills it in. */
export interface FileSinkSettings<IN> {
  /** Absolute. */
  readonly basePath: string
  readonly encoder: Encoder<IN>
  readonly bucketAssigner: BucketAssigner<IN>
  readonly rollingPolicy: RollingPolicy<IN>
  readonly outputFileConfig: OutputFileConfig
  readonly bucketCheckInterval: number
}

/**
 * @public
 * @example
 * stream.sinkTo(
 *   FileSink.forRowFormat('/data/out', new SimpleStringEncoder<string>())
 *     .withRollingPolicy(DefaultRollingPolicy.builder().withMaxPartSize(64 * 1024 * 1024).build())
 *     .build(),
 * )
 */
export class FileSink<IN>
  implements
    Sink<IN>,
    SupportsCommitter<FileSinkCommittable>,
    SupportsWriterState<IN, FileWriterBucketState>
{
  private readonly settings: FileSinkSettings<IN>

  /** Prefer `FileSink.forRowFormat(...)...build()`. */
  constructor(settings: FileSinkSettings<IN>) {
    this.settings = settings
  }

  /**
   * A builder for a sink writing each record with `encoder` under `basePath` (resolved against
   * the working directory now), by default into hourly buckets ('yyyy-MM-dd--HH').
   */
  static forRowFormat<IN>(basePath: string, encoder: Encoder<IN>): RowFormatBuilder<IN> {
    return new RowFormatBuilder(basePath, encoder)
  }

  getBasePath(): string {
    return this.settings.basePath
  }

  createWriter(context: WriterInitContext): FileWriter<IN> {
    return this.restoreWriter(context, [])
  }

  restoreWriter(
    context: WriterInitContext,
    recoveredState: readonly FileWriterBucketState[],
  ): FileWriter<IN> {
    return new FileWriter(
      { ...this.settings, processingTimeService: context.getProcessingTimeService() },
      recoveredState,
    )
  }

  getWriterStateSerializer(): SimpleVersionedSerializer<FileWriterBucketState> {
    return new FileWriterBucketStateSerializer()
  }

  createCommitter(_context: CommitterInitContext): Committer<FileSinkCommittable> {
    return new FileCommitter()
  }

  getCommittableSerializer(): SimpleVersionedSerializer<FileSinkCommittable> {
    return new FileSinkCommittableSerializer()
  }

  toString(): string {
    return `FileSink(${this.settings.basePath})`
  }
}

/** Flink: FileSink.RowFormatBuilder. */
export class RowFormatBuilder<IN> {
  private readonly basePath: string
  private readonly encoder: Encoder<IN>
  private bucketAssigner: BucketAssigner<IN> = new DateTimeBucketAssigner<IN>()
  private rollingPolicy: RollingPolicy<IN> = DefaultRollingPolicy.builder().build<IN>()
  private outputFileConfig = new OutputFileConfig()
  private bucketCheckInterval = DEFAULT_BUCKET_CHECK_INTERVAL

  constructor(basePath: string, encoder: Encoder<IN>) {
    if (basePath === '') throw new InvalidProgramError('FileSink needs a base path')
    this.basePath = resolve(basePath)
    this.encoder = encoder
  }

  withBucketAssigner(assigner: BucketAssigner<IN>): this {
    this.bucketAssigner = assigner
    return this
  }

  withRollingPolicy(policy: RollingPolicy<IN>): this {
    this.rollingPolicy = policy
    return this
  }

  withOutputFileConfig(config: OutputFileConfig): this {
    this.outputFileConfig = config
    return this
  }

  /** How often (ms of processing time) buckets are checked for time-based rolling. */
  withBucketCheckInterval(ms: number): this {
    if (!(ms > 0)) {
      throw new InvalidProgramError(`FileSink bucket check interval must be positive, got ${ms}`)
    }
    this.bucketCheckInterval = ms
    return this
  }

  build(): FileSink<IN> {
    return new FileSink({
      basePath: this.basePath,
      encoder: this.encoder,
      bucketAssigner: this.bucketAssigner,
      rollingPolicy: this.rollingPolicy,
      outputFileConfig: this.outputFileConfig,
      bucketCheckInterval: this.bucketCheckInterval,
    })
  }
}
