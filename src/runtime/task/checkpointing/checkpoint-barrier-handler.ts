// Collects a checkpoint's barriers over every input channel of a task. Once each channel has
// delivered the barrier or ended, the task takes its snapshot and forwards the barrier. In
// EXACTLY_ONCE mode a channel that delivered the barrier is blocked until then (alignment), so no
// record after the barrier reaches the state before the snapshot; AT_LEAST_ONCE does not block.
// A barrier of a newer checkpoint before the current one completed aborts the current one.
// Flink: SingleCheckpointBarrierHandler (aligned, and the at-least-once CheckpointBarrierTracker).
import type { CheckpointBarrier } from '../../common/checkpoint-barrier.js'
import type { InputGate } from '../../network/input-gate.js'

export interface BarrierHandlerListener {
  /** Every channel delivered the barrier (or ended): snapshot now, then forward the barrier. */
  onBarriersAligned(barrier: CheckpointBarrier, alignmentDurationMs: number): void
  /** The checkpoint was overtaken by a newer one before it was aligned. */
  onAlignmentAborted(checkpointId: number): void
}

export class CheckpointBarrierHandler {
  private readonly gates: readonly InputGate[]
  private readonly listener: BarrierHandlerListener
  private readonly received: boolean[][]
  private currentCheckpointId = -1
  private pending = false
  private alignmentStart = 0
  /** The barrier of the checkpoint being aligned. */
  private barrier: CheckpointBarrier | undefined

  constructor(gates: readonly InputGate[], listener: BarrierHandlerListener) {
    this.gates = gates
    this.listener = listener
    this.received = gates.map((g) => g.channels.map(() => false))
  }

  /** The checkpoint being aligned, or -1. */
  pendingCheckpointId(): number {
    return this.pending ? this.currentCheckpointId : -1
  }

  processBarrier(barrier: CheckpointBarrier, gateIndex: number, channel: number): void {
    const id = barrier.checkpointId
    // A barrier of a checkpoint already completed or aborted here.
    if (id < this.currentCheckpointId || (id === this.currentCheckpointId && !this.pending)) return
    if (id > this.currentCheckpointId) {
      if (this.pending) this.abort()
      this.currentCheckpointId = id
      this.pending = true
      this.alignmentStart = performance.now()
      for (const flags of this.received) flags.fill(false)
    }
    this.barrier = barrier
    this.received[gateIndex]![channel] = true
    if (barrier.mode === 'EXACTLY_ONCE') this.gates[gateIndex]!.blockChannel(channel)
    this.completeIfAligned(barrier)
  }

  /** A channel ended: it no longer owes the pending checkpoint a barrier. */
  processEndOfPartition(): void {
    if (this.pending && this.barrier !== undefined) this.completeIfAligned(this.barrier)
  }

  private completeIfAligned(barrier: CheckpointBarrier): void {
    for (let g = 0; g < this.gates.length; g++) {
      const gate = this.gates[g]!
      const flags = this.received[g]!
      for (let c = 0; c < flags.length; c++) {
        if (!flags[c] && !gate.isChannelFinished(c)) return
      }
    }
    this.pending = false
    const duration = performance.now() - this.alignmentStart
    try {
      this.listener.onBarriersAligned(barrier, duration)
    } finally {
      for (const gate of this.gates) gate.unblockAll()
    }
  }

  private abort(): void {
    this.pending = false
    for (const gate of this.gates) gate.unblockAll()
    this.listener.onAlignmentAborted(this.currentCheckpointId)
  }
}
