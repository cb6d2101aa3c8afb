// When a bucket's in-progress part file is closed and a new one begun. Consulted on the task's
// thread: before each record is written, and at every bucket check (processing time).
// Besides, the FileSink closes every in-progress file at each checkpoint: it has no resumable
// writer to carry an open file across a restore (Flink's shouldRollOnCheckpoint, always true).
// Flink: org.apache.flink.streaming.api.functions.sink.filesystem.{RollingPolicy, PartFileInfo}.

/** What a rolling policy knows of the open part file. */
export interface PartFileInfo {
  getBucketId(): string
  /** Processing time when the file was opened, epoch ms. */
  getCreationTime(): number
  /** Processing time of the last record written to it, epoch ms. */
  getLastUpdateTime(): number
  /** Bytes written so far, buffered ones included. */
  getSize(): number
}

/** @public */
export interface RollingPolicy<IN> {
  /** Before `element` is written to the open part file: close it first? */
  shouldRollOnEvent(partFileState: PartFileInfo, element: IN): boolean
  /** At a bucket check at `currentTime`: close the open part file? */
  shouldRollOnProcessingTime(partFileState: PartFileInfo, currentTime: number): boolean
}
