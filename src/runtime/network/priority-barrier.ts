// The buffer of an unaligned checkpoint's barrier (PRIORITY_CHECKPOINT_BARRIER): written by a
// producer when it puts the barrier ahead of its queued buffers, recognised by the subpartition,
// the data server and the remote channel, which let it pass their queues and credit, and counted
// up by a remote channel when it overtakes buffers there too.
import { DataOutputSerializer } from '../../core/memory/data-output-serializer.js'
import { encodeCheckpointingMode, type CheckpointBarrier } from '../common/checkpoint-barrier.js'
import { PRIORITY_CHECKPOINT_BARRIER } from '../common/stream-element.js'

/** Tag, id, timestamp, mode, timeout: then the overtaken count. */
const OVERTAKEN_OFFSET = 1 + 8 + 8 + 1 + 8

export function isPriorityBuffer(buffer: Uint8Array): boolean {
  return buffer[0] === PRIORITY_CHECKPOINT_BARRIER
}

/** Writes a barrier's fields after its tag (CHECKPOINT_BARRIER's layout). */
export function writeBarrierFields(out: DataOutputSerializer, barrier: CheckpointBarrier): void {
  out.writeFloat64(barrier.checkpointId)
  out.writeFloat64(barrier.timestamp)
  out.writeByte(encodeCheckpointingMode(barrier.mode))
  out.writeFloat64(barrier.alignedCheckpointTimeoutMs ?? -1)
}

/** A priority barrier that overtook `overtaken` buffers. */
export function encodePriorityBarrier(barrier: CheckpointBarrier, overtaken: number): Uint8Array {
  const out = new DataOutputSerializer(OVERTAKEN_OFFSET + 4)
  out.writeByte(PRIORITY_CHECKPOINT_BARRIER)
  writeBarrierFields(out, barrier)
  out.writeInt32(overtaken)
  return out.toUint8Array()
}

/** A copy of a priority barrier buffer that overtook `more` buffers besides. */
export function overtakingMore(buffer: Uint8Array, more: number): Uint8Array {
  const copy = buffer.slice()
  const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength)
  view.setInt32(OVERTAKEN_OFFSET, view.getInt32(OVERTAKEN_OFFSET) + more)
  return copy
}
