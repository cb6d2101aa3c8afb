// The buffer of an unaligned checkpoint's barrier (PRIORITY_CHECKPOINT_BARRIER): written by a
// producer when it puts the barrier ahead of its queued buffers, recognised by the subpartition,
// the data server and the remote channel, which let it pass their queues and credit, and counted
// up by a remote channel when it overtakes buffers there too.
import type { DataInputDeserializer } from '../../core/memory/data-input-deserializer.js'
import { DataOutputSerializer } from '../../core/memory/data-output-serializer.js'
import {
  decodeCheckpointingMode,
  encodeCheckpointingMode,
  type CheckpointBarrier,
} from '../common/checkpoint-barrier.js'
import { PRIORITY_CHECKPOINT_BARRIER } from '../common/stream-element.js'

/** The overtaken count comes right after the tag, so it is found without reading the rest. */
const OVERTAKEN_OFFSET = 1

export function isPriorityBuffer(buffer: Uint8Array): boolean {
  return buffer[0] === PRIORITY_CHECKPOINT_BARRIER
}

/**
 * Writes a barrier's fields after its tag (and, for a priority barrier, its overtaken count): id,
 * timestamp, mode, aligned-checkpoint timeout (-1: none), target and shared state locations ('' for
 * none).
 */
export function writeBarrierFields(out: DataOutputSerializer, barrier: CheckpointBarrier): void {
  out.writeFloat64(barrier.checkpointId)
  out.writeFloat64(barrier.timestamp)
  out.writeByte(encodeCheckpointingMode(barrier.mode))
  out.writeFloat64(barrier.alignedCheckpointTimeoutMs ?? -1)
  out.writeString(barrier.targetLocation ?? '')
  out.writeString(barrier.sharedStateLocation ?? '')
}

/** Reads what writeBarrierFields wrote. */
export function readBarrierFields(input: DataInputDeserializer): CheckpointBarrier {
  const checkpointId = input.readFloat64()
  const timestamp = input.readFloat64()
  const mode = decodeCheckpointingMode(input.readByte())
  const timeout = input.readFloat64()
  const targetLocation = input.readString()
  const sharedStateLocation = input.readString()
  return {
    checkpointId,
    timestamp,
    mode,
    alignedCheckpointTimeoutMs: timeout < 0 ? undefined : timeout,
    targetLocation: targetLocation === '' ? undefined : targetLocation,
    ...(sharedStateLocation === '' ? {} : { sharedStateLocation }),
  }
}

/** A priority barrier that overtook `overtaken` buffers. */
export function encodePriorityBarrier(barrier: CheckpointBarrier, overtaken: number): Uint8Array {
  const out = new DataOutputSerializer(64)
  out.writeByte(PRIORITY_CHECKPOINT_BARRIER)
  out.writeInt32(overtaken)
  writeBarrierFields(out, barrier)
  return out.toUint8Array()
}

/** A copy of a priority barrier buffer that overtook `more` buffers besides. */
export function overtakingMore(buffer: Uint8Array, more: number): Uint8Array {
  const copy = buffer.slice()
  const view = new DataView(copy.buffer, copy.byteOffset, copy.byteLength)
  view.setInt32(OVERTAKEN_OFFSET, view.getInt32(OVERTAKEN_OFFSET) + more)
  return copy
}
