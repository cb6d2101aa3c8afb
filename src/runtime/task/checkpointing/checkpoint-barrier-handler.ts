// Collects a checkpoint's barriers over every input channel of a task.
//
// Aligned (EXACTLY_ONCE): a channel that delivered the barrier is blocked until every channel has
// delivered it or ended, so no record after the barrier reaches the state before the snapshot;
// then the task snapshots and forwards the barrier. AT_LEAST_ONCE does not block.
//
// Unaligned: at the first barrier the task snapshots and forwards the barrier ahead of its output
// data; what was before the barrier on each channel but reaches the task after the snapshot is
// recorded (the input channel state) and stored with the checkpoint, while it is processed as
// usual. A priority barrier says how many buffers after it it overtook: those queued in the
// channel are recorded at once, any still on their way when they are read. A checkpoint is
// unaligned from the start (timeout 0), when a priority barrier arrives, or when its alignment
// outlives execution.checkpointing.aligned-checkpoint-timeout.
//
// A barrier of a newer checkpoint before the current one completed aborts the current one.
// Flink: SingleCheckpointBarrierHandler with its alternating aligned/unaligned states, and the
// at-least-once CheckpointBarrierTracker.
import {
  alignmentTimerDelay,
  isTimeoutable,
  type CheckpointBarrier,
} from '../../common/checkpoint-barrier.js'
import type { InputChannelState } from '../../common/checkpoint-state.js'
import type { InputGate } from '../../network/input-gate.js'
import { isPriorityBuffer } from '../../network/priority-barrier.js'

export interface BarrierHandlerListener {
  /** Every channel delivered the barrier (or ended): snapshot now, then forward the barrier. */
  onBarriersAligned(barrier: CheckpointBarrier, alignmentDurationMs: number): void
  /**
   * The checkpoint goes unaligned: snapshot now and forward the barrier ahead of the output
   * data. The checkpoint is complete once its input channel state is.
   */
  onUnalignedCheckpoint(barrier: CheckpointBarrier, alignmentDurationMs: number): void
  /** The unaligned checkpoint's recorded input is complete. */
  onInputChannelStateComplete(state: InputChannelState): void
  /** The checkpoint was overtaken by a newer one before it was aligned. */
  onAlignmentAborted(checkpointId: number): void
  /** Calls `callback` on the task's thread after `delayMs`; returns what cancels it. */
  registerAlignmentTimer(delayMs: number, callback: () => void): () => void
}

export class CheckpointBarrierHandler {
  private readonly gates: readonly InputGate[]
  private readonly listener: BarrierHandlerListener
  private readonly received: boolean[][]
  /** Per channel of an unaligned checkpoint: overtaken buffers still to record when read. */
  private readonly overtakenLeft: number[][]
  /** Per channel: overtaken buffers recorded on arrival, not to be recorded again when read. */
  private readonly recordedAhead: number[][]
  private recorded: Uint8Array[][][]
  private currentCheckpointId: number
  private pending = false
  private unaligned = false
  private alignmentStart = 0
  /** The barrier of the checkpoint being aligned. */
  private barrier: CheckpointBarrier | undefined
  private cancelAlignmentTimer: (() => void) | undefined
  /**
   * True while an unaligned checkpoint records input: the input hands every buffer it takes to
   * `recordBuffer` first.
   */
  isRecording = false

  /**
   * `lastCheckpointId`: the checkpoint the task restored; barriers of it or older ones (in
   * replayed in-flight data) are ignored.
   */
  constructor(
    gates: readonly InputGate[],
    listener: BarrierHandlerListener,
    lastCheckpointId = -1,
  ) {
    this.gates = gates
    this.listener = listener
    this.currentCheckpointId = lastCheckpointId
    this.received = gates.map((g) => g.channels.map(() => false))
    this.overtakenLeft = gates.map((g) => g.channels.map(() => 0))
    this.recordedAhead = gates.map((g) => g.channels.map(() => 0))
    this.recorded = this.emptyRecording()
  }

  /** The checkpoint being aligned, or -1. */
  pendingCheckpointId(): number {
    return this.pending ? this.currentCheckpointId : -1
  }

  /**
   * A barrier from a channel. `priority`: it overtook `overtaken` buffers (else 0). An in-order
   * barrier comes at `offset` in `buffer`, the buffer the input took last from that channel.
   */
  processBarrier(
    barrier: CheckpointBarrier,
    gateIndex: number,
    channel: number,
    priority: boolean,
    overtaken: number,
    buffer: Uint8Array,
    offset: number,
  ): void {
    const id = barrier.checkpointId
    // A barrier of a checkpoint already completed or aborted here.
    if (id < this.currentCheckpointId || (id === this.currentCheckpointId && !this.pending)) return
    if (id > this.currentCheckpointId) {
      if (this.pending) this.abort()
      this.start(barrier)
    }
    this.barrier = barrier
    this.received[gateIndex]![channel] = true
    if (priority) this.recordOvertaken(gateIndex, channel, overtaken)
    if (this.unaligned) {
      if (!priority) this.truncateRecording(gateIndex, channel, buffer, offset)
      this.completeIfUnalignedDone()
      return
    }
    if (
      priority ||
      (isTimeoutable(barrier) &&
        alignmentTimerDelay(barrier, Date.now()) === 0 &&
        !this.isAligned())
    ) {
      this.startUnaligned()
      return
    }
    if (barrier.mode === 'EXACTLY_ONCE') this.gates[gateIndex]!.blockChannel(channel)
    this.completeIfAligned()
  }

