// Checkpoints on a file system, in Flink's layout:
//
//   <state.checkpoints.dir>/<job-id>/chk-<n>/_metadata     what the checkpoint holds
//   <state.checkpoints.dir>/<job-id>/chk-<n>/op-<op>-<i>   a subtask's state (see state-file.ts)
//   <state.checkpoints.dir>/<job-id>/shared/               state shared by checkpoints (incremental)
//   <state.checkpoints.dir>/<job-id>/taskowned/            state owned by tasks
//
// `_metadata` is written last, to a temporary name then renamed, so a checkpoint directory without
// it is an incomplete checkpoint and one with it is complete. Flink: FsCheckpointStorageAccess.
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { EddyError } from '../../core/errors.js'
import {
  isStateFileHandle,
  type OperatorSubtaskState,
  type SubtaskStateHandle,
} from '../common/checkpoint-state.js'
import {
  METADATA_FILE,
  METADATA_VERSION,
  decodeMetadata,
  encodeMetadata,
  type CheckpointMetadata,
  type ReadCheckpointMetadata,
  type CoordinatorState,
  type OperatorStateEntry,
} from './checkpoint-metadata.js'
import { SHARED_DIRECTORY, readStateFile, writeStateFile } from './state-file.js'

/** One operator's state at checkpoint time: its shape and each subtask's state. */
export interface OperatorCheckpointState {
  readonly operatorId: string
  readonly operatorName: string
  readonly parallelism: number
  readonly maxParallelism: number
  readonly subtasks: ReadonlyMap<number, SubtaskStateHandle>
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
    await mkdir(this.sharedDirectory, { recursive: true })
    await mkdir(join(this.jobDirectory, 'taskowned'), { recursive: true })
  }

  /** `<dir>/<job-id>/shared`: state files that several checkpoints name (incremental). */
  get sharedDirectory(): string {
    return join(this.jobDirectory, SHARED_DIRECTORY)
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

  /** Deletes files of the shared state directory (no checkpoint names them any more). */
  async discardSharedFiles(files: readonly string[]): Promise<void> {
    for (const file of files) {
      await rm(join(this.sharedDirectory, file), { force: true }).catch(() => undefined)
    }
  }

  /** Deletes a checkpoint's directory (a subsumed or aborted checkpoint). */
  async discardCheckpoint(checkpointId: number): Promise<void> {
    await discardDirectory(this.checkpointDirectory(checkpointId))
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
    for (const [subtask, handle] of [...op.subtasks].sort((a, b) => a[0] - b[0])) {
      // A task wrote its own file into this directory; state that came inline is written here.
      const file = isStateFileHandle(handle)
        ? handle.stateFile
        : stateFileName(op.operatorId, subtask)
      const bytes = isStateFileHandle(handle)
        ? handle.stateSize
        : await writeStateFile(directory, file, handle)
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
  metadata: ReadCheckpointMetadata
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

/** Reads one subtask's state file of a checkpoint whose `_metadata` has `formatVersion`. */
export function readSubtaskState(
  directory: string,
  file: string,
  formatVersion: number = METADATA_VERSION,
): Promise<OperatorSubtaskState> {
  return readStateFile(directory, file, formatVersion)
}

/** Operator ids may hold any character; file names get a safe form. */
export function stateFileName(operatorId: string, subtask: number): string {
  const safe = operatorId.replace(
    /[^A-Za-z0-9_.-]/g,
    (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
  )
  return `op-${safe}-${subtask}`
}

/**
 * Deletes a checkpoint or savepoint directory. A task may still be writing its file into an
 * aborted one, so a directory that is not empty yet is tried again.
 */
export async function discardDirectory(directory: string): Promise<void> {
  await rm(directory, { recursive: true, force: true, maxRetries: 3, retryDelay: 50 })
}
