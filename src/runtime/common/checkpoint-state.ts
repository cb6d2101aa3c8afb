// What a task hands its checkpoint coordinator when it acknowledges a checkpoint: the state of each
// operator of its chain, keyed by operator id, as a handle to the file the task wrote or (without
// a checkpoint directory) as opaque bytes by kind. Plain data, so it crosses RPC as it is.
// Flink: TaskStateSnapshot / OperatorSubtaskState.

/** One operator's state in one subtask. A kind the operator does not have is left out. */
export interface OperatorSubtaskState {
  /** Keyed state, written key group by key group. */
  readonly keyedState?: Uint8Array
  /**
   * Keyed state that the task streamed to a file of its own in the checkpoint's directory as it
   * wrote it (instead of `keyedState`); reading the state file brings it back as `keyedState`.
   */
  readonly keyedStateFile?: KeyedStateFile
  /**
   * Incremental checkpoints: keyed state as a chain of files in the job's directory for shared
   * state (`<job>/shared`), a full snapshot then snapshots of changes, which other checkpoints
   * may name too; reading the state file brings it back as `keyedState` and `keyedStateChanges`.
   */
  readonly keyedStateChain?: readonly KeyedStateFile[]
  /** With `keyedStateChain`: the oldest checkpoint whose chain later snapshots may extend. */
  readonly keyedStateChainBase?: number
  /** Snapshots of changes, restored in order after `keyedState`. */
  readonly keyedStateChanges?: readonly Uint8Array[]
  /** Event- and processing-time timers, by key group. */
  readonly timers?: Uint8Array
  /** Operator list, union and broadcast state. */
  readonly operatorState?: Uint8Array
  /** A source reader's splits, in its split serializer's format. */
  readonly sourceSplits?: { readonly version: number; readonly splits: readonly Uint8Array[] }
  /** The task's in-flight input data of an unaligned checkpoint (on the chain's head operator). */
  readonly inputChannelState?: InputChannelState
  /** The task's in-flight output data of an unaligned checkpoint (on the chain's head operator). */
  readonly resultSubpartitionState?: ResultSubpartitionState
}

/** A keyed state snapshot in a file of its own, named relative to the checkpoint's directory. */
export interface KeyedStateFile {
  readonly file: string
  readonly size: number
}

/**
 * What an unaligned checkpoint stores of a task's output in flight: per output (record writer,
 * in the chain's order), per subpartition, the buffers its barrier overtook. A restored task
 * sends them before anything else. Flink: ResultSubpartitionStateHandle.
 */
export interface ResultSubpartitionState {
  readonly checkpointId: number
  readonly outputs: readonly (readonly (readonly Uint8Array[])[])[]
}

/**
 * What an unaligned checkpoint stores of a task's input in flight: per input gate, per channel,
 * the buffers that were before the barrier in the stream but reached the task after its snapshot
 * (those its barrier overtook in the task's own queue, and those read before a later barrier).
 * A restored task reads them before anything else. Buffers hold whole elements, as on the wire.
 * Flink: InputChannelStateHandle.
 */
export interface InputChannelState {
  readonly checkpointId: number
  readonly gates: readonly (readonly (readonly Uint8Array[])[])[]
}

/**
 * An operator subtask's state that the task wrote to a file in the checkpoint's (or savepoint's)
 * directory, as the barrier's target location said; `file` is relative to that directory.
 * Flink: a FileStateHandle.
 */
export interface StateFileHandle {
  readonly stateFile: string
  /** The bytes this checkpoint wrote for the subtask (of a chain, its newest file only). */
  readonly stateSize: number
  /** The files in the job's shared state directory the state names (incremental checkpoints). */
  readonly sharedStateFiles?: readonly string[]
  /**
   * Incremental checkpoints: the oldest checkpoint whose chain of files the subtask's next
   * snapshots may extend (the last it knew completed, or this one when it knew none).
   */
  readonly sharedStateBase?: number
}

/**
 * What a task hands over of one operator: the state itself when the checkpoint has no directory
 * (checkpoints kept by the JobManager), else the file it wrote. Flink: a ByteStreamStateHandle or
 * a FileStateHandle.
 */
export type SubtaskStateHandle = OperatorSubtaskState | StateFileHandle

export function isStateFileHandle(handle: SubtaskStateHandle): handle is StateFileHandle {
  return typeof (handle as Partial<StateFileHandle>).stateFile === 'string'
}

export interface TaskStateSnapshot {
  /** By operator id (its uid, or a generated stable id). */
  readonly operators: Readonly<Record<string, SubtaskStateHandle>>
}

/** Timing of a task's part of a checkpoint, for the checkpoint statistics. */
export interface CheckpointMetrics {
  /** Time from the first barrier to the last (0 for sources), ms. */
  readonly alignmentDurationMs: number
  /** Time the task spent taking its snapshot on its own thread, ms. */
  readonly syncDurationMs: number
  /** Whether the task took the checkpoint unaligned, and the in-flight bytes it stored then. */
  readonly unaligned?: boolean
  readonly persistedDataBytes?: number
}

/** How a task reports on a checkpoint. In process a direct call; across processes an RPC. */
export interface CheckpointResponder {
  acknowledgeCheckpoint(
    checkpointId: number,
    state: TaskStateSnapshot,
    metrics: CheckpointMetrics,
  ): void
  declineCheckpoint(checkpointId: number, reason: string): void
}

/**
 * What one subtask of one operator restores. Plain data (bytes), so that a JobMaster can send it
 * to a TaskManager in the task's deployment.
 */
export interface RestoredOperatorState {
  /** The keyed-state snapshots of every old subtask; the backend reads its own key groups. */
  readonly keyedState: readonly Uint8Array[]
  readonly timers: readonly Uint8Array[]
  /** Every old subtask's operator state; the subtask takes its share (see operatorStateShare). */
  readonly operatorState: readonly (Uint8Array | null)[]
  /** Source splits, each with its serializer version. */
  readonly sourceSplits: readonly { readonly version: number; readonly split: Uint8Array }[]
  /** The head operator's in-flight data of an unaligned checkpoint (same parallelism only). */
  readonly inputChannelState?: InputChannelState | undefined
  readonly resultSubpartitionState?: ResultSubpartitionState | undefined
}

/**
 * What a sink operator of a finished task still has to commit (Sink V2 committables, written by
 * the sink's committable serializer at `version`). With checkpointing, a task that reaches the end
 * of its input leaves these for the job's end: they are committed once every task has finished,
 * because until then a failure restores the last checkpoint, which does not include them.
 */
export interface FinalCommittables {
  readonly version: number
  readonly committables: readonly Uint8Array[]
}
