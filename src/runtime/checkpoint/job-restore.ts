// Starting a job from a savepoint or retained checkpoint: reads its `_metadata` and state files,
// matches its operators to the job's by operator id (uid), and hands each new subtask its share:
// keyed state and timers of the old subtasks (the new backend keeps the key groups it owns),
// operator state and source splits redistributed over the new parallelism, and the enumerator's
// state. An operator in the savepoint that the job no longer has is an error naming it, unless
// unclaimed state may be ignored (--allowNonRestoredState). Given a job's checkpoint directory
// (`<state.checkpoints.dir>/<job-id>`) instead of one checkpoint, it restores the newest retained
// checkpoint that reads cleanly, falling back past ones that are truncated, corrupted or of
// another format version (as Flink's checkpoint store recovery does), and says what it skipped.
// Flink: Checkpoints#loadAndValidateCheckpoint, StateAssignmentOperation.
import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { EddyError } from '../../core/errors.js'
import {
  isStateFileHandle,
  type OperatorSubtaskState,
  type RestoredOperatorState,
} from '../common/checkpoint-state.js'

export type { RestoredOperatorState } from '../common/checkpoint-state.js'
import type { OperatorStateContents } from '../state/snapshot/operator-state-contents.js'
import { redistributeOperatorState } from '../state/snapshot/operator-state-redistribution.js'
import { METADATA_FILE, type CoordinatorState } from './checkpoint-metadata.js'
import type { CheckpointedOperator, CompletedCheckpoint } from './checkpoint-coordinator.js'
import { readCheckpointMetadata, readSubtaskState } from './fs-checkpoint-storage.js'

interface RestoredOperator {
  readonly parallelism: number
  readonly subtasks: readonly (OperatorSubtaskState | undefined)[]
  readonly coordinatorState: CoordinatorState | undefined
}

/** Errors of a checkpoint's own files, which a restore from a job's directory falls back past. */
const UNREADABLE_CHECKPOINT = new Set([
  'checkpoint.not-found',
  'checkpoint.corrupt-metadata',
  'checkpoint.incompatible-version',
  'checkpoint.missing-state',
  'checkpoint.corrupt-state',
])

export class JobRestore {
  readonly path: string
  readonly checkpointId: number
  /** Newer checkpoints of a job directory that could not be read, each with why. */
  readonly skipped: readonly string[]
  private readonly operators: ReadonlyMap<string, RestoredOperator>

  private constructor(
    path: string,
    checkpointId: number,
    operators: ReadonlyMap<string, RestoredOperator>,
    skipped: readonly string[] = [],
  ) {
    this.path = path
    this.checkpointId = checkpointId
    this.operators = operators
    this.skipped = skipped
  }

  /**
   * Loads the savepoint or checkpoint at `path` for a job with `operators`; a job's checkpoint
   * directory restores its newest readable checkpoint. Throws an EddyError naming the file, or
   * the operator whose state has no place in the job.
   */
  static async load(
    path: string,
    operators: readonly CheckpointedOperator[],
    allowNonRestoredState: boolean,
  ): Promise<JobRestore> {
    const checkpoints = await retainedCheckpoints(path)
    if (checkpoints.length === 0) return JobRestore.loadOne(path, operators, allowNonRestoredState)
    const skipped: string[] = []
    for (const checkpoint of checkpoints) {
      try {
        const restore = await JobRestore.loadOne(checkpoint, operators, allowNonRestoredState)
        return new JobRestore(restore.path, restore.checkpointId, restore.operators, skipped)
      } catch (e: unknown) {
        if (!(e instanceof EddyError) || !UNREADABLE_CHECKPOINT.has(e.code)) throw e
        skipped.push(e.message)
      }
    }
    throw new EddyError(
      `No checkpoint in ${path} can be restored:\n${skipped.map((s) => `  ${s}`).join('\n')}`,
      { code: 'checkpoint.not-found', domain: 'user', failureType: 'NonRecoverableError' },
    )
  }

