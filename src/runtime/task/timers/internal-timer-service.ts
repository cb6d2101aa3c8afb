// Event-time and processing-time timers of one keyed operator, per key and namespace. Timers are
// de-duplicated (one per key, namespace and time) and fire in time order (then registration
// order), with their key set as the current key. Processing-time timers need one physical timer:
// the earliest. Flink: org.apache.flink.streaming.api.operators.InternalTimerServiceImpl.
import { normalizeKey } from '../../../core/keys/key-hash.js'
import { normalizeNamespace, type KeyedStateBackend } from '../../state/keyed-state-backend.js'
import type { ProcessingTimeService } from '../processing-time-service.js'
import { MIN_WATERMARK } from '../../common/stream-element.js'
import { TimerHeap, type InternalTimer } from './timer-heap.js'

export interface Triggerable<N> {
  onEventTime(timer: InternalTimer<N>): void
  onProcessingTime(timer: InternalTimer<N>): void
}

export class InternalTimerService<N> {
  private readonly keyContext: KeyedStateBackend
  private readonly processingTimeService: ProcessingTimeService
  private readonly triggerable: Triggerable<N>
  private readonly eventTimers = new TimerHeap<N>()
  private readonly processingTimers = new TimerHeap<N>()
  private currentWatermark = MIN_WATERMARK
  private physicalTimerTime = Number.POSITIVE_INFINITY
  private cancelPhysicalTimer: (() => void) | null = null

  constructor(
    keyContext: KeyedStateBackend,
    processingTimeService: ProcessingTimeService,
    triggerable: Triggerable<N>,
  ) {
    this.keyContext = keyContext
    this.processingTimeService = processingTimeService
    this.triggerable = triggerable
  }

  currentProcessingTime(): number {
    return this.processingTimeService.getCurrentProcessingTime()
  }

  getCurrentWatermark(): number {
    return this.currentWatermark
  }

  registerEventTimeTimer(namespace: N, time: number): void {
    const key = this.keyContext.getCurrentKey()
    this.eventTimers.add(key, namespace, time, normalizeKey(key), normalizeNamespace(namespace))
  }

  deleteEventTimeTimer(namespace: N, time: number): void {
    const key = this.keyContext.getCurrentKey()
    this.eventTimers.remove(time, normalizeKey(key), normalizeNamespace(namespace))
  }

  registerProcessingTimeTimer(namespace: N, time: number): void {
    const key = this.keyContext.getCurrentKey()
    this.processingTimers.add(
      key,
      namespace,
      time,
      normalizeKey(key),
      normalizeNamespace(namespace),
    )
    this.schedulePhysicalTimer()
  }

  deleteProcessingTimeTimer(namespace: N, time: number): void {
    const key = this.keyContext.getCurrentKey()
    this.processingTimers.remove(time, normalizeKey(key), normalizeNamespace(namespace))
  }

  /** Fires every event-time timer at or before the watermark. */
  advanceWatermark(watermark: number): void {
    this.currentWatermark = watermark
    for (
      let t = this.eventTimers.peek();
      t !== undefined && t.timestamp <= watermark;
      t = this.eventTimers.peek()
    ) {
      this.eventTimers.poll()
      this.keyContext.setCurrentKey(t.key)
      this.triggerable.onEventTime(t)
    }
  }

  private onProcessingTime = (time: number): void => {
    this.physicalTimerTime = Number.POSITIVE_INFINITY
    this.cancelPhysicalTimer = null
    for (
      let t = this.processingTimers.peek();
      t !== undefined && t.timestamp <= time;
      t = this.processingTimers.peek()
    ) {
      this.processingTimers.poll()
      this.keyContext.setCurrentKey(t.key)
      this.triggerable.onProcessingTime(t)
    }
    this.schedulePhysicalTimer()
  }

  private schedulePhysicalTimer(): void {
    const head = this.processingTimers.peek()
    if (head === undefined || head.timestamp >= this.physicalTimerTime) return
    this.cancelPhysicalTimer?.()
    this.physicalTimerTime = head.timestamp
    this.cancelPhysicalTimer = this.processingTimeService.registerTimer(
      head.timestamp,
      this.onProcessingTime,
    )
  }

  numEventTimeTimers(): number {
    return this.eventTimers.size()
  }

  numProcessingTimeTimers(): number {
    return this.processingTimers.size()
  }
}
