// What a JobMaster asks of the ResourceManager: slots for all its subtasks at once (streaming jobs
// deploy every subtask together), and the gateways of the TaskExecutors that own them.
// Flink: SlotPool / DeclarativeSlotPool talking to the ResourceManager.
import type { TaskExecutorGateway } from '../common/gateways.js'

export interface SlotOffer {
  readonly allocationId: string
  readonly resourceId: string
  readonly rpcAddress: string
  readonly dataAddress: string
}

export interface SlotProvider {
  /** All `count` slots or none; rejects after `timeoutMs` naming how many were missing. */
  allocateSlots(jobId: string, count: number, timeoutMs: number): Promise<SlotOffer[]>
  /** Frees the job's slots and withdraws its pending request, which then rejects. */
  releaseSlots(jobId: string): void
  taskExecutor(resourceId: string): TaskExecutorGateway
}