  private static async loadOne(
    path: string,
    operators: readonly CheckpointedOperator[],
    allowNonRestoredState: boolean,
  ): Promise<JobRestore> {
    const { directory, metadata } = await readCheckpointMetadata(path)
    const byId = new Map(operators.map((o) => [o.operatorId, o]))
    const restored = new Map<string, RestoredOperator>()
    for (const entry of metadata.operators) {
      const operator = byId.get(entry.operatorId)
      if (operator === undefined) {
        if (allowNonRestoredState) continue
        throw new EddyError(
          `Failed to rollback to checkpoint/savepoint ${path}. Cannot map checkpoint/savepoint ` +
            `state for operator ${entry.operatorId} (${entry.operatorName}) to the new program, ` +
            'because the operator is not available in the new program. If you want to allow to ' +
            'skip this, you can set the --allowNonRestoredState option on the CLI.',
          {
            code: 'checkpoint.unmapped-state',
            domain: 'user',
            failureType: 'NonRecoverableError',
            context: { operatorId: entry.operatorId },
          },
        )
      }
      if (operator.maxParallelism !== entry.maxParallelism) {
        throw new EddyError(
          `Cannot restore operator ${entry.operatorId} (${entry.operatorName}) from ${path}: its ` +
            `state was taken with max parallelism ${entry.maxParallelism}, but the job has ` +
            `${operator.maxParallelism}; the max parallelism of a stateful operator cannot change`,
          {
            code: 'checkpoint.max-parallelism-changed',
            domain: 'user',
            failureType: 'NonRecoverableError',
          },
        )
      }
      const subtasks = new Array<OperatorSubtaskState | undefined>(entry.parallelism).fill(
        undefined,
      )
      for (const s of entry.subtasks)
        subtasks[s.subtask] = await readSubtaskState(directory, s.file, metadata.formatVersion)
      restored.set(entry.operatorId, {
        parallelism: entry.parallelism,
        subtasks,
        coordinatorState: entry.coordinatorState,
      })
    }
    return new JobRestore(path, metadata.checkpointId, restored)
  }

  /**
   * A restore for failover from the newest of the checkpoints this job completed (oldest first),
   * with the files its tasks wrote read back; undefined when there is none. There is no falling
   * back to an older one: the newest was notified complete, so sinks have committed up to it and
   * the source coordinators forgot what they had assigned before it (as in Flink). Throws, naming
   * the file, when it cannot be read.
   */
  static async fromCompletedCheckpoints(
    checkpoints: readonly CompletedCheckpoint[],
  ): Promise<JobRestore | undefined> {
    const newest = checkpoints[checkpoints.length - 1]
    return newest === undefined ? undefined : JobRestore.fromCompletedCheckpoint(newest)
  }

  /** A checkpoint as the coordinator holds it, with the files the tasks wrote read back. */
  private static async fromCompletedCheckpoint(
    checkpoint: CompletedCheckpoint,
  ): Promise<JobRestore> {
    const operators = new Map<string, RestoredOperator>()
    for (const op of checkpoint.operators) {
      const subtasks = new Array<OperatorSubtaskState | undefined>(op.parallelism).fill(undefined)
      for (const [index, handle] of op.subtasks) {
        subtasks[index] = isStateFileHandle(handle)
          ? await readSubtaskState(checkpoint.directory!, handle.stateFile)
          : handle
      }
      operators.set(op.operatorId, {
        parallelism: op.parallelism,
        subtasks,
        coordinatorState: op.coordinatorState,
      })
    }
    return new JobRestore(
      checkpoint.directory ?? `checkpoint ${checkpoint.checkpointId}`,
      checkpoint.checkpointId,
      operators,
    )
  }

  /** The enumerator state of a source operator, if the savepoint has one. */
  coordinatorStateOf(operatorId: string): CoordinatorState | undefined {
    return this.operators.get(operatorId)?.coordinatorState
  }

