// Serializes a producer subtask's records for one output edge into per-channel buffers, in-band
// with watermarks and end-of-partition. A buffer is handed to its channel when it passes the
// segment size (records never span buffers, so a large record makes one large buffer), when the
// buffer timeout flushes, or with an event. Flink: RecordWriter + BufferBuilder.
import { DataOutputSerializer } from '../../core/memory/data-output-serializer.js'
import type { TypeSerializer } from '../../core/types/type-serializer.js'
import { isTimeoutable, type CheckpointBarrier } from '../common/checkpoint-barrier.js'
import {
  CHECKPOINT_BARRIER,
  END_OF_PARTITION,
  MIN_WATERMARK,
  RECORD,
  RECORD_IN_KEY_GROUP,
  RECORD_WITH_TIMESTAMP,
  RECORD_WITH_TIMESTAMP_IN_KEY_GROUP,
  WATERMARK,
  WATERMARK_STATUS,
} from '../common/stream-element.js'
import type { ChannelSelector } from './channel-selector.js'
import type { LocalChannel } from './local-channel.js'
import { encodePriorityBarrier, writeBarrierFields } from './priority-barrier.js'

/** Where the last in-order barrier went on each channel, to turn it into a priority one. */
interface SentBarrier {
  readonly barrier: CheckpointBarrier
  /** Per channel, the buffer that ends with the barrier, and where the barrier starts in it. */
  readonly buffers: readonly Uint8Array[]
  readonly offsets: readonly number[]
}

export class RecordWriter {
  private readonly channels: readonly LocalChannel[]
  private readonly builders: DataOutputSerializer[]
  private readonly selector: ChannelSelector
  private readonly serializer: TypeSerializer<unknown>
  private readonly segmentSize: number
  /** Serialized bytes per channel, for the numBytesOut metric. */
  bytesOut = 0
  recordsOut = 0
  /** The last watermark sent, for the currentOutputWatermark metric. */
  lastWatermark = MIN_WATERMARK

  constructor(
    channels: readonly LocalChannel[],
    selector: ChannelSelector,
    serializer: TypeSerializer<unknown>,
    segmentSize: number,
  ) {
    this.channels = channels
    this.selector = selector
    this.serializer = serializer
    this.segmentSize = segmentSize
    this.builders = channels.map(
      () => new DataOutputSerializer(Math.min(segmentSize + 1024, 64 * 1024)),
    )
  }

  emit(value: unknown, timestamp: number): void {
    this.recordsOut++
    const selector = this.selector
    if (selector.isBroadcast) {
      for (let c = 0; c < this.builders.length; c++) this.write(c, value, timestamp, -1)
    } else {
      const channel = selector.selectChannel(value)
      this.write(channel, value, timestamp, selector.lastKeyGroup)
    }
  }

  private write(channel: number, value: unknown, timestamp: number, keyGroup: number): void {
    const out = this.builders[channel]!
    const start = out.position
    const hasTimestamp = timestamp === timestamp
    if (keyGroup >= 0) {
      out.writeByte(hasTimestamp ? RECORD_WITH_TIMESTAMP_IN_KEY_GROUP : RECORD_IN_KEY_GROUP)
      out.writeInt16(keyGroup)
    } else {
      out.writeByte(hasTimestamp ? RECORD_WITH_TIMESTAMP : RECORD)
    }
    if (hasTimestamp) out.writeFloat64(timestamp)
    try {
      this.serializer.serialize(value, out)
    } catch (e: unknown) {
      out.setPosition(start)
      throw e
    }
    if (out.position >= this.segmentSize) this.flushChannel(channel)
  }

  broadcastWatermark(watermark: number): void {
    this.lastWatermark = watermark
    for (const out of this.builders) {
      out.writeByte(WATERMARK)
      out.writeFloat64(watermark)
    }
  }

  broadcastWatermarkStatus(idle: boolean): void {
    for (const out of this.builders) {
      out.writeByte(WATERMARK_STATUS)
      out.writeByte(idle ? 1 : 0)
    }
  }

  /** A checkpoint barrier to every channel, sent at once: the checkpoint waits for it. */
  broadcastCheckpointBarrier(barrier: CheckpointBarrier): void {
    const offsets: number[] = []
    for (const out of this.builders) {
      offsets.push(out.position)
      out.writeByte(CHECKPOINT_BARRIER)
      writeBarrierFields(out, barrier)
    }
    const buffers: Uint8Array[] = []
    for (let c = 0; c < this.builders.length; c++) buffers.push(this.flushChannel(c)!)
    // Only a barrier that may time out is ever turned into a priority one.
    this.sentBarrier = isTimeoutable(barrier) ? { barrier, buffers, offsets } : undefined
  }

  /**
   * An unaligned checkpoint's barrier to every channel, ahead of the buffers queued there.
   * Returns what it overtook, per channel: the producer stores it with its checkpoint.
   */
  broadcastPriorityBarrier(barrier: CheckpointBarrier): Uint8Array[][] {
    this.flushAll()
    const overtaken: Uint8Array[][] = []
    for (const channel of this.channels) {
      overtaken.push(channel.queued())
      channel.pushFirst(encodePriorityBarrier(barrier, 0))
    }
    return overtaken
  }

  /** Sends a restored task's recorded output (per channel) before anything else. */
  restoreOutput(buffers: readonly (readonly Uint8Array[])[]): void {
    buffers.forEach((list, c) => {
      for (const b of list) this.channels[c]!.push(b)
    })
  }

  get numberOfChannels(): number {
    return this.channels.length
  }

  /**
   * The aligned checkpoint `checkpointId` timed out: its barrier, where still queued, moves ahead
   * of the buffers before it as a priority barrier that says how many it overtook; the consumer
   * stores those (the producer's snapshot is taken already). A consumer that has the barrier
   * already switches by itself. Flink: PipelinedSubpartition#alignedBarrierTimeout.
   */
  convertBarrierToPriority(checkpointId: number): void {
    const sent = this.sentBarrier
    if (sent === undefined || sent.barrier.checkpointId !== checkpointId) return
    this.sentBarrier = undefined
    for (let c = 0; c < this.channels.length; c++) {
      const channel = this.channels[c]!
      const buffer = sent.buffers[c]!
      const offset = sent.offsets[c]!
      const index = channel.indexOf(buffer)
      if (index < 0) continue
      channel.replace(index, offset === 0 ? undefined : buffer.subarray(0, offset))
      channel.pushFirst(encodePriorityBarrier(sent.barrier, offset === 0 ? index : index + 1))
    }
  }

  private sentBarrier: SentBarrier | undefined = undefined

  /** The last element of the partition; flushes everything. */
  broadcastEndOfPartition(): void {
    for (const out of this.builders) out.writeByte(END_OF_PARTITION)
    this.flushAll()
  }

  flushAll(): void {
    for (let c = 0; c < this.builders.length; c++) this.flushChannel(c)
  }

  /** Hands the channel's pending bytes to it as a buffer, and returns that buffer. */
  private flushChannel(channel: number): Uint8Array | undefined {
    const out = this.builders[channel]!
    if (out.position === 0) return undefined
    this.bytesOut += out.position
    const buffer = out.toUint8Array()
    this.channels[channel]!.push(buffer)
    out.clear()
    return buffer
  }

  /** True when every channel has credit for another buffer. */
  isAvailable(): boolean {
    for (let c = 0; c < this.channels.length; c++) {
      if (!this.channels[c]!.hasCredit()) return false
    }
    return true
  }

  /** Resolves when every channel has credit. */
  async whenAvailable(): Promise<void> {
    for (const ch of this.channels) await ch.whenCredit()
  }
}
