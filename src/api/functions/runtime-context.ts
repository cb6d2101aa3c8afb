// What a rich function sees of the task running it. Implemented by the runtime; valid from
// `open()` until `close()`. Flink: org.apache.flink.api.common.functions.RuntimeContext.
import type {
  AggregatingState,
  ListState,
  MapState,
  ReducingState,
  ValueState,
} from '../state/state.js'
import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../state/state-descriptor.js'

/** Static facts about the subtask. Flink: org.apache.flink.api.common.TaskInfo. */
export interface TaskInfo {
  getTaskName(): string
  getIndexOfThisSubtask(): number
  getNumberOfParallelSubtasks(): number
  getMaxNumberOfParallelSubtasks(): number
  getAttemptNumber(): number
  getTaskNameWithSubtasks(): string
}

export interface RuntimeContext {
  getTaskInfo(): TaskInfo
  getJobId(): string
  /** Flink 1.x's shortcuts for `getTaskInfo()`'s values, kept for programs ported from it. */
  getIndexOfThisSubtask(): number
  getNumberOfParallelSubtasks(): number
  getMaxNumberOfParallelSubtasks(): number
  getTaskName(): string
  /** Keyed state; throws unless the function runs on a keyed stream. */
  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T>
  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T>
  getMapState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V>
  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T>
  getAggregatingState<IN, ACC, OUT>(
    descriptor: AggregatingStateDescriptor<IN, ACC, OUT>,
  ): AggregatingState<IN, OUT>
}

/** Passed to `open()`. Flink 2: org.apache.flink.api.common.functions.OpenContext. */
export type OpenContext = Readonly<Record<string, never>>
