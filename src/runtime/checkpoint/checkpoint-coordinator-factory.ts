// Creates a job's CheckpointCoordinator from its configuration, for the in-process MiniCluster and
// the JobMaster alike. Every job has one, for savepoints; it triggers checkpoints periodically
// only when execution.checkpointing.interval is set.
import { CheckpointingOptions } from '../../core/config/checkpointing-options.js'
import type { Configuration } from '../../core/config/configuration.js'
import { WebOptions } from '../../core/config/web-options.js'
import type { EddyError } from '../../core/errors.js'
import type { Logger } from '../../core/logging/logger.js'
import type { Clock } from '../../core/time/clock.js'
import type { JobGraph } from '../../graph/job-graph.js'
import { operatorIdOf } from '../../graph/stream-graph.js'
import {
  CheckpointCoordinator,
  type CheckpointTask,
  type CheckpointedOperator,
  type CheckpointedOperatorCoordinator,
} from './checkpoint-coordinator.js'
import { FsCheckpointStorage } from './fs-checkpoint-storage.js'

export interface CheckpointCoordinatorDeps {
  readonly tasks: () => readonly CheckpointTask[]
  readonly operatorCoordinators: () => ReadonlyMap<string, CheckpointedOperatorCoordinator>
  readonly onTolerableFailuresExceeded: (error: EddyError) => void
  readonly clock: Clock
  readonly log?: Logger
}

export function createCheckpointCoordinator(
  jobGraph: JobGraph,
  configuration: Configuration,
  deps: CheckpointCoordinatorDeps,
): CheckpointCoordinator {
  const interval = configuration.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL)
  const directory = configuration.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY)
  const mode = configuration.get(CheckpointingOptions.CHECKPOINTING_MODE)
  return new CheckpointCoordinator({
    jobId: jobGraph.jobId,
    intervalMs: interval,
    timeoutMs: configuration.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT),
    minPauseMs: configuration.get(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS),
    maxConcurrent: configuration.get(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS),
    tolerableFailures: configuration.get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER),
    numRetained: configuration.get(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS),
    historySize: configuration.get(WebOptions.CHECKPOINTS_HISTORY_SIZE),
    retention: configuration.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION),
    mode,
    alignedCheckpointTimeoutMs:
      mode === 'EXACTLY_ONCE' && configuration.get(CheckpointingOptions.ENABLE_UNALIGNED)
        ? configuration.get(CheckpointingOptions.ALIGNED_CHECKPOINT_TIMEOUT)
        : undefined,
    storage:
      directory === undefined ? undefined : new FsCheckpointStorage(directory, jobGraph.jobId),
    operators: checkpointedOperatorsOf(jobGraph),
    ...deps,
  })
}

/** Every operator of the job, as checkpoints record its state. */
export function checkpointedOperatorsOf(jobGraph: JobGraph): CheckpointedOperator[] {
  return jobGraph.vertices.flatMap((v) =>
    v.chain.map((node) => ({
      operatorId: operatorIdOf(node),
      operatorName: node.operatorName,
      parallelism: node.parallelism,
      maxParallelism: node.maxParallelism,
    })),
  )
}
