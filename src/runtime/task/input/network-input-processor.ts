// Drives the network inputs of a one- or two-input task: takes a buffer from whichever input has
// data, alternating when both do. Flink: StreamOneInputProcessor / StreamMultipleInputProcessor.
import type { InputStatus } from '../../../api/connector/source/source.js'
import type { InputChannelState } from '../../common/checkpoint-state.js'
import type { StreamInputProcessor } from './stream-input-processor.js'
import type { StreamTaskNetworkInput } from './stream-task-network-input.js'
import { checkChannelStateShape } from '../checkpointing/channel-state-shape.js'
import {
  CheckpointBarrierHandler,
  type BarrierHandlerListener,
} from '../checkpointing/checkpoint-barrier-handler.js'

export class NetworkInputProcessor implements StreamInputProcessor {
  private readonly inputs: readonly StreamTaskNetworkInput[]
  private next = 0
  /** The checkpoint whose input channel state was replayed; -1 when none. */
  private restoredCheckpointId = -1

  constructor(inputs: readonly StreamTaskNetworkInput[]) {
    this.inputs = inputs
  }

  /**
   * Puts an unaligned checkpoint's recorded input in flight ahead of each channel's data, so
   * the restored task reads it first. `where` names the task in errors.
   */
  restoreInputChannelState(state: InputChannelState, where: string): void {
    checkChannelStateShape(
      state.checkpointId,
      where,
      'input',
      state.gates.map((g) => g.length),
      this.inputs.map((i) => i.gate.channels.length),
    )
    this.restoredCheckpointId = state.checkpointId
    state.gates.forEach((channels, g) => {
      const gate = this.inputs[g]!.gate
      // Buffers hold whole elements, so their concatenation is one valid buffer.
      channels.forEach((buffers, c) => {
        if (buffers.length > 0) gate.putBackRemainder(c, Buffer.concat(buffers))
      })
    })
  }

  processInput(): InputStatus {
    const n = this.inputs.length
    for (let i = 0; i < n; i++) {
      const input = this.inputs[(this.next + i) % n]!
      if (input.hasData()) {
        this.next = (this.next + i + 1) % n
        input.processInput()
        return this.status()
      }
    }
    return this.status()
  }

  private status(): InputStatus {
    let finished = true
    for (const input of this.inputs) {
      if (input.hasData()) return 'MORE_AVAILABLE'
      if (!input.isFinished()) finished = false
    }
    return finished ? 'END_OF_INPUT' : 'NOTHING_AVAILABLE'
  }

  recordsIn(): number {
    let n = 0
    for (const input of this.inputs) n += input.recordsIn
    return n
  }

  bytesIn(): number {
    let n = 0
    for (const input of this.inputs) n += input.bytesIn
    return n
  }

  currentInputWatermark(): number {
    let min = Number.POSITIVE_INFINITY
    for (const input of this.inputs) if (input.inputWatermark < min) min = input.inputWatermark
    return min
  }

  /** One barrier handler over the channels of every input: a checkpoint aligns them all. */
  setBarrierListener(listener: BarrierHandlerListener): void {
    const handler = new CheckpointBarrierHandler(
      this.inputs.map((i) => i.gate),
      listener,
      this.restoredCheckpointId,
    )
    this.inputs.forEach((input, i) => input.setBarrierHandler(handler, i))
  }

  getAvailableFuture(): Promise<void> {
    return Promise.race(
      this.inputs.filter((i) => !i.isFinished()).map((i) => i.getAvailableFuture()),
    )
  }
}
