// The in-band elements of a data stream and the reusable StreamRecord. Records and events travel in
// the same buffers, in order (DESIGN.md §5). A record without a timestamp carries NaN.
// Flink: org.apache.flink.streaming.runtime.streamrecord.{StreamRecord, StreamElement}.

/** Tag bytes of the elements in a buffer. */
export const RECORD = 0
export const RECORD_WITH_TIMESTAMP = 1
export const WATERMARK = 2
export const END_OF_PARTITION = 3
/** A record of a hash-partitioned edge, with the key group the sender computed (u16) first. */
export const RECORD_IN_KEY_GROUP = 4
export const RECORD_WITH_TIMESTAMP_IN_KEY_GROUP = 5
/** A WatermarkStatus change: one byte follows, 1 = IDLE, 0 = ACTIVE. */
export const WATERMARK_STATUS = 6
/**
 * A checkpoint barrier: the checkpoint id (float64), its trigger timestamp (float64), its mode
 * (one byte, see CheckpointBarrier) and its aligned-checkpoint timeout (float64 ms, -1 for none)
 * follow.
 */
export const CHECKPOINT_BARRIER = 7
/**
 * An unaligned checkpoint's barrier, alone in its buffer: the fields of CHECKPOINT_BARRIER, then
 * how many of the buffers after it the consumer stores with its checkpoint (int32): those it
 * overtook in the consumer's queue, and those in the producer's queue when an aligned barrier
 * turned priority after the producer's snapshot. (The buffers it overtakes in the producer's
 * queue at the producer's snapshot are stored by the producer.) It jumps the queues of its
 * subpartition and channel and needs no credit. Flink: a priority CheckpointBarrier event.
 */
export const PRIORITY_CHECKPOINT_BARRIER = 8

export const NO_TIMESTAMP = Number.NaN
/** Flink's Long.MIN_VALUE / Long.MAX_VALUE watermarks. */
export const MIN_WATERMARK = Number.NEGATIVE_INFINITY
export const MAX_WATERMARK = Number.POSITIVE_INFINITY

/**
 * A record flowing through an operator chain. Operators may keep the value but never the record:
 * the runtime reuses one StreamRecord per edge (as Flink's object-reuse mode).
 */
export class StreamRecord<T = unknown> {
  value: T
  /** NaN when the record has no timestamp. */
  timestamp: number
  /**
   * The key group its sender computed on a hash-partitioned edge, so a keyed operator with the
   * same key selector need not hash the key again; -1 when unknown.
   */
  keyGroup = -1

  constructor(value: T, timestamp = NO_TIMESTAMP) {
    this.value = value
    this.timestamp = timestamp
  }

  hasTimestamp(): boolean {
    return this.timestamp === this.timestamp
  }

  /** The timestamp as user functions see it: null when there is none. */
  getTimestampOrNull(): number | null {
    return this.timestamp === this.timestamp ? this.timestamp : null
  }
}
