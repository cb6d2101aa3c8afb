// The FileSink's writer: routes each record to its bucket's open part file, rolls part files as
// the rolling policy says (checked per record, and per bucket check interval of processing time),
// and at every checkpoint closes every open part file and hands it over as a committable. Buckets
// stay known for the writer's life, so their part counters never restart under the same unique
// id. Task thread only; `write` never does I/O unless a buffer fills or a file rolls.
// Flink: org.apache.flink.connector.file.sink.writer.FileWriter.
import { randomUUID } from 'node:crypto'
import { join } from 'node:path'
import type { CommittingSinkWriter } from '../../api/connector/sink/committer.js'
import type { ProcessingTimeService, SinkWriterContext } from '../../api/connector/sink/sink.js'
import type { StatefulSinkWriter } from '../../api/connector/sink/supports-writer-state.js'
import type { BucketAssigner, BucketAssignerContext } from './bucket-assigner.js'
import type { Encoder } from './encoder.js'
import type { FileSinkCommittable } from './file-sink-committable.js'
import { FileWriterBucket, type BucketSettings } from './file-writer-bucket.js'
import type { FileWriterBucketState } from './file-writer-bucket-state.js'
import type { OutputFileConfig } from './output-file-config.js'
import type { RollingPolicy } from './rolling-policy.js'

export interface FileWriterOptions<IN> {
  /** Absolute. */
  readonly basePath: string
  readonly encoder: Encoder<IN>
  readonly bucketAssigner: BucketAssigner<IN>
  readonly rollingPolicy: RollingPolicy<IN>
  readonly outputFileConfig: OutputFileConfig
  readonly bucketCheckInterval: number
  readonly processingTimeService: ProcessingTimeService
}

export class FileWriter<IN>
  implements
    CommittingSinkWriter<IN, FileSinkCommittable>,
    StatefulSinkWriter<IN, FileWriterBucketState>,
    BucketAssignerContext
{
  private readonly basePath: string
  private readonly bucketAssigner: BucketAssigner<IN>
  private readonly bucketCheckInterval: number
  private readonly processingTimeService: ProcessingTimeService
  private readonly settings: BucketSettings<IN>
  private readonly buckets = new Map<string, FileWriterBucket<IN>>()
  /** The bucket of the previous record: consecutive records mostly share one. */
  private lastBucket: FileWriterBucket<IN> | undefined
  private recordContext: SinkWriterContext | undefined
  private currentTime = 0
  private cancelTimer: () => void

  constructor(options: FileWriterOptions<IN>, restored: readonly FileWriterBucketState[] = []) {
    this.basePath = options.basePath
    this.bucketAssigner = options.bucketAssigner
    this.bucketCheckInterval = options.bucketCheckInterval
    this.processingTimeService = options.processingTimeService
    this.settings = {
      encoder: options.encoder,
      rollingPolicy: options.rollingPolicy,
      outputFileConfig: options.outputFileConfig,
      uniqueId: randomUUID(),
    }
    for (const state of restored) this.bucketOf(state.bucketId).restoreCounter(state.partCounter)
    const pts = this.processingTimeService
    this.cancelTimer = pts.registerTimer(
      pts.getCurrentProcessingTime() + this.bucketCheckInterval,
      this.onProcessingTime,
    )
  }

  write(element: IN, context: SinkWriterContext): void {
    this.recordContext = context
    const now = this.processingTimeService.getCurrentProcessingTime()
    this.currentTime = now
    const bucketId = this.bucketAssigner.getBucketId(element, this)
    let bucket = this.lastBucket
    if (bucket === undefined || bucket.bucketId !== bucketId) {
      bucket = this.bucketOf(bucketId)
      this.lastBucket = bucket
    }
    bucket.write(element, now)
  }

  flush(): void {
    for (const bucket of this.buckets.values()) bucket.flush()
  }

  /** Closes every open part file: what was written since the last call becomes committable. */
  prepareCommit(): FileSinkCommittable[] {
    const committables: FileSinkCommittable[] = []
    for (const bucket of this.buckets.values()) committables.push(...bucket.prepareCommit())
    return committables
  }

  snapshotState(): FileWriterBucketState[] {
    return Array.from(this.buckets.values(), (b) => b.getState())
  }

  /** Leaves open part files behind uncommitted (hidden `.inprogress` files, as in Flink). */
  close(): void {
    this.cancelTimer()
    for (const bucket of this.buckets.values()) bucket.dispose()
  }

  // ---- BucketAssignerContext, for the record being written ----

  currentProcessingTime(): number {
    return this.currentTime
  }

  currentWatermark(): number {
    return this.recordContext?.currentWatermark() ?? Number.NEGATIVE_INFINITY
  }

  timestamp(): number | null {
    return this.recordContext?.timestamp() ?? null
  }

  private bucketOf(bucketId: string): FileWriterBucket<IN> {
    let bucket = this.buckets.get(bucketId)
    if (bucket === undefined) {
      bucket = new FileWriterBucket(bucketId, join(this.basePath, bucketId), this.settings)
      this.buckets.set(bucketId, bucket)
    }
    return bucket
  }

  private readonly onProcessingTime = (time: number): void => {
    for (const bucket of this.buckets.values()) bucket.onProcessingTime(time)
    this.cancelTimer = this.processingTimeService.registerTimer(
      time + this.bucketCheckInterval,
      this.onProcessingTime,
    )
  }
}
