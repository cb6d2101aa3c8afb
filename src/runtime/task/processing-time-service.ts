// Processing time and its timers for one task. Timer callbacks run in the task's mailbox, never
// concurrently with record processing. Flink: org.apache.flink.streaming.runtime.tasks.ProcessingTimeService.
import type { Clock } from '../../core/time/clock.js'

export interface ProcessingTimeService {
  getCurrentProcessingTime(): number
  /** Runs `callback(time)` in the task once processing time reaches `time`; returns a canceller. */
  registerTimer(time: number, callback: (time: number) => void): () => void
  /** Stops all timers; later registrations are ignored (the task is finishing). */
  quiesce(): void
}

/** Real time, with timers as setTimeout whose callbacks are put into the task's mailbox. */
export class SystemProcessingTimeService implements ProcessingTimeService {
  private readonly clock: Clock
  private readonly enqueue: (mail: () => void) => void
  private readonly pending = new Set<ReturnType<typeof setTimeout>>()
  private quiesced = false

  constructor(clock: Clock, enqueue: (mail: () => void) => void) {
    this.clock = clock
    this.enqueue = enqueue
  }

  getCurrentProcessingTime(): number {
    return this.clock.now()
  }

  registerTimer(time: number, callback: (time: number) => void): () => void {
    if (this.quiesced) return noop
    const delay = Math.max(0, time - this.clock.now())
    const handle = setTimeout(() => {
      this.pending.delete(handle)
      if (!this.quiesced) this.enqueue(() => callback(time))
    }, delay)
    this.pending.add(handle)
    return () => {
      clearTimeout(handle)
      this.pending.delete(handle)
    }
  }

  quiesce(): void {
    this.quiesced = true
    for (const h of this.pending) clearTimeout(h)
    this.pending.clear()
  }
}

/** Time that moves only when told, for test harnesses. Fires due timers in time order. */
export class ManualProcessingTimeService implements ProcessingTimeService {
  private now: number
  private timers: { time: number; seq: number; callback: (time: number) => void; live: boolean }[] =
    []
  private seq = 0

  constructor(startTime = 0) {
    this.now = startTime
  }

  getCurrentProcessingTime(): number {
    return this.now
  }

  registerTimer(time: number, callback: (time: number) => void): () => void {
    const timer = { time, seq: this.seq++, callback, live: true }
    this.timers.push(timer)
    return () => {
      timer.live = false
    }
  }

  /** Advances time and fires every timer due, including ones registered while firing. */
  setCurrentTime(time: number): void {
    this.now = Math.max(this.now, time)
    for (;;) {
      const due = this.timers
        .filter((t) => t.live && t.time <= this.now)
        .sort((a, b) => a.time - b.time || a.seq - b.seq)[0]
      if (due === undefined) break
      due.live = false
      due.callback(due.time)
    }
    this.timers = this.timers.filter((t) => t.live)
  }

  quiesce(): void {
    this.timers = []
  }
}

const noop = (): void => {}
