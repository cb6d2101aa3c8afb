// What a task's mailbox loop pulls input from: a source reader or network input gates.
// `processInput` handles a bounded amount of input synchronously and says what is left.
// Flink: org.apache.flink.streaming.runtime.io.StreamInputProcessor.
import type { InputStatus } from '../../../api/connector/source/source.js'
import type { StreamRecord } from '../../common/stream-element.js'
import type { BarrierHandlerListener } from '../checkpointing/checkpoint-barrier-handler.js'

export interface StreamInputProcessor {
  processInput(): InputStatus
  /** Resolves when `processInput` may make progress again. */
  getAvailableFuture(): Promise<void>
  /** Records and bytes read from the network so far (0 for sources), for numRecordsIn/numBytesIn. */
  recordsIn(): number
  bytesIn(): number
  /** The watermark the task's head operator has received last (over all inputs). */
  currentInputWatermark(): number
  /** Where aligned checkpoint barriers are reported (network inputs; sources get none). */
  setBarrierListener(listener: BarrierHandlerListener): void
}

/** Where an input delivers: the head operator's input (1 or 2) or a fused chain entry. */
export interface InputTarget {
  processElement(record: StreamRecord): void
  processWatermark(watermark: number): void
  processWatermarkStatus(idle: boolean): void
}
