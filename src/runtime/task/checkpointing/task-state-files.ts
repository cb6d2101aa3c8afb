// A task's part of a checkpoint with a directory: every operator's state goes to its own file
// there, and the acknowledgement carries only the files' names and sizes, so the JobManager never
// holds (or copies, or sends on) the state itself. Flink: the task's CheckpointStreamFactory writing
// FileStateHandles in AsyncCheckpointRunnable.
import type {
  OperatorSubtaskState,
  StateFileHandle,
  TaskStateSnapshot,
} from '../../common/checkpoint-state.js'
import { stateFileName } from '../../checkpoint/fs-checkpoint-storage.js'
import { writeStateFile } from '../../checkpoint/state-file.js'

/** Writes each operator's state into `directory`; resolves with the handles to acknowledge. */
export async function writeTaskStateFiles(
  directory: string,
  subtaskIndex: number,
  operators: Readonly<Record<string, OperatorSubtaskState>>,
): Promise<TaskStateSnapshot> {
  const handles: Record<string, StateFileHandle> = {}
  for (const [operatorId, state] of Object.entries(operators)) {
    const file = stateFileName(operatorId, subtaskIndex)
    const chain = state.keyedStateChain
    const keyedBytes = state.keyedStateFile?.size ?? chain?.[chain.length - 1]?.size ?? 0
    handles[operatorId] = {
      stateFile: file,
      stateSize: (await writeStateFile(directory, file, state)) + keyedBytes,
      ...(chain === undefined
        ? {}
        : {
            sharedStateFiles: chain.map((f) => f.file),
            sharedStateBase: state.keyedStateChainBase ?? 0,
          }),
    }
  }
  return { operators: handles }
}

/** The file an operator's keyed state streams to, beside its state file (which names it). */
export function keyedStateFileName(operatorId: string, subtaskIndex: number): string {
  return `${stateFileName(operatorId, subtaskIndex)}.keyed`
}
