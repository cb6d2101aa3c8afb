// What a FileWriter keeps in checkpoints per bucket. Every in-progress file is closed at a
// checkpoint (see rolling-policy.ts), so that is only the part counter: a restored writer goes on
// counting, and with a new unique id per writer its names never collide with earlier ones.
// Flink: org.apache.flink.connector.file.sink.writer.{FileWriterBucketState, FileWriterBucketStateSerializer}.
import type { SimpleVersionedSerializer } from '../../api/connector/source/source.js'
import { SerializationError } from '../../core/errors.js'
import { JSON_STATE_VERSION, readJson } from './file-sink-committable.js'

/** @public */
export interface FileWriterBucketState {
  readonly bucketId: string
  readonly bucketPath: string
  /** The counter of the next part file of the bucket. */
  readonly partCounter: number
}

const encoder = new TextEncoder()

export class FileWriterBucketStateSerializer implements SimpleVersionedSerializer<FileWriterBucketState> {
  getVersion(): number {
    return JSON_STATE_VERSION
  }

  serialize(state: FileWriterBucketState): Uint8Array {
    const { bucketId, bucketPath, partCounter } = state
    return encoder.encode(JSON.stringify({ bucketId, bucketPath, partCounter }))
  }

  deserialize(version: number, bytes: Uint8Array): FileWriterBucketState {
    const value = readJson(version, bytes, 'FileWriterBucketState')
    if (
      typeof value.bucketId !== 'string' ||
      typeof value.bucketPath !== 'string' ||
      typeof value.partCounter !== 'number'
    ) {
      throw new SerializationError('Not a FileWriterBucketState', { context: { version } })
    }
    return {
      bucketId: value.bucketId,
      bucketPath: value.bucketPath,
      partCounter: value.partCounter,
    }
  }
}