  /** A channel ended: it no longer owes the pending checkpoint a barrier. */
  processEndOfPartition(): void {
    if (!this.pending) return
    if (this.unaligned) this.completeIfUnalignedDone()
    else this.completeIfAligned()
  }

  /**
   * A buffer the input took from a channel, before it is processed (only while `isRecording`):
   * kept if it was before the checkpoint's barrier on its channel.
   */
  recordBuffer(gateIndex: number, channel: number, buffer: Uint8Array): void {
    if (isPriorityBuffer(buffer)) return
    if (!this.received[gateIndex]![channel]) {
      this.recorded[gateIndex]![channel]!.push(buffer)
      return
    }
    const ahead = this.recordedAhead[gateIndex]!
    if (ahead[channel]! > 0) {
      ahead[channel]!--
      return
    }
    const left = this.overtakenLeft[gateIndex]!
    if (left[channel]! === 0) return
    this.recorded[gateIndex]![channel]!.push(buffer)
    if (--left[channel]! === 0) this.completeIfUnalignedDone()
  }

  private start(barrier: CheckpointBarrier): void {
    this.recorded = this.emptyRecording()
    this.currentCheckpointId = barrier.checkpointId
    this.pending = true
    this.unaligned = false
    this.alignmentStart = performance.now()
    for (const flags of this.received) flags.fill(false)
    for (const left of this.overtakenLeft) left.fill(0)
    for (const ahead of this.recordedAhead) ahead.fill(0)
    if (isTimeoutable(barrier)) {
      const id = barrier.checkpointId
      this.cancelAlignmentTimer = this.listener.registerAlignmentTimer(
        alignmentTimerDelay(barrier, Date.now()),
        () => {
          if (this.pending && !this.unaligned && this.currentCheckpointId === id) {
            this.startUnaligned()
          }
        },
      )
    }
  }

  /**
   * A priority barrier overtook `count` buffers of the channel: those already queued behind it
   * are recorded now (unless nothing is recorded yet: then they wait for `startUnaligned`), the
   * rest when they are read.
   */
  private recordOvertaken(gateIndex: number, channel: number, count: number): void {
    const input = this.gates[gateIndex]!.channels[channel]!
    const recorded = this.recorded[gateIndex]![channel]!
    let ahead = 0
    while (ahead < count) {
      const buffer = input.peek(ahead)
      if (buffer === null) break
      recorded.push(buffer)
      ahead++
    }
    this.recordedAhead[gateIndex]![channel] = ahead
    this.overtakenLeft[gateIndex]![channel] = count - ahead
  }

  /** Snapshots now; from here on, input before the barrier is recorded instead of awaited. */
  private startUnaligned(): void {
    this.unaligned = true
    this.isRecording = true
    for (const gate of this.gates) gate.unblockAll()
    this.listener.onUnalignedCheckpoint(this.barrier!, performance.now() - this.alignmentStart)
    this.completeIfUnalignedDone()
  }

  /** An in-order barrier ends its channel's recording: the buffer's rest is after it. */
  private truncateRecording(
    gateIndex: number,
    channel: number,
    buffer: Uint8Array,
    offset: number,
  ): void {
    const buffers = this.recorded[gateIndex]![channel]!
    if (buffers[buffers.length - 1] !== buffer) return
    if (offset === 0) buffers.pop()
    else buffers[buffers.length - 1] = buffer.subarray(0, offset)
  }

  private isAligned(): boolean {
    for (let g = 0; g < this.gates.length; g++) {
      const gate = this.gates[g]!
      const flags = this.received[g]!
      for (let c = 0; c < flags.length; c++) {
        if (!flags[c] && !gate.isChannelFinished(c)) return false
      }
    }
    return true
  }

  private completeIfAligned(): void {
    if (!this.isAligned()) return
    this.finishPending()
    try {
      this.listener.onBarriersAligned(this.barrier!, performance.now() - this.alignmentStart)
    } finally {
      for (const gate of this.gates) gate.unblockAll()
    }
  }

  private completeIfUnalignedDone(): void {
    if (!this.pending) return
    for (let g = 0; g < this.gates.length; g++) {
      const gate = this.gates[g]!
      const flags = this.received[g]!
      const left = this.overtakenLeft[g]!
      for (let c = 0; c < flags.length; c++) {
        if (gate.isChannelFinished(c)) continue
        if (!flags[c] || left[c]! > 0) return
      }
    }
    const gates = this.recorded
    this.recorded = this.emptyRecording()
    this.finishPending()
    this.listener.onInputChannelStateComplete({ checkpointId: this.currentCheckpointId, gates })
  }

  private finishPending(): void {
    this.pending = false
    this.isRecording = false
    this.cancelAlignmentTimer?.()
    this.cancelAlignmentTimer = undefined
  }

  private abort(): void {
    this.finishPending()
    for (const gate of this.gates) gate.unblockAll()
    this.listener.onAlignmentAborted(this.currentCheckpointId)
  }

  private emptyRecording(): Uint8Array[][][] {
    return this.gates.map((g) => g.channels.map((): Uint8Array[] => []))
  }
}
