// Checkpoints on a file system, in Flink's layout:
//
//   <state.checkpoints.dir>/<job-id>/chk-<n>/_metadata     what the checkpoint holds
//   <state.checkpoints.dir>/<job-id>/chk-<n>/op-<op>-<i>   a subtask's state: CRC-32, then MessagePack
//   <state.checkpoints.dir>/<job-id>/shared/               state shared by checkpoints (incremental)
//   <state.checkpoints.dir>/<job-id>/taskowned/            state owned by tasks
//
// `_metadata` is written last, to a temporary name then renamed, so a checkpoint directory without
// it is an incomplete checkpoint and one with it is complete. Flink: FsCheckpointStorageAccess.
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { Packr } from 'msgpackr'
import { EddyError } from '../../core/errors.js'
import type { OperatorSubtaskState } from '../common/checkpoint-state.js'
import {
  METADATA_FILE,
  decodeMetadata,
  encodeMetadata,
  type CheckpointMetadata,
  type CoordinatorState,
  type OperatorStateEntry,
} from './checkpoint-metadata.js'

const packr = new Packr({ useRecords: false, moreTypes: true })

/** One operator's state at checkpoint time: its shape and each subtask's state. */
export interface OperatorCheckpointState {
  readonly operatorId: string
  readonly operatorName: string
  readonly parallelism: number
  readonly maxParallelism: number
  readonly subtasks: ReadonlyMap<number, OperatorSubtaskState>
  /** The state of the operator's coordinator (a source's split enumerator), if it has one. */
  readonly coordinatorState?: CoordinatorState | undefined
}

export class FsCheckpointStorage {
  /** `<dir>/<job-id>` */
  readonly jobDirectory: string

  constructor(checkpointsDirectory: string, jobId: string) {
    this.jobDirectory = join(checkpointsDirectory, jobId)
  }

  async initialize(): Promise<void> {
    await mkdir(join(this.jobDirectory, 'shared'), { recursive: true })
    await mkdir(join(this.jobDirectory, 'taskowned'), { recursive: true })
  }

  checkpointDirectory(checkpointId: number): string {
    return join(this.jobDirectory, `chk-${checkpointId}`)
  }

  /** Writes the state files, then `_metadata` atomically; returns the checkpoint's directory. */
  writeCheckpoint(
    header: Omit<CheckpointMetadata, 'operators'>,
    operators: readonly OperatorCheckpointState[],
  ): Promise<{ directory: string; bytes: number }> {
    return writeCheckpointTo(this.checkpointDirectory(header.checkpointId), header, operators)
  }

  /** Deletes a checkpoint's directory (a subsumed or aborted checkpoint). */
  async discardCheckpoint(checkpointId: number): Promise<void> {
    await rm(this.checkpointDirectory(checkpointId), { recursive: true, force: true })
  }
}

/**
 * Writes a checkpoint or savepoint into `directory`: the state files, then `_metadata`
 * atomically. A savepoint directory is self-contained: everything it needs is inside it.
 */
export async function writeCheckpointTo(
  directory: string,
  header: Omit<CheckpointMetadata, 'operators'>,
  operators: readonly OperatorCheckpointState[],
): Promise<{ directory: string; bytes: number }> {
  await mkdir(directory, { recursive: true })
  let total = 0
  const entries: OperatorStateEntry[] = []
  for (const op of operators) {
    const subtasks = []
    for (const [subtask, state] of [...op.subtasks].sort((a, b) => a[0] - b[0])) {
      const file = `op-${safeName(op.operatorId)}-${subtask}`
      const parts = await encodeSubtaskState(state)
      const handle = await open(join(directory, file), 'w')
      try {
        await handle.writev(parts)
      } finally {
        await handle.close()
      }
      const bytes = parts[0].length + parts[1].length
      total += bytes
      subtasks.push({ subtask, file, bytes })
    }
    entries.push({
      operatorId: op.operatorId,
      operatorName: op.operatorName,
      parallelism: op.parallelism,
      maxParallelism: op.maxParallelism,
      subtasks,
      ...(op.coordinatorState === undefined ? {} : { coordinatorState: op.coordinatorState }),
    })
  }
  const metadata = encodeMetadata({ ...header, operators: entries })
  const temporary = join(directory, `${METADATA_FILE}.inprogress`)
  const handle = await open(temporary, 'w')
  try {
    await handle.writeFile(metadata)
    await handle.sync()
  } finally {
    await handle.close()
  }
  await rename(temporary, join(directory, METADATA_FILE))
  return { directory, bytes: total + metadata.length }
}

/** Reads a checkpoint's or savepoint's `_metadata` from its directory (or the file itself). */
export async function readCheckpointMetadata(path: string): Promise<{
  directory: string
  metadata: CheckpointMetadata
}> {
  const isFile = path.endsWith(METADATA_FILE)
  const directory = isFile ? path.slice(0, -METADATA_FILE.length - 1) : path
  const file = isFile ? path : join(path, METADATA_FILE)
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (e: unknown) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT'
    throw new EddyError(
      missing
        ? `No checkpoint at ${path}: ${file} does not exist (an incomplete checkpoint, or a wrong path)`
        : `Cannot read checkpoint metadata ${file}: ${e instanceof Error ? e.message : String(e)}`,
      { code: 'checkpoint.not-found', domain: 'user', failureType: 'NonRecoverableError' },
    )
  }
  return { directory, metadata: decodeMetadata(bytes, file) }
}

/** Reads one subtask's state file of a checkpoint. */
export async function readSubtaskState(
  directory: string,
  file: string,
): Promise<OperatorSubtaskState> {
  const path = join(directory, file)
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (e: unknown) {
    throw new EddyError(
      `Cannot read checkpoint state file ${path}: ${e instanceof Error ? e.message : String(e)}`,
      { code: 'checkpoint.missing-state', domain: 'user', failureType: 'NonRecoverableError' },
    )
  }
  const corrupt = (why: string): EddyError =>
    new EddyError(`Checkpoint state file ${path} is truncated or corrupted: ${why}`, {
      code: 'checkpoint.corrupt-state',
      domain: 'user',
      failureType: 'NonRecoverableError',
      context: { path },
    })
  if (bytes.length < 4 || crc32(bytes.subarray(4)) !== bytes.readUInt32BE(0)) {
    throw corrupt('checksum mismatch')
  }
  try {
    return packr.unpack(bytes.subarray(4)) as OperatorSubtaskState
  } catch (e: unknown) {
    throw corrupt(e instanceof Error ? e.message : String(e))
  }
}

/**
 * A state file: CRC-32 of the body (u32 big-endian), then the MessagePack body. The checksum of
 * a large body is computed a chunk per turn of the event loop: in a MiniCluster the tasks share
 * this thread.
 */
async function encodeSubtaskState(state: OperatorSubtaskState): Promise<[Buffer, Buffer]> {
  const body = packr.pack(state)
  let crc = 0
  for (let start = 0; start < body.length; start += CHECKSUM_CHUNK_BYTES) {
    if (start > 0) await new Promise((resolve) => setImmediate(resolve))
    crc = crc32(body.subarray(start, start + CHECKSUM_CHUNK_BYTES), crc)
  }
  const header = Buffer.alloc(4)
  header.writeUInt32BE(crc, 0)
  return [header, body]
}

const CHECKSUM_CHUNK_BYTES = 1 << 20

/** Operator ids may hold any character; file names get a safe form. */
function safeName(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}
