// Every record into the base path itself (bucket id '').
// Flink: org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner.
import type { BucketAssigner } from './bucket-assigner.js'

/**
 * @public
 * @example
 * FileSink.forRowFormat(dir, new SimpleStringEncoder()).withBucketAssigner(new BasePathBucketAssigner())
 */
export class BasePathBucketAssigner<IN> implements BucketAssigner<IN> {
  getBucketId(): string {
    return ''
  }

  toString(): string {
    return 'BasePathBucketAssigner'
  }
}