  /** What subtask `subtaskIndex` of `newParallelism` restores of the operator, if anything. */
  stateFor(
    operatorId: string,
    newParallelism: number,
    subtaskIndex: number,
  ): RestoredOperatorState | undefined {
    const op = this.operators.get(operatorId)
    if (op === undefined) return undefined
    const rescaled = newParallelism !== op.parallelism
    const hasChannelState = (s: OperatorSubtaskState | undefined): boolean =>
      s?.inputChannelState !== undefined || s?.resultSubpartitionState !== undefined
    if (rescaled && op.subtasks.some(hasChannelState)) {
      throw new EddyError(
        `Cannot restore operator ${operatorId} from ${this.path} at parallelism ` +
          `${newParallelism}: it is an unaligned checkpoint holding in-flight data of the ` +
          `operator's ${op.parallelism} subtasks, and Eddy restores such data only at the ` +
          'parallelism it was taken at. Restore at that parallelism, or from a savepoint ' +
          '(savepoints are always aligned).',
        {
          code: 'checkpoint.unaligned-rescale',
          domain: 'user',
          failureType: 'NonRecoverableError',
          context: { operatorId },
        },
      )
    }
    const present = op.subtasks.filter((s): s is OperatorSubtaskState => s !== undefined)
    const splits = op.subtasks.flatMap((s) =>
      (s?.sourceSplits?.splits ?? []).map((split) => ({
        version: s!.sourceSplits!.version,
        split,
      })),
    )
    return {
      // An old subtask's snapshots of changes follow its full snapshot, in order.
      keyedState: present.flatMap((s) =>
        s.keyedState === undefined ? [] : [s.keyedState, ...(s.keyedStateChanges ?? [])],
      ),
      timers: present.flatMap((s) => (s.timers === undefined ? [] : [s.timers])),
      operatorState: op.subtasks.map((s) => s?.operatorState ?? null),
      sourceSplits:
        newParallelism === op.parallelism
          ? (op.subtasks[subtaskIndex]?.sourceSplits?.splits ?? []).map((split) => ({
              version: op.subtasks[subtaskIndex]!.sourceSplits!.version,
              split,
            }))
          : evenShare(splits, newParallelism, subtaskIndex),
      inputChannelState: op.subtasks[subtaskIndex]?.inputChannelState,
      resultSubpartitionState: op.subtasks[subtaskIndex]?.resultSubpartitionState,
    }
  }
}

/**
 * The `chk-<n>` directories under `path`, newest first, when `path` is a job's checkpoint
 * directory (it has no `_metadata` of its own); else none.
 */
async function retainedCheckpoints(path: string): Promise<string[]> {
  let names: string[]
  try {
    if ((await stat(path)).isFile()) return []
    names = await readdir(path)
  } catch {
    return []
  }
  if (names.includes(METADATA_FILE)) return []
  return names
    .map((name) => /^chk-(\d+)$/.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .sort((a, b) => Number(b[1]) - Number(a[1]))
    .map((m) => join(path, m[0]))
}

/** Contiguous, near-equal shares in order, the first ones one longer (as even-split state). */
function evenShare<T>(items: readonly T[], parts: number, index: number): T[] {
  const base = Math.floor(items.length / parts)
  const extra = items.length % parts
  const start = index * base + Math.min(index, extra)
  return items.slice(start, start + base + (index < extra ? 1 : 0))
}

/** The operator state subtask `subtaskIndex` of `parallelism` restores, redistributed. */
export function operatorStateShare(
  restored: RestoredOperatorState,
  parallelism: number,
  subtaskIndex: number,
): OperatorStateContents[] {
  if (restored.operatorState.every((s) => s === null)) return []
  return redistributeOperatorState(
    restored.operatorState.map((s) => s ?? undefined),
    parallelism,
    subtaskIndex,
  )
}
