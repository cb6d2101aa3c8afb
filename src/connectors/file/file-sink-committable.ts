// What a FileWriter hands the committer: a closed in-progress part file and the name it becomes
// visible under. Paths are absolute, so a committer in another process (a JobMaster committing at
// the job's end) finds them on a shared file system.
// Flink: org.apache.flink.connector.file.sink.{FileSinkCommittable, FileSinkCommittableSerializer}.
import type { SimpleVersionedSerializer } from '../../api/connector/source/source.js'
import { SerializationError } from '../../core/errors.js'

/** @public */
export interface FileSinkCommittable {
  readonly bucketId: string
  /** The hidden `.…inprogress.…` file, complete and closed. */
  readonly inProgressPath: string
  /** Its finished name; committing renames the file to it. */
  readonly targetPath: string
}

/** The version of every FileSink state written as JSON (committables, bucket states). */
export const JSON_STATE_VERSION = 1
const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** JSON in UTF-8: committables are few (one per part file) and off the record path. */
export class FileSinkCommittableSerializer implements SimpleVersionedSerializer<FileSinkCommittable> {
  getVersion(): number {
    return JSON_STATE_VERSION
  }

  serialize(committable: FileSinkCommittable): Uint8Array {
    const { bucketId, inProgressPath, targetPath } = committable
    return encoder.encode(JSON.stringify({ bucketId, inProgressPath, targetPath }))
  }

  deserialize(version: number, bytes: Uint8Array): FileSinkCommittable {
    const value = readJson(version, bytes, 'FileSinkCommittable')
    if (
      typeof value.bucketId !== 'string' ||
      typeof value.inProgressPath !== 'string' ||
      typeof value.targetPath !== 'string'
    ) {
      throw new SerializationError('Not a FileSinkCommittable', { context: { version } })
    }
    return {
      bucketId: value.bucketId,
      inProgressPath: value.inProgressPath,
      targetPath: value.targetPath,
    }
  }
}

/** Decodes one JSON object written at JSON_STATE_VERSION; the FileSink's state serializers share it. */
export function readJson(
  version: number,
  bytes: Uint8Array,
  what: string,
): Record<string, unknown> {
  if (version !== JSON_STATE_VERSION) {
    throw new SerializationError(
      `Unknown ${what} version ${version} (this is ${JSON_STATE_VERSION})`,
      {
        context: { version },
      },
    )
  }
  const value: unknown = JSON.parse(decoder.decode(bytes))
  if (typeof value !== 'object' || value === null) {
    throw new SerializationError(`Not a ${what}`, { context: { version } })
  }
  return value as Record<string, unknown>
}
