// The `eddy/connectors/file` entry: an exactly-once sink of part files under a base path,
// in buckets, rolled by size and time, committed by renaming at checkpoints.
// Flink: flink-connector-files (FileSink, row formats).
export { FileSink, RowFormatBuilder } from './file-sink.js'
export type { FileSinkSettings } from './file-sink.js'
export { SimpleStringEncoder, type Encoder, type EncoderOutputStream } from './encoder.js'
export type { BucketAssigner, BucketAssignerContext } from './bucket-assigner.js'
export { BasePathBucketAssigner } from './base-path-bucket-assigner.js'
export { DateTimeBucketAssigner } from './date-time-bucket-assigner.js'
export type { RollingPolicy, PartFileInfo } from './rolling-policy.js'
export { DefaultRollingPolicy, DefaultRollingPolicyBuilder } from './default-rolling-policy.js'
export { OnCheckpointRollingPolicy } from './on-checkpoint-rolling-policy.js'
export { OutputFileConfig, OutputFileConfigBuilder } from './output-file-config.js'
export { FileSinkCommittableSerializer, type FileSinkCommittable } from './file-sink-committable.js'
export {
  FileWriterBucketStateSerializer,
  type FileWriterBucketState,
} from './file-writer-bucket-state.js'
export { FileWriter } from './file-writer.js'
export { FileCommitter } from './file-committer.js'
export { listFinishedPartFiles, readFinishedLines } from './finished-part-files.js'
