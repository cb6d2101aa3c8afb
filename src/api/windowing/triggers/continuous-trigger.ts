// What the continuous triggers share: the next firing time is kept in per-window state (the
// earliest one survives merges) and a timer of the trigger's time domain is set for it; the first
// is aligned to the interval, later ones follow every interval, never past the window's end.
// Flink: ContinuousEventTimeTrigger, ContinuousProcessingTimeTrigger.
import { ReducingStateDescriptor } from '../../state/state-descriptor.js'
import type { Window } from '../windows.js'
import { Trigger, type OnMergeContext, type TriggerContext } from './trigger.js'

export const FIRE_TIME = new ReducingStateDescriptor<number>('fire-time', (a, b) => Math.min(a, b))

export abstract class ContinuousTrigger<W extends Window> extends Trigger<unknown, W> {
  protected readonly interval: number
  private readonly name: string

  protected constructor(interval: number, name: string) {
    super()
    if (!(interval > 0)) throw new RangeError(`${name}: interval must be positive, got ${interval}`)
    this.interval = interval
    this.name = name
  }

  /** A timer in the trigger's time domain. */
  protected abstract registerTimer(ctx: TriggerContext, time: number): void
  protected abstract deleteTimer(ctx: TriggerContext, time: number): void

  /** Schedules the first firing, aligned to the interval, unless one is scheduled. */
  protected scheduleFirst(time: number, window: W, ctx: TriggerContext): void {
    if (ctx.getPartitionedState(FIRE_TIME).get() === null) {
      this.registerNextFireTimestamp(time - (time % this.interval), window, ctx)
    }
  }

  /** Whether `time` is the scheduled firing; if so, schedules the next one. */
  protected isFireTime(time: number, window: W, ctx: TriggerContext): boolean {
    const fireTime = ctx.getPartitionedState(FIRE_TIME)
    if (fireTime.get() !== time) return false
    fireTime.clear()
    this.registerNextFireTimestamp(time, window, ctx)
    return true
  }

  override canMerge(): boolean {
    return true
  }

  override onMerge(_window: W, ctx: OnMergeContext): void {
    ctx.mergePartitionedState(FIRE_TIME)
    const next = ctx.getPartitionedState(FIRE_TIME).get()
    if (next !== null) this.registerTimer(ctx, next)
  }

  clear(_window: W, ctx: TriggerContext): void {
    const fireTime = ctx.getPartitionedState(FIRE_TIME)
    const next = fireTime.get()
    if (next !== null) {
      this.deleteTimer(ctx, next)
      fireTime.clear()
    }
  }

  private registerNextFireTimestamp(time: number, window: W, ctx: TriggerContext): void {
    const next = Math.min(time + this.interval, window.maxTimestamp())
    ctx.getPartitionedState(FIRE_TIME).add(next)
    this.registerTimer(ctx, next)
  }

  override toString(): string {
    return `${this.name}(${this.interval})`
  }
}
