// Assigns each record of a keyed stream to windows, keeps each window's contents in keyed state
// (namespace = window), asks the trigger when to evaluate and purge them, and drops a window's
// state at its cleanup time (end + allowed lateness). Merging assigners (sessions) merge windows
// and their state as elements bridge them. With an evictor the contents are kept as a list and
// trimmed around each evaluation. Late records are dropped (counted) or sent to a side output.
// Flink: org.apache.flink.streaming.runtime.operators.windowing.{WindowOperator, EvictingWindowOperator}.
import type { WindowOperatorSpec } from '../../../../api/dag/window-spec.js'
import { callReduce } from '../../../../api/functions/aggregate.js'
import {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../../../api/state/state-descriptor.js'
import {
  MergingWindowAssigner,
  type WindowAssignerContext,
} from '../../../../api/windowing/assigners/window-assigner.js'
import {
  TimestampedValue,
  type EvictorContext,
} from '../../../../api/windowing/evictors/evictor.js'
import { EventTimeTrigger } from '../../../../api/windowing/triggers/event-time-trigger.js'
import type { Window } from '../../../../api/windowing/windows.js'
import type { StreamRecord } from '../../../common/stream-element.js'
import { HeapKeyedStateBackend } from '../../../state/heap/heap-keyed-state-backend.js'
import {
  VOID_NAMESPACE,
  isMergingState,
  type InternalAggregatingState,
  type InternalListState,
  type InternalReducingState,
} from '../../../state/keyed-state-backend.js'
import type { InternalTimerService } from '../../timers/internal-timer-service.js'
import type { InternalTimer } from '../../timers/timer-index.js'
import { AbstractUdfStreamOperator } from '../abstract-stream-operator.js'
import type { OneInputStreamOperator } from '../stream-operator.js'
import { TimestampedCollector } from '../timestamped-collector.js'
import { MERGING_SET_TYPE, MergingWindowSet, type MergingSetValue } from './merging-window-set.js'
import { WindowFunctionContext, WindowTriggerContext } from './window-contexts.js'

type ContentsState =
  | InternalListState<unknown>
  | InternalReducingState<unknown>
  | InternalAggregatingState<unknown, unknown>

const CONTENTS = 'window-contents'

export class WindowOperator
  // The user function is the window function's (a join's or coGroup's for those): its rich
  // lifecycle and checkpoint hooks are driven as for any other operator's.
  extends AbstractUdfStreamOperator<unknown>
  implements OneInputStreamOperator, WindowAssignerContext, EvictorContext
{
  readonly spec: WindowOperatorSpec
  /** Records dropped because every window they belong to was already purged. */
  numLateRecordsDropped = 0
  private readonly isEventTime: boolean
  private readonly merging: MergingWindowAssigner<unknown, Window> | undefined
  /**
   * Whether a window's timers are known from its contents: Flink's own EventTimeTrigger on a
   * non-merging event-time assigner without evictor registers a window's timers (its end, and
   * the cleanup at end + lateness) with the window's first element, and nothing deletes them
   * before the watermark passes the end. So a later element of a window not yet due only adds to
   * its contents: the trigger would return CONTINUE and register timers that exist.
   */
  private readonly timersKnownFromContents: boolean
  /**
   * The latest end of a window restored from a snapshot (the windows in state at `open`).
   * Restored windows are excluded from
   * `timersKnownFromContents`: the watermark restarts from its minimum, so a restored window that
   * fired already (its contents kept for allowed lateness) has no end timer, and the job may have
   * been restored with another lateness or trigger than the one that registered its timers.
   */
  private restoredWindowsEnd = Number.NEGATIVE_INFINITY
  private readonly mergingSetState = new ValueStateDescriptor<MergingSetValue>(
    'merging-window-set',
    MERGING_SET_TYPE,
  )
  /** The current key's in-flight windows, for a merging assigner; loaded per record and timer. */
  private mergingSet: MergingWindowSet<Window> | undefined
  private timers!: InternalTimerService<Window>
  private contents!: ContentsState
  private triggerContext!: WindowTriggerContext
  private functionContext!: WindowFunctionContext
  private collector!: TimestampedCollector

  constructor(spec: WindowOperatorSpec) {
    super(spec.windowFunction.userFunction)
    this.spec = spec
    this.isEventTime = spec.assigner.isEventTime()
    this.merging = spec.assigner instanceof MergingWindowAssigner ? spec.assigner : undefined
    this.timersKnownFromContents =
      this.isEventTime &&
      this.merging === undefined &&
      spec.evictor === undefined &&
      spec.trigger.constructor === EventTimeTrigger
    if (!(spec.allowedLateness >= 0)) {
      throw new RangeError(`allowedLateness must be >= 0 ms, got ${spec.allowedLateness}`)
    }
  }

  override open(): void {
    const backend = this.keyedStateBackend
    if (backend === undefined) throw new Error('A window operator runs on a keyed stream')
    this.timers = this.getInternalTimerService<Window>({
      onEventTime: (t) => this.onTimer(t, true),
      onProcessingTime: (t) => this.onTimer(t, false),
    })
    this.contents = backend.getPartitionedState(VOID_NAMESPACE, this.contentsDescriptor())
    this.restoredWindowsEnd = this.latestRestoredWindowEnd()
    this.triggerContext = new WindowTriggerContext(backend, this.timers, this.processingTimeService)
    this.functionContext = new WindowFunctionContext(
      backend,
      this.timers,
      this.processingTimeService,
      (tag, value, ts) => this.emitSide(tag, value, ts),
      this.merging !== undefined,
    )
    this.collector = new TimestampedCollector(this.chainOutput)
    super.open()
  }

  private latestRestoredWindowEnd(): number {
    const backend = this.keyedStateBackend
    const table =
      backend instanceof HeapKeyedStateBackend ? backend.getStateTable(CONTENTS) : undefined
    // Without a table to look into, every window counts as restored.
    if (table === undefined) return Number.POSITIVE_INFINITY
    let latest = Number.NEGATIVE_INFINITY
    for (const keyGroup of backend!.keyGroupRange) {
      for (const entry of table.entriesOfKeyGroup(keyGroup)) {
        const end = (entry.namespace as Window).maxTimestamp()
        if (end > latest) latest = end
      }
    }
    return latest
  }

  private contentsDescriptor():
    | ListStateDescriptor<unknown>
    | ReducingStateDescriptor<unknown>
    | AggregatingStateDescriptor<unknown, unknown, unknown> {
    const c = this.spec.contents
    // With an evictor all elements are kept (with timestamps), to be trimmed before evaluation.
    if (this.spec.evictor !== undefined || c.type === 'list')
      return new ListStateDescriptor(CONTENTS)
    if (c.type === 'reduce') return new ReducingStateDescriptor(CONTENTS, c.fn)
    return new AggregatingStateDescriptor(CONTENTS, c.fn)
  }

  override operatorMetrics(): Readonly<Record<string, number>> {
    return { numLateRecordsDropped: this.numLateRecordsDropped }
  }

  getCurrentProcessingTime(): number {
    return this.processingTimeService.getCurrentProcessingTime()
  }

  getCurrentWatermark(): number {
    return this.timers.getCurrentWatermark()
  }

  processElement(record: StreamRecord): void {
    this.setKeyContextElement1(record)
    const windows = this.spec.assigner.assignWindows(record.value, record.timestamp, this)
    if (this.timersKnownFromContents) {
      this.addToWindowsWithKnownTimers(windows, record)
      return
    }
    let skipped = true
    if (this.merging !== undefined) {
      const set = this.loadMergingSet()
      for (let i = 0; i < windows.length; i++) {
        const window = windows[i]!
        const actual = set.addWindow(window, this.onMerge)
        if (this.isWindowLate(actual)) {
          set.retireWindow(actual)
          continue
        }
        skipped = false
        const stateWindow = set.getStateWindow(actual)
        if (stateWindow === undefined) {
          throw new Error(`Window ${actual.toString()} is not in the in-flight window set`)
        }
        this.addElement(actual, stateWindow, record)
      }
      set.persist()
    } else {
      for (let i = 0; i < windows.length; i++) {
        const window = windows[i]!
        if (this.isWindowLate(window)) continue
        skipped = false
        this.addElement(window, window, record)
      }
    }
    if (skipped && this.isElementLate(record)) this.dropLateElement(record)
  }

  /**
   * processElement with `timersKnownFromContents` (event time, not merging, no evictor, Flink's
   * EventTimeTrigger): a window's later elements only add to its contents while it is not due.
   * The watermark does not move while an element is processed, so it is read once.
   */
  private addToWindowsWithKnownTimers(windows: readonly Window[], record: StreamRecord): void {
    const watermark = this.timers.getCurrentWatermark()
    const contents = this.contents
    let skipped = true
    for (let i = 0; i < windows.length; i++) {
      const window = windows[i]!
      if (this.isWindowLate(window, watermark)) continue
      skipped = false
      const maxTimestamp = window.maxTimestamp()
      contents.setCurrentNamespace(window)
      if (
        !contents.addIsFirst(record.value) &&
        maxTimestamp > watermark &&
        maxTimestamp > this.restoredWindowsEnd
      ) {
        continue
      }
      this.onElementAdded(window, window, record)
    }
    if (skipped && this.isElementLate(record, watermark)) this.dropLateElement(record)
  }

  private dropLateElement(record: StreamRecord): void {
    const tag = this.spec.lateDataOutputTag
    if (tag !== undefined) this.emitSide(tag, record.value, record.timestamp)
    else this.numLateRecordsDropped++
  }

  private addElement(window: Window, stateWindow: Window, record: StreamRecord): void {
    const contents = this.contents
    contents.setCurrentNamespace(stateWindow)
    if (this.spec.evictor !== undefined) {
      // As [value, timestamp]: plain data, so checkpoints can write it.
      ;(contents as InternalListState<unknown>).add([record.value, record.timestamp])
    } else {
      contents.add(record.value)
    }
    this.onElementAdded(window, stateWindow, record)
  }

  /** The trigger's answer to an element added to `window` (contents bound to `stateWindow`). */
  private onElementAdded(window: Window, stateWindow: Window, record: StreamRecord): void {
    const contents = this.contents
    const ctx = this.triggerContext
    ctx.window = window
    const result = this.spec.trigger.onElement(record.value, record.timestamp, window, ctx)
    if (result === 'FIRE' || result === 'FIRE_AND_PURGE') this.emitWindowContents(window)
    if (result === 'PURGE' || result === 'FIRE_AND_PURGE') {
      contents.setCurrentNamespace(stateWindow)
      contents.clear()
    }
    this.registerCleanupTimer(window)
  }

  /** Windows merged into `result`: triggers re-register, merged windows are cleared, state merges. */
  private readonly onMerge = (
    result: Window,
    merged: Window[],
    stateResult: Window,
    mergedState: Window[],
  ): void => {
    if (
      this.isEventTime &&
      result.maxTimestamp() + this.spec.allowedLateness <= this.timers.getCurrentWatermark()
    ) {
      throw new Error(
        `The end timestamp of an event-time window cannot become earlier than the current ` +
          `watermark by merging. Current watermark: ${this.timers.getCurrentWatermark()} window: ${result.toString()}`,
      )
    }
    if (!this.isEventTime && result.maxTimestamp() <= this.getCurrentProcessingTime()) {
      throw new Error(
        `The end timestamp of a processing-time window cannot become earlier than the current ` +
          `processing time by merging. Current processing time: ${this.getCurrentProcessingTime()} window: ${result.toString()}`,
      )
    }
    const ctx = this.triggerContext
    ctx.window = result
    ctx.mergedWindows = merged
    this.spec.trigger.onMerge(result, ctx)
    ctx.mergedWindows = []
    for (const m of merged) {
      ctx.window = m
      this.spec.trigger.clear(m, ctx)
      this.deleteCleanupTimer(m)
    }
    if (mergedState.length > 0 && isMergingState(this.contents)) {
      this.contents.mergeNamespaces(stateResult, mergedState)
    }
  }

  private onTimer(timer: InternalTimer<Window>, eventTime: boolean): void {
    const window = timer.namespace
    let stateWindow: Window | undefined = window
    let set: MergingWindowSet<Window> | undefined
    if (this.merging !== undefined) {
      set = this.loadMergingSet()
      stateWindow = set.getStateWindow(window)
      // A timer of a window that was merged away.
      if (stateWindow === undefined) return
    }
    const ctx = this.triggerContext
    ctx.window = window
    const trigger = this.spec.trigger
    const result = eventTime
      ? trigger.onEventTime(timer.timestamp, window, ctx)
      : trigger.onProcessingTime(timer.timestamp, window, ctx)
    this.contents.setCurrentNamespace(stateWindow)
    if (result === 'FIRE' || result === 'FIRE_AND_PURGE') this.emitWindowContents(window)
    if (result === 'PURGE' || result === 'FIRE_AND_PURGE') {
      this.contents.setCurrentNamespace(stateWindow)
      this.contents.clear()
    }
    if (eventTime === this.isEventTime && timer.timestamp === this.cleanupTime(window)) {
      this.clearAllState(window, stateWindow, set)
    }
    set?.persist()
  }

  private clearAllState(
    window: Window,
    stateWindow: Window,
    set: MergingWindowSet<Window> | undefined,
  ): void {
    this.contents.setCurrentNamespace(stateWindow)
    this.contents.clear()
    const ctx = this.triggerContext
    ctx.window = window
    this.spec.trigger.clear(window, ctx)
    this.functionContext.setWindow(window)
    this.spec.windowFunction.clear(this.functionContext)
    set?.retireWindow(window)
  }

  /** Evaluates the window function on the contents of `window` (bound as current namespace). */
  private emitWindowContents(window: Window): void {
    if (this.spec.evictor !== undefined) {
      this.emitEvicting(window)
      return
    }
    const contents = this.contents
    let input: Iterable<unknown>
    if (contents.kind === 'list') {
      const list = contents.get() as unknown[]
      if (list.length === 0) return
      input = list
    } else {
      const value = contents.get()
      if (value === null) return
      input = [value]
    }
    this.collector.setTimestamp(window.maxTimestamp())
    this.functionContext.setWindow(window)
    this.spec.windowFunction.process(
      this.getCurrentKey(),
      window,
      this.functionContext,
      input,
      this.collector,
    )
  }

  /** Flink's EvictingWindowOperator.emitWindowContents: evict, evaluate, evict, write back. */
  private emitEvicting(window: Window): void {
    const list = this.contents as InternalListState<unknown>
    const stored = list.get() as [value: unknown, timestamp: number][]
    if (stored.length === 0) return
    const elements = stored.map(([value, timestamp]) => new TimestampedValue(value, timestamp))
    const evictor = this.spec.evictor!
    const ctx = this.functionContext
    ctx.setWindow(window)
    evictor.evictBefore(elements, elements.length, window, this)
    const values = elements.map((e) => e.value)
    const input = this.reduceContents(values)
    if (input !== undefined) {
      this.collector.setTimestamp(window.maxTimestamp())
      this.spec.windowFunction.process(this.getCurrentKey(), window, ctx, input, this.collector)
    }
    evictor.evictAfter(elements, elements.length, window, this)
    list.update(elements.map((e): [unknown, number] => [e.value, e.timestamp]))
  }

  /** With an evictor, reduce and aggregate run over the kept elements at evaluation. */
  private reduceContents(values: unknown[]): unknown[] | undefined {
    const c = this.spec.contents
    if (c.type === 'list') return values
    // As Flink: an aggregate over no kept elements is the empty accumulator's result; a reduce of
    // nothing has no value (Flink passes null on), so nothing is emitted.
    if (values.length === 0 && c.type === 'reduce') return undefined
    if (c.type === 'reduce') {
      let acc = values[0]
      for (let i = 1; i < values.length; i++) acc = callReduce(c.fn, acc, values[i])
      return [acc]
    }
    let acc = c.fn.createAccumulator()
    for (const v of values) acc = c.fn.add(v, acc)
    return [c.fn.getResult(acc)]
  }

  private loadMergingSet(): MergingWindowSet<Window> {
    let set = this.mergingSet
    if (set === undefined) {
      const backend = this.keyedStateBackend!
      const state = backend.getPartitionedState(VOID_NAMESPACE, this.mergingSetState)
      set = this.mergingSet = new MergingWindowSet(this.merging!, state)
    }
    set.load()
    return set
  }

  /** When a window's state is dropped: its end plus the allowed lateness (event time). */
  private cleanupTime(window: Window): number {
    if (!this.isEventTime) return window.maxTimestamp()
    return window.maxTimestamp() + this.spec.allowedLateness
  }

  private registerCleanupTimer(window: Window): void {
    const time = this.cleanupTime(window)
    // A window that never ends (GlobalWindow) is never cleaned up.
    if (time === Number.POSITIVE_INFINITY) return
    const ctx = this.triggerContext
    ctx.window = window
    if (this.isEventTime) ctx.registerEventTimeTimer(time)
    else ctx.registerProcessingTimeTimer(time)
  }

  private deleteCleanupTimer(window: Window): void {
    const time = this.cleanupTime(window)
    if (time === Number.POSITIVE_INFINITY) return
    const ctx = this.triggerContext
    ctx.window = window
    if (this.isEventTime) ctx.deleteEventTimeTimer(time)
    else ctx.deleteProcessingTimeTimer(time)
  }

  private isWindowLate(window: Window, watermark = this.timers.getCurrentWatermark()): boolean {
    return this.isEventTime && this.cleanupTime(window) <= watermark
  }

  private isElementLate(
    record: StreamRecord,
    watermark = this.timers.getCurrentWatermark(),
  ): boolean {
    return this.isEventTime && record.timestamp + this.spec.allowedLateness <= watermark
  }
}
