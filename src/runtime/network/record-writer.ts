// Serializes a producer subtask's records for one output edge into per-channel buffers, in-band
// with watermarks and end-of-partition. A buffer is handed to its channel when it passes the
// segment size (records never span buffers, so a large record makes one large buffer), when the
// buffer timeout flushes, or with an event. Flink: RecordWriter + BufferBuilder.
import { DataOutputSerializer } from '../../core/memory/data-output-serializer.js'
import type { TypeSerializer } from '../../core/types/type-serializer.js'
import { encodeCheckpointingMode, type CheckpointBarrier } from '../common/checkpoint-barrier.js'
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
    for (const out of this.builders) {
      out.writeByte(CHECKPOINT_BARRIER)
      out.writeFloat64(barrier.checkpointId)
      out.writeFloat64(barrier.timestamp)
      out.writeByte(encodeCheckpointingMode(barrier.mode))
    }
    this.flushAll()
  }

  /** The last element of the partition; flushes everything. */
  broadcastEndOfPartition(): void {
    for (const out of this.builders) out.writeByte(END_OF_PARTITION)
    this.flushAll()
  }

  flushAll(): void {
    for (let c = 0; c < this.builders.length; c++) this.flushChannel(c)
  }

  private flushChannel(channel: number): void {
    const out = this.builders[channel]!
    if (out.position === 0) return
    this.bytesOut += out.position
    this.channels[channel]!.push(out.toUint8Array())
    out.clear()
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
