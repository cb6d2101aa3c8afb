// Event-time and processing-time timers of one keyed operator, per key and namespace. Timers are
// de-duplicated (one per key, namespace and time) and fire in time order (then registration
// order), with their key set as the current key. Processing-time timers need one physical timer:
// the earliest. Timers are kept per key group, as keyed state is, for snapshots and rescaling.
// Flink: org.apache.flink.streaming.api.operators.InternalTimerServiceImpl.
import { normalizeKey } from '../../../core/keys/key-hash.js'
import { normalizeNamespace, type KeyedStateBackend } from '../../state/keyed-state-backend.js'
import type { ProcessingTimeService } from '../processing-time-service.js'
import { MIN_WATERMARK } from '../../common/stream-element.js'
import type { InternalTimer } from './timer-index.js'
import { KeyGroupedTimerQueue } from './key-grouped-timer-queue.js'

export interface Triggerable<N> {
  onEventTime(timer: InternalTimer<N>): void
  onProcessingTime(timer: InternalTimer<N>): void
}

export class InternalTimerService<N> {
  private readonly keyContext: KeyedStateBackend
  private readonly processingTimeService: ProcessingTimeService
  private readonly triggerable: Triggerable<N>
  private readonly eventTimers: KeyGroupedTimerQueue<N>
  private readonly processingTimers: KeyGroupedTimerQueue<N>
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
    this.eventTimers = new KeyGroupedTimerQueue<N>(keyContext.keyGroupRange)
    this.processingTimers = new KeyGroupedTimerQueue<N>(keyContext.keyGroupRange)
  }

  currentProcessingTime(): number {
    return this.processingTimeService.getCurrentProcessingTime()
  }

  getCurrentWatermark(): number {
    return this.currentWatermark
  }

  registerEventTimeTimer(namespace: N, time: number): void {
    this.addTimer(this.eventTimers, namespace, time)
  }

  deleteEventTimeTimer(namespace: N, time: number): void {
    this.removeTimer(this.eventTimers, namespace, time)
  }

  registerProcessingTimeTimer(namespace: N, time: number): void {
    this.addTimer(this.processingTimers, namespace, time)
    this.schedulePhysicalTimer()
  }

  deleteProcessingTimeTimer(namespace: N, time: number): void {
    this.removeTimer(this.processingTimers, namespace, time)
  }

  private addTimer(queue: KeyGroupedTimerQueue<N>, namespace: N, time: number): void {
    const context = this.keyContext
    const key = context.getCurrentKey()
    // A window operator registers the same timer twice per record (trigger and cleanup): the
    // repeat is recognised by identity, without normalizing key and namespace again.
    const last = queue.lastAdded
    if (
      last !== undefined &&
      last.bucket !== undefined &&
      last.timestamp === time &&
      last.key === key &&
      last.namespace === namespace
    ) {
      return
    }
    queue.add(
      key,
      namespace,
      time,
      normalizeKey(key),
      normalizeNamespace(namespace),
      context.getCurrentKeyGroupIndex(),
    )
  }

  private removeTimer(queue: KeyGroupedTimerQueue<N>, namespace: N, time: number): void {
    const context = this.keyContext
    queue.remove(
      time,
      normalizeKey(context.getCurrentKey()),
      normalizeNamespace(namespace),
      context.getCurrentKeyGroupIndex(),
    )
  }

  /** Fires every event-time timer at or before the watermark. */
  advanceWatermark(watermark: number): void {
    this.currentWatermark = watermark
    for (
      let t = this.eventTimers.peek();
      t !== undefined && t.timestamp <= watermark;
      t = this.eventTimers.peek()
    ) {
      // The key first: an asynchronous snapshot writes the timer's key group before it changes.
      this.keyContext.setCurrentKeyInKeyGroup(t.key, t.keyGroup)
      this.eventTimers.poll()
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
      // The key first: an asynchronous snapshot writes the timer's key group before it changes.
      this.keyContext.setCurrentKeyInKeyGroup(t.key, t.keyGroup)
      this.processingTimers.poll()
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

  /** The event-time timers of one key group, in no particular order. */
  eventTimeTimersOfKeyGroup(keyGroup: number): readonly InternalTimer<N>[] {
    return this.eventTimers.timersOfKeyGroup(keyGroup)
  }

  /** The processing-time timers of one key group, in no particular order. */
  processingTimeTimersOfKeyGroup(keyGroup: number): readonly InternalTimer<N>[] {
    return this.processingTimers.timersOfKeyGroup(keyGroup)
  }

  numEventTimeTimers(): number {
    return this.eventTimers.size()
  }

  numProcessingTimeTimers(): number {
    return this.processingTimers.size()
  }
}
