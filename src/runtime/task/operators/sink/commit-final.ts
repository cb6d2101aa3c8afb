// Committing what sinks leave for the end: at the end of input without checkpointing (by the sink
// operator itself), and, with checkpointing, once every task of the job has finished (by whoever
// watches the job: the MiniCluster, or the JobMaster on a cluster). Nothing waits between retries:
// a committer asking to retry at the end is asked again at once, a bounded number of times.
// Flink: CommitterOperator#endInput (commits without a final checkpoint), FLIP-147's final commit.
import type { Committer } from '../../../../api/connector/sink/committer.js'
import { isSupportsCommitter } from '../../../../api/connector/sink/committer.js'
import type { Sink } from '../../../../api/connector/sink/sink.js'
import { EddyError } from '../../../../core/errors.js'
import { operatorIdOf, type StreamGraph } from '../../../../graph/stream-graph.js'
import type { FinalCommittables } from '../../../common/checkpoint-state.js'
import {
  commitPending,
  newCommitterMetrics,
  type CommitterMetrics,
} from './default-commit-request.js'

/** How often committables a committer keeps asking to retry are handed to it again at the end. */
const MAX_FINAL_COMMIT_ATTEMPTS = 10

/**
 * Commits `committables` now, handing back the ones the committer asks to retry until none is
 * left; throws after MAX_FINAL_COMMIT_ATTEMPTS calls that left some, or on an unknown failure.
 */
export function commitUntilDone<CommT>(
  committer: Committer<CommT>,
  committables: readonly CommT[],
  metrics: CommitterMetrics = newCommitterMetrics(),
): void {
  let pending = committables.map((committable) => ({ checkpointId: -1, committable, retries: 0 }))
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt === MAX_FINAL_COMMIT_ATTEMPTS) {
      throw new EddyError(
        `The sink's committer still asked to retry ${pending.length} committable(s) after ` +
          `${MAX_FINAL_COMMIT_ATTEMPTS} attempts at the end of the job`,
        {
          code: 'sink.commit-retries-exhausted',
          domain: 'external',
          context: { committables: pending.length },
        },
      )
    }
    pending = commitPending(committer, pending, metrics)
  }
}

/**
 * Commits the final committables one sink operator of one finished task left (see
 * `StreamTask.finalCommittables`), with a committer of its own (subtask 0 of 1), closed after.
 *
 * Contract for the caller (MiniCluster, JobMaster): call it only once every task of the job is
 * FINISHED, and before reporting the job FINISHED; never for an attempt that failed or was
 * cancelled (a restore from the last checkpoint writes that data again). Calling it again for the
 * same committables (a JobMaster that takes over) is safe: sink commits are idempotent. A throw
 * means the job's output is incomplete: the job should end FAILED with it.
 */
export function commitFinal(sink: Sink<unknown>, final: FinalCommittables, jobId: string): void {
  if (final.committables.length === 0) return
  if (!isSupportsCommitter(sink)) {
    throw new EddyError('Final committables were left for a sink that has no committer', {
      code: 'sink.no-committer',
      context: { jobId },
    })
  }
  const serializer = sink.getCommittableSerializer()
  const committables = final.committables.map((b) => serializer.deserialize(final.version, b))
  const committer = sink.createCommitter({
    getSubtaskId: () => 0,
    getNumberOfParallelSubtasks: () => 1,
    getJobId: () => jobId,
  })
  try {
    commitUntilDone(committer, committables)
  } finally {
    committer.close()
  }
}

/**
 * `commitFinal` for every sink operator of every finished task: `perTask` holds each task's
 * `finalCommittables()`, by operator id (`operatorIdOf(node)`), and `streamGraph` finds the sink
 * of each id. Same contract as `commitFinal`.
 */
export function commitFinalCommittables(
  streamGraph: StreamGraph,
  perTask: readonly Readonly<Record<string, FinalCommittables>>[],
  jobId: string,
): void {
  const sinks = new Map<string, Sink<unknown>>()
  for (const node of streamGraph.nodes.values()) {
    if (node.operator.kind === 'sink') sinks.set(operatorIdOf(node), node.operator.sink)
  }
  for (const byOperator of perTask) {
    for (const [operatorId, final] of Object.entries(byOperator)) {
      const sink = sinks.get(operatorId)
      if (sink === undefined) {
        throw new EddyError(`Final committables name operator ${operatorId}, which is no sink`, {
          code: 'sink.unknown-operator',
          context: { operatorId, jobId },
        })
      }
      commitFinal(sink, final, jobId)
    }
  }
}
