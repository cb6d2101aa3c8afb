// Which bucket (sub-directory of the base path) a record goes to. Called once per record, on the
// record path: keep it cheap. Bucket ids are relative paths; '' is the base path itself.
// Flink: org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner.

/** What a bucket assigner may read about the record being written. Flink: BucketAssigner.Context. */
export interface BucketAssignerContext {
  /** Processing time when the record is written, epoch ms. */
  currentProcessingTime(): number
  currentWatermark(): number
  /** The record's timestamp, or null when it has none. */
  timestamp(): number | null
}

/** @public */
export interface BucketAssigner<IN> {
  getBucketId(element: IN, context: BucketAssignerContext): string
}
