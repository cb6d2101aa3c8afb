// The marker a checkpoint sends through the data stream: everything before it on a channel is in
// the checkpoint, everything after it is not. Sources emit it when the coordinator triggers them;
// every task forwards it once it has received it on all its input channels.
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
}

export function encodeCheckpointingMode(mode: CheckpointingMode): number {
  return mode === 'EXACTLY_ONCE' ? 0 : 1
}

export function decodeCheckpointingMode(byte: number): CheckpointingMode {
  return byte === 0 ? 'EXACTLY_ONCE' : 'AT_LEAST_ONCE'
}
