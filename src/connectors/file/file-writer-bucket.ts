// One bucket of a FileWriter: its directory, its part counter, the open part file, and the part
// files closed since the last checkpoint (pending until the checkpoint's commit). Task thread only.
// Flink: org.apache.flink.connector.file.sink.writer.FileWriterBucket.
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Encoder } from './encoder.js'
import type { FileSinkCommittable } from './file-sink-committable.js'
import type { FileWriterBucketState } from './file-writer-bucket-state.js'
import { InProgressPartFile } from './in-progress-part-file.js'
import type { OutputFileConfig } from './output-file-config.js'
import type { RollingPolicy } from './rolling-policy.js'

/** What every bucket of one writer shares. */
export interface BucketSettings<IN> {
  readonly encoder: Encoder<IN>
  readonly rollingPolicy: RollingPolicy<IN>
  readonly outputFileConfig: OutputFileConfig
  /** The writer's unique id, part of every part file name. */
  readonly uniqueId: string
}

export class FileWriterBucket<IN> {
  readonly bucketId: string
  readonly bucketPath: string
  private readonly settings: BucketSettings<IN>
  private partCounter: number
  private inProgress: InProgressPartFile | undefined
  private pending: FileSinkCommittable[] = []
  private hasDirectory = false

  constructor(bucketId: string, bucketPath: string, settings: BucketSettings<IN>, partCounter = 0) {
    this.bucketId = bucketId
    this.bucketPath = bucketPath
    this.settings = settings
    this.partCounter = partCounter
  }

  write(element: IN, currentTime: number): void {
    let part = this.inProgress
    if (part === undefined || this.settings.rollingPolicy.shouldRollOnEvent(part, element)) {
      part = this.rollPartFile(currentTime)
    }
    this.settings.encoder.encode(element, part)
    part.markUpdated(currentTime)
  }

  /** A bucket check: closes the open part file if the policy says it is due. */
  onProcessingTime(currentTime: number): void {
    const part = this.inProgress
    if (
      part !== undefined &&
      this.settings.rollingPolicy.shouldRollOnProcessingTime(part, currentTime)
    ) {
      this.closePartFile()
    }
  }

  flush(): void {
    this.inProgress?.flush()
  }

  /** Closes the open part file; returns every part file closed since the last call. */
  prepareCommit(): FileSinkCommittable[] {
    this.closePartFile()
    const committables = this.pending
    this.pending = []
    return committables
  }

  /** Continues counting from a restored state (the highest, when several name this bucket). */
  restoreCounter(partCounter: number): void {
    if (partCounter > this.partCounter) this.partCounter = partCounter
  }

  getState(): FileWriterBucketState {
    return { bucketId: this.bucketId, bucketPath: this.bucketPath, partCounter: this.partCounter }
  }

  /** Closes the open part file without committing it (the writer is closing). */
  dispose(): void {
    this.inProgress?.dispose()
    this.inProgress = undefined
  }

  private rollPartFile(currentTime: number): InProgressPartFile {
    this.closePartFile()
    if (!this.hasDirectory) {
      mkdirSync(this.bucketPath, { recursive: true })
      this.hasDirectory = true
    }
    const { outputFileConfig, uniqueId } = this.settings
    const name = `${outputFileConfig.partPrefix}-${uniqueId}-${this.partCounter}${outputFileConfig.partSuffix}`
    this.partCounter++
    const part = new InProgressPartFile(
      this.bucketId,
      join(this.bucketPath, `.${name}.inprogress.${randomUUID()}`),
      join(this.bucketPath, name),
      currentTime,
    )
    this.inProgress = part
    return part
  }

  private closePartFile(): void {
    if (this.inProgress === undefined) return
    this.pending.push(this.inProgress.closeForCommit())
    this.inProgress = undefined
  }
}
