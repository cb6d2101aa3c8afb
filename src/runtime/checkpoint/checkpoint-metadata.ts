// The `_metadata` file of a checkpoint or savepoint: which operators had state, at which
// parallelism, and where each subtask's state is. Format (version 2):
//
//   bytes 0-7   magic "EDDYCKPT"
//   bytes 8-11  format version, u32 big-endian
//   bytes 12-15 CRC-32 of the body, u32 big-endian
//   bytes 16-   body: MessagePack of CheckpointMetadata
//
// Each subtask's state is a file next to `_metadata` (`op-<operator>-<subtask>`), written by the
// task that took it; the metadata names it. Its format follows the metadata's version (state-file.ts:
// version 1 was one MessagePack body, version 2 writes large byte arrays after a header); this Eddy
// reads both. A reader checks magic, version and checksum first,
// so a truncated or corrupted file is an error naming the file, never a wrong restore.
// Flink: org.apache.flink.runtime.checkpoint.metadata.MetadataV3Serializer (a different layout).
import { crc32 } from 'node:zlib'
import { Packr } from 'msgpackr'
import { EddyError } from '../../core/errors.js'

export const METADATA_FILE = '_metadata'
export const METADATA_VERSION = 2
/** The versions this Eddy reads. */
const READABLE_VERSIONS = [1, 2]
const MAGIC = Buffer.from('EDDYCKPT', 'latin1')
const HEADER_BYTES = 16

export interface SubtaskStateEntry {
  readonly subtask: number
  /** The state file, relative to the checkpoint directory. */
  readonly file: string
  readonly bytes: number
}

export interface OperatorStateEntry {
  readonly operatorId: string
  readonly operatorName: string
  readonly parallelism: number
  readonly maxParallelism: number
  readonly subtasks: readonly SubtaskStateEntry[]
  /** The operator coordinator's state (a source's enumerator), inline: it is small. */
  readonly coordinatorState?: CoordinatorState
}

export interface CoordinatorState {
  readonly version: number
  readonly bytes: Uint8Array
}

export interface CheckpointMetadata {
  readonly jobId: string
  readonly checkpointId: number
  /** When the checkpoint was triggered (epoch ms). */
  readonly timestamp: number
  readonly kind: 'CHECKPOINT' | 'SAVEPOINT'
  readonly operators: readonly OperatorStateEntry[]
}

/** Metadata as read, with the format version its state files are in. */
export interface ReadCheckpointMetadata extends CheckpointMetadata {
  readonly formatVersion: number
}

const packr = new Packr({ useRecords: false, moreTypes: true })

export function encodeMetadata(metadata: CheckpointMetadata): Buffer {
  const body = packr.pack(metadata)
  const header = Buffer.alloc(HEADER_BYTES)
  MAGIC.copy(header, 0)
  header.writeUInt32BE(METADATA_VERSION, 8)
  header.writeUInt32BE(crc32(body), 12)
  return Buffer.concat([header, body])
}

/** Reads `_metadata` bytes; `path` names the file in errors. */
export function decodeMetadata(bytes: Uint8Array, path: string): ReadCheckpointMetadata {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (buffer.length < HEADER_BYTES || !buffer.subarray(0, 8).equals(MAGIC)) {
    throw metadataError(path, 'it is not an Eddy checkpoint metadata file (bad magic number)')
  }
  const version = buffer.readUInt32BE(8)
  if (!READABLE_VERSIONS.includes(version)) {
    throw metadataError(
      path,
      `its format version is ${version}, but this Eddy reads versions ${READABLE_VERSIONS.join(' and ')}`,
      'checkpoint.incompatible-version',
    )
  }
  const body = buffer.subarray(HEADER_BYTES)
  if (crc32(body) !== buffer.readUInt32BE(12)) {
    throw metadataError(path, 'it is truncated or corrupted (checksum mismatch)')
  }
  let decoded: unknown
  try {
    decoded = packr.unpack(body)
  } catch (e: unknown) {
    throw metadataError(
      path,
      `its body does not decode: ${e instanceof Error ? e.message : String(e)}`,
    )
  }
  return { ...validate(decoded, path), formatVersion: version }
}

function validate(value: unknown, path: string): CheckpointMetadata {
  const m = value as Partial<CheckpointMetadata> | null
  if (
    m === null ||
    typeof m !== 'object' ||
    typeof m.jobId !== 'string' ||
    typeof m.checkpointId !== 'number' ||
    typeof m.timestamp !== 'number' ||
    (m.kind !== 'CHECKPOINT' && m.kind !== 'SAVEPOINT') ||
    !Array.isArray(m.operators)
  ) {
    throw metadataError(path, 'its body is not checkpoint metadata')
  }
  for (const op of m.operators as unknown[]) {
    const o = op as Partial<OperatorStateEntry> | null
    if (
      o === null ||
      typeof o.operatorId !== 'string' ||
      typeof o.parallelism !== 'number' ||
      typeof o.maxParallelism !== 'number' ||
      !Array.isArray(o.subtasks)
    ) {
      throw metadataError(path, 'an operator entry is malformed')
    }
  }
  return m as CheckpointMetadata
}

function metadataError(
  path: string,
  reason: string,
  code = 'checkpoint.corrupt-metadata',
): EddyError {
  return new EddyError(`Cannot read checkpoint metadata ${path}: ${reason}`, {
    code,
    domain: 'user',
    failureType: 'NonRecoverableError',
    context: { path },
  })
}
