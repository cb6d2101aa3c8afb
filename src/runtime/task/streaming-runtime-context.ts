// The RuntimeContext a rich function gets: task facts and keyed state of its operator.
// Flink: org.apache.flink.streaming.api.operators.StreamingRuntimeContext.
import { InvalidProgramError } from '../../core/errors.js'
import type { RuntimeContext, TaskInfo } from '../../api/functions/runtime-context.js'
import type {
  AggregatingState,
  ListState,
  MapState,
  ReducingState,
  ValueState,
} from '../../api/state/state.js'
import type {
  AggregatingStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  ValueStateDescriptor,
} from '../../api/state/state-descriptor.js'
import type { KeyedStateBackend } from '../state/keyed-state-backend.js'

export class StreamingRuntimeContext implements RuntimeContext {
  private readonly taskInfo: TaskInfo
  private readonly jobId: string
  private readonly keyedStateBackend: KeyedStateBackend | undefined

  constructor(taskInfo: TaskInfo, jobId: string, keyedStateBackend: KeyedStateBackend | undefined) {
    this.taskInfo = taskInfo
    this.jobId = jobId
    this.keyedStateBackend = keyedStateBackend
  }

  getTaskInfo(): TaskInfo {
    return this.taskInfo
  }

  getJobId(): string {
    return this.jobId
  }

  getIndexOfThisSubtask(): number {
    return this.taskInfo.getIndexOfThisSubtask()
  }

  getNumberOfParallelSubtasks(): number {
    return this.taskInfo.getNumberOfParallelSubtasks()
  }

  getMaxNumberOfParallelSubtasks(): number {
    return this.taskInfo.getMaxNumberOfParallelSubtasks()
  }

  getTaskName(): string {
    return this.taskInfo.getTaskName()
  }

  private backend(): KeyedStateBackend {
    if (this.keyedStateBackend === undefined) {
      throw new InvalidProgramError(
        `Keyed state can only be used on a 'keyed stream', i.e., after a 'keyBy()' operation (operator '${this.taskInfo.getTaskName()}')`,
      )
    }
    return this.keyedStateBackend
  }

  getState<T>(descriptor: ValueStateDescriptor<T>): ValueState<T> {
    return this.backend().getState(descriptor)
  }

  getListState<T>(descriptor: ListStateDescriptor<T>): ListState<T> {
    return this.backend().getState(descriptor)
  }

  getMapState<K, V>(descriptor: MapStateDescriptor<K, V>): MapState<K, V> {
    return this.backend().getState(descriptor)
  }

  getReducingState<T>(descriptor: ReducingStateDescriptor<T>): ReducingState<T> {
    return this.backend().getState(descriptor)
  }

  getAggregatingState<IN, ACC, OUT>(
    descriptor: AggregatingStateDescriptor<IN, ACC, OUT>,
  ): AggregatingState<IN, OUT> {
    return this.backend().getState(descriptor)
  }
}

/** Static facts of one subtask. */
export class SubtaskInfo implements TaskInfo {
  private readonly taskName: string
  private readonly index: number
  private readonly parallelism: number
  private readonly maxParallelism: number
  private readonly attempt: number

  constructor(
    taskName: string,
    index: number,
    parallelism: number,
    maxParallelism: number,
    attempt = 0,
  ) {
    this.taskName = taskName
    this.index = index
    this.parallelism = parallelism
    this.maxParallelism = maxParallelism
    this.attempt = attempt
  }

  getTaskName(): string {
    return this.taskName
  }
  getIndexOfThisSubtask(): number {
    return this.index
  }
  getNumberOfParallelSubtasks(): number {
    return this.parallelism
  }
  getMaxNumberOfParallelSubtasks(): number {
    return this.maxParallelism
  }
  getAttemptNumber(): number {
    return this.attempt
  }
  getTaskNameWithSubtasks(): string {
    return `${this.taskName} (${this.index + 1}/${this.parallelism})#${this.attempt}`
  }
}
