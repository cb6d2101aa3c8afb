// The contexts a window operator hands to triggers and window functions: both are bound to the
// key and window being processed, and reused across calls (no allocation per record).
// Flink: WindowOperator.{Context, WindowContext}.
import type { ProcessWindowFunctionContext } from '../../../../api/functions/window-functions.js'
import type { OutputTag } from '../../../../api/output-tag.js'
import type {
  KeyedStateStore,
  StateDescriptorLike,
  StateOf,
} from '../../../../api/state/keyed-state-store.js'
import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../../../api/state/state-descriptor.js'
import type { OnMergeContext } from '../../../../api/windowing/triggers/trigger.js'
import type { Window } from '../../../../api/windowing/windows.js'
import { InvalidProgramError } from '../../../../core/errors.js'
import {
  VOID_NAMESPACE,
  isMergingState,
  type InternalKvState,
  type KeyedStateBackend,
} from '../../../state/keyed-state-backend.js'
import type { ProcessingTimeService } from '../../processing-time-service.js'
import type { InternalTimerService } from '../../timers/internal-timer-service.js'

/** Trigger calls see timers and state of `window` under the current key. */
export class WindowTriggerContext implements OnMergeContext {
  window!: Window
  /** Set for onMerge: the windows merged into `window`. */
  mergedWindows: readonly Window[] = []
  private readonly backend: KeyedStateBackend
  private readonly timers: InternalTimerService<Window>
  private readonly time: ProcessingTimeService

  constructor(
    backend: KeyedStateBackend,
    timers: InternalTimerService<Window>,
    time: ProcessingTimeService,
  ) {
    this.backend = backend
    this.timers = timers
    this.time = time
  }

  getCurrentProcessingTime(): number {
    return this.time.getCurrentProcessingTime()
  }

  getCurrentWatermark(): number {
    return this.timers.getCurrentWatermark()
  }

  registerProcessingTimeTimer(time: number): void {
    this.timers.registerProcessingTimeTimer(this.window, time)
  }

  registerEventTimeTimer(time: number): void {
    this.timers.registerEventTimeTimer(this.window, time)
  }

  deleteProcessingTimeTimer(time: number): void {
    this.timers.deleteProcessingTimeTimer(this.window, time)
  }

  deleteEventTimeTimer(time: number): void {
    this.timers.deleteEventTimeTimer(this.window, time)
  }

  getPartitionedState<D extends StateDescriptorLike>(descriptor: D): StateOf<D> {
    return this.backend.getPartitionedState(this.window, descriptor) as unknown as StateOf<D>
  }

  mergePartitionedState(descriptor: StateDescriptorLike): void {
    if (this.mergedWindows.length === 0) return
    // Every state the backend creates is an InternalKvState; the descriptor's kind is dynamic here.
    const state = this.backend.getPartitionedState(
      this.window,
      descriptor,
    ) as unknown as InternalKvState
    if (!isMergingState(state)) {
      throw new Error(
        `State '${descriptor.name}' (${descriptor.kind}) cannot be merged: a trigger of merging ` +
          `windows may only merge list, reducing or aggregating state`,
      )
    }
    state.mergeNamespaces(this.window, this.mergedWindows)
  }
}

/** Keyed state under one namespace: the window's, or no window's (global). */
class NamespacedStateStore implements KeyedStateStore {
  namespace: unknown = VOID_NAMESPACE
  private readonly backend: KeyedStateBackend

  constructor(backend: KeyedStateBackend) {
    this.backend = backend
  }

  getState<T>(d: ValueStateDescriptor<T>): StateOf<ValueStateDescriptor<T>> {
    return this.backend.getPartitionedState(this.namespace, d)
  }
  getListState<T>(d: ListStateDescriptor<T>): StateOf<ListStateDescriptor<T>> {
    return this.backend.getPartitionedState(this.namespace, d)
  }
  getMapState<K, V>(d: MapStateDescriptor<K, V>): StateOf<MapStateDescriptor<K, V>> {
    return this.backend.getPartitionedState(this.namespace, d)
  }
  getReducingState<T>(d: ReducingStateDescriptor<T>): StateOf<ReducingStateDescriptor<T>> {
    return this.backend.getPartitionedState(this.namespace, d)
  }
  getAggregatingState<IN, ACC, OUT>(
    d: AggregatingStateDescriptor<IN, ACC, OUT>,
  ): StateOf<AggregatingStateDescriptor<IN, ACC, OUT>> {
    return this.backend.getPartitionedState(this.namespace, d)
  }
}

/** What a ProcessWindowFunction sees while evaluating or clearing `window`. */
export class WindowFunctionContext implements ProcessWindowFunctionContext<Window> {
  private currentWindow!: Window
  private readonly windowStore: NamespacedStateStore
  private readonly globalStore: NamespacedStateStore
  private readonly timers: InternalTimerService<Window>
  private readonly time: ProcessingTimeService
  private readonly emitSide: (tag: OutputTag<unknown>, value: unknown, timestamp: number) => void
  private readonly merging: boolean

  constructor(
    backend: KeyedStateBackend,
    timers: InternalTimerService<Window>,
    time: ProcessingTimeService,
    emitSide: (tag: OutputTag<unknown>, value: unknown, timestamp: number) => void,
    merging: boolean,
  ) {
    this.merging = merging
    this.windowStore = new NamespacedStateStore(backend)
    this.globalStore = new NamespacedStateStore(backend)
    this.timers = timers
    this.time = time
    this.emitSide = emitSide
  }

  setWindow(window: Window): void {
    this.currentWindow = window
    this.windowStore.namespace = window
  }

  window(): Window {
    return this.currentWindow
  }

  currentProcessingTime(): number {
    return this.time.getCurrentProcessingTime()
  }

  currentWatermark(): number {
    return this.timers.getCurrentWatermark()
  }

  windowState(): KeyedStateStore {
    if (this.merging) {
      // Merging windows would have to merge arbitrary user state too; Flink forbids it.
      throw new InvalidProgramError('Per-window state is not allowed when using merging windows.')
    }
    return this.windowStore
  }

  globalState(): KeyedStateStore {
    return this.globalStore
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    this.emitSide(tag as OutputTag<unknown>, value, this.currentWindow.maxTimestamp())
  }
}
