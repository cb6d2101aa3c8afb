// Reads one logical input: takes a buffer from the gate, decodes its elements (records,
// watermarks, end-of-partition) and hands them to the target, one whole buffer per call.
// Flink: org.apache.flink.streaming.runtime.io.AbstractStreamTaskNetworkInput.
import type { InputStatus } from '../../../api/connector/source/source.js'
import { SerializationError } from '../../../core/errors.js'
import { DataInputDeserializer } from '../../../core/memory/data-input-deserializer.js'
import type { TypeSerializer } from '../../../core/types/type-serializer.js'
import { readBarrierFields } from '../../network/priority-barrier.js'
import {
  CHECKPOINT_BARRIER,
  END_OF_PARTITION,
  MIN_WATERMARK,
  NO_TIMESTAMP,
  PRIORITY_CHECKPOINT_BARRIER,
  RECORD,
  RECORD_IN_KEY_GROUP,
  RECORD_WITH_TIMESTAMP,
  RECORD_WITH_TIMESTAMP_IN_KEY_GROUP,
  StreamRecord,
  WATERMARK,
  WATERMARK_STATUS,
} from '../../common/stream-element.js'
import type { InputGate } from '../../network/input-gate.js'
import type { CheckpointBarrierHandler } from '../checkpointing/checkpoint-barrier-handler.js'
import { StatusWatermarkValve } from './status-watermark-valve.js'
import type { InputTarget } from './stream-input-processor.js'

export class StreamTaskNetworkInput {
  readonly gate: InputGate
  private readonly serializers: readonly TypeSerializer<unknown>[]
  private readonly target: InputTarget
  private readonly valve: StatusWatermarkValve
  private readonly input = new DataInputDeserializer()
  private readonly record = new StreamRecord<unknown>(undefined)
  recordsIn = 0
  /** The input's watermark: the last one the valve let through. */
  inputWatermark = MIN_WATERMARK
  bytesIn = 0
  /** Where barriers go, and this input's gate index there; set by the task when it checkpoints. */
  private barrierHandler: CheckpointBarrierHandler | undefined
  private gateIndex = 0

  constructor(
    gate: InputGate,
    serializers: readonly TypeSerializer<unknown>[],
    target: InputTarget,
  ) {
    this.gate = gate
    this.serializers = serializers
    this.target = target
    this.valve = new StatusWatermarkValve(
      gate.channels.length,
      (wm) => {
        this.inputWatermark = wm
        target.processWatermark(wm)
      },
      (idle) => target.processWatermarkStatus(idle),
    )
  }

  setBarrierHandler(handler: CheckpointBarrierHandler, gateIndex: number): void {
    this.barrierHandler = handler
    this.gateIndex = gateIndex
  }

  isFinished(): boolean {
    return this.gate.isFinishedAll()
  }

  hasData(): boolean {
    return this.gate.hasData()
  }

  getAvailableFuture(): Promise<void> {
    return this.gate.getAvailableFuture()
  }

  /** Processes one buffer, if one is there. */
  processInput(): InputStatus {
    const buffer = this.gate.pollNext()
    if (buffer === null) return this.gate.isFinishedAll() ? 'END_OF_INPUT' : 'NOTHING_AVAILABLE'
    const channel = this.gate.lastChannel
    const handler = this.barrierHandler
    if (handler?.isRecording === true) handler.recordBuffer(this.gateIndex, channel, buffer)
    this.bytesIn += buffer.length
    const input = this.input
    const record = this.record
    const target = this.target
    const serializer = this.serializers[channel]!
    input.setBuffer(buffer)
    while (input.available() > 0) {
      const tag = input.readByte()
      if (
        tag <= RECORD_WITH_TIMESTAMP ||
        tag === RECORD_IN_KEY_GROUP ||
        tag === RECORD_WITH_TIMESTAMP_IN_KEY_GROUP
      ) {
        // Key groups go up to 32767: int16 keeps them non-negative.
        record.keyGroup = tag >= RECORD_IN_KEY_GROUP ? input.readInt16() : -1
        record.timestamp =
          tag === RECORD || tag === RECORD_IN_KEY_GROUP ? NO_TIMESTAMP : input.readFloat64()
        record.value = serializer.deserialize(input)
        this.recordsIn++
        target.processElement(record)
      } else if (tag === WATERMARK) {
        this.valve.inputWatermark(input.readFloat64(), channel)
      } else if (tag === WATERMARK_STATUS) {
        this.valve.inputWatermarkStatus(input.readByte() === 1, channel)
      } else if (tag === CHECKPOINT_BARRIER || tag === PRIORITY_CHECKPOINT_BARRIER) {
        const offset = input.position - 1
        const priority = tag === PRIORITY_CHECKPOINT_BARRIER
        const overtaken = priority ? input.readInt32() : 0
        const barrier = readBarrierFields(input)
        // What follows the barrier on this channel is after the checkpoint: it waits in the
        // gate, behind the channel's block while the barriers align.
        if (input.available() > 0)
          this.gate.putBackRemainder(channel, buffer.subarray(input.position))
        handler?.processBarrier(
          barrier,
          this.gateIndex,
          channel,
          priority,
          overtaken,
          buffer,
          offset,
        )
        break
      } else if (tag === END_OF_PARTITION) {
        this.gate.finishChannel(channel)
        this.valve.channelFinished(channel)
        handler?.processEndOfPartition()
      } else {
        throw new SerializationError(
          `Corrupt network buffer: unknown element tag ${tag} from channel ${channel}`,
          {
            code: 'serialization.corrupt',
            domain: 'internal',
          },
        )
      }
    }
    return this.gate.isFinishedAll() && !this.gate.hasData() ? 'END_OF_INPUT' : 'MORE_AVAILABLE'
  }
}
