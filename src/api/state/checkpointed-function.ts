// What a user function implements to take part in checkpoints: CheckpointedFunction (its own
// operator or keyed state, written at every barrier and handed back on restore) and
// CheckpointListener (told when a checkpoint completes or is aborted). Both are recognised by
// their methods, so a plain object or any class can implement them.
// Flink: org.apache.flink.streaming.api.checkpoint.CheckpointedFunction,
// org.apache.flink.api.common.state.{CheckpointListener, OperatorStateStore},
// org.apache.flink.runtime.state.{FunctionInitializationContext, FunctionSnapshotContext}.
import type { KeyedStateStore } from './keyed-state-store.js'
import type { ListStateDescriptor, MapStateDescriptor } from './state-descriptor.js'
import type { BroadcastState, ListState } from './state.js'

/**
 * Non-keyed state of one operator subtask. On restore with another parallelism, `getListState`'s
 * elements are split evenly over the new subtasks, `getUnionListState`'s go to every subtask whole.
 * @public
 */
export interface OperatorStateStore {
  /**
   * @example
   * const offsets = store.getListState(new ListStateDescriptor<number>('offsets'))
   * offsets.update([42])
   */
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>
  getUnionListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>
  /**
   * Map keys are identified by their canonical form (`normalizeKey`), and iteration returns the
   * keys as put.
   */
  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V>
  getRegisteredStateNames(): string[]
  getRegisteredBroadcastStateNames(): string[]
}

/** Passed to `CheckpointedFunction.initializeState`. @public */
export interface FunctionInitializationContext {
  /** True when the job started from a checkpoint or savepoint that holds this operator's state. */
  isRestored(): boolean
  getOperatorStateStore(): OperatorStateStore
  /** The keyed state of the current key; undefined unless the function runs on a keyed stream. */
  getKeyedStateStore(): KeyedStateStore | undefined
}

/** Passed to `CheckpointedFunction.snapshotState`. @public */
export interface FunctionSnapshotContext {
  getCheckpointId(): number
  /** When the checkpoint was triggered, in epoch milliseconds. */
  getCheckpointTimestamp(): number
}

/**
 * A function with state of its own. `initializeState` runs once per subtask before `open` (on
 * restore, its states hold what was restored); `snapshotState` runs at every checkpoint's barrier,
 * between records, and should write into those states what the checkpoint must hold. A throw from
 * `snapshotState` fails that checkpoint, not the job.
 * @public
 * @example
 * class BufferingMap extends RichMapFunction<string, string> implements CheckpointedFunction {
 *   private buffered: string[] = []
 *   private state!: ListState<string>
 *   map(value: string): string { this.buffered.push(value); return value }
 *   initializeState(context: FunctionInitializationContext) {
 *     this.state = context.getOperatorStateStore().getListState(new ListStateDescriptor('buffered', Types.STRING))
 *     if (context.isRestored()) this.buffered = [...this.state.get()]
 *   }
 *   snapshotState() { this.state.update(this.buffered) }
 * }
 */
export interface CheckpointedFunction {
  snapshotState(context: FunctionSnapshotContext): void
  initializeState(context: FunctionInitializationContext): void
}

/**
 * Told about checkpoints the function's subtask took part in: `notifyCheckpointComplete` once
 * every task acknowledged one (what it made durable may now be published), and
 * `notifyCheckpointAborted` when one was given up (declined, expired, or subsumed before it
 * completed). Both run on the task thread, between records; neither is guaranteed to arrive (a
 * failure may come first), so a later notification stands for the earlier ones.
 * @public
 */
export interface CheckpointListener {
  notifyCheckpointComplete(checkpointId: number): void
  notifyCheckpointAborted?(checkpointId: number): void
}

export function isCheckpointedFunction(fn: unknown): fn is CheckpointedFunction {
  return hasMethods(fn, 'snapshotState', 'initializeState')
}

export function isCheckpointListener(fn: unknown): fn is CheckpointListener {
  return hasMethods(fn, 'notifyCheckpointComplete')
}

/** Whether the function has `notifyCheckpointAborted` (with or without the rest). */
export function hasAbortListener(
  fn: unknown,
): fn is Required<Pick<CheckpointListener, 'notifyCheckpointAborted'>> {
  return hasMethods(fn, 'notifyCheckpointAborted')
}

/** Whether the function implements any of the methods above. */
export function takesPartInCheckpoints(fn: unknown): boolean {
  return isCheckpointedFunction(fn) || isCheckpointListener(fn) || hasAbortListener(fn)
}

/** Whether `fn` is an object with a method of each of these names. */
function hasMethods(fn: unknown, ...names: string[]): boolean {
  if (typeof fn !== 'object' || fn === null) return false
  return names.every((name) => typeof (fn as Record<string, unknown>)[name] === 'function')
}
