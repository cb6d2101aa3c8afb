// What a task hands an operator at setup. Flink: StreamOperatorParameters.
import type { TaskInfo } from '../../../api/functions/runtime-context.js'
import type { KeyExtractor } from '../../../api/dag/transformation.js'
import type { KeyedStateBackend } from '../../state/keyed-state-backend.js'
import type { OperatorStateBackend } from '../../state/operator-state-backend.js'
import type { ProcessingTimeService } from '../processing-time-service.js'
import type { Output } from './stream-operator.js'

export interface StreamOperatorParameters {
  readonly output: Output
  readonly taskInfo: TaskInfo
  readonly jobId: string
  /** Present when the operator runs on a keyed stream. */
  readonly keyedStateBackend: KeyedStateBackend | undefined
  /** The key per input (index 0 = first input). */
  readonly keySelectors: readonly (KeyExtractor | undefined)[]
  readonly operatorStateBackend: OperatorStateBackend
  readonly processingTimeService: ProcessingTimeService
  /**
   * Whether the job takes periodic checkpoints (execution.checkpointing.interval is set): sinks
   * then commit at checkpoints and leave what the end of input prepared to the job's end.
   */
  readonly isCheckpointingEnabled: boolean
}
