// The marker a checkpoint sends through the data stream: everything before it on a channel is in
// the checkpoint, everything after it is not. Sources emit it when the coordinator triggers them;
// every task forwards it once it has received it on all its input channels (aligned), or at the
// first one, overtaking the data in flight, which is then stored with the checkpoint (unaligned).
// Flink: org.apache.flink.runtime.io.network.api.CheckpointBarrier (+ CheckpointOptions).

/**
 * EXACTLY_ONCE aligns: a channel that delivered the barrier is blocked until every channel has.
 * AT_LEAST_ONCE does not block; records after the barrier may be in the state and replayed.
 */
export type CheckpointingMode = 'EXACTLY_ONCE' | 'AT_LEAST_ONCE'

export interface CheckpointBarrier {
  readonly checkpointId: number
  /** When the coordinator triggered the checkpoint (epoch ms). */
  readonly timestamp: number
  readonly mode: CheckpointingMode
  /**
   * How long after `timestamp` an EXACTLY_ONCE checkpoint may stay aligned before it switches to
   * unaligned (execution.checkpointing.aligned-checkpoint-timeout): 0 starts it unaligned;
   * undefined never switches (unaligned checkpoints disabled, savepoints, AT_LEAST_ONCE).
   */
  readonly alignedCheckpointTimeoutMs?: number | undefined
  /**
   * A stop-with-savepoint's savepoint: sources emit nothing after its barrier, and then end (with
   * --drain) or are cancelled once it completes, or resume if it fails. Flink: a synchronous
   * SavepointType.
   */
  readonly isSynchronousSavepoint?: boolean | undefined
  /**
   * The directory tasks write their state files into: the checkpoint's `chk-<n>` or the
   * savepoint's. Undefined: the checkpoint has no directory (the JobManager keeps it), and state
   * goes inline in the acknowledgement. Flink: CheckpointStorageLocationReference.
   */
  readonly targetLocation?: string | undefined
  /**
   * The directory for state that later checkpoints may name too (incremental checkpoints):
   * `<job>/shared` for a checkpoint with a directory, undefined for a savepoint, which must be
   * self-contained. Flink: the shared state directory of FsCheckpointStorageAccess.
   */
  readonly sharedStateLocation?: string | undefined
}

/** Whether the barrier starts unaligned: it overtakes the data in flight from the source on. */
export function isUnalignedFromStart(barrier: CheckpointBarrier): boolean {
  return barrier.mode === 'EXACTLY_ONCE' && barrier.alignedCheckpointTimeoutMs === 0
}

/** Whether an aligned barrier turns unaligned once its timeout passes. */
export function isTimeoutable(barrier: CheckpointBarrier): boolean {
  const timeout = barrier.alignedCheckpointTimeoutMs
  return barrier.mode === 'EXACTLY_ONCE' && timeout !== undefined && timeout > 0
}

/** Milliseconds until a timeoutable barrier's alignment times out, from `nowMs` (epoch ms). */
export function alignmentTimerDelay(barrier: CheckpointBarrier, nowMs: number): number {
  return Math.max(0, (barrier.alignedCheckpointTimeoutMs ?? 0) - (nowMs - barrier.timestamp))
}

export function encodeCheckpointingMode(mode: CheckpointingMode): number {
  return mode === 'EXACTLY_ONCE' ? 0 : 1
}

export function decodeCheckpointingMode(byte: number): CheckpointingMode {
  return byte === 0 ? 'EXACTLY_ONCE' : 'AT_LEAST_ONCE'
}
