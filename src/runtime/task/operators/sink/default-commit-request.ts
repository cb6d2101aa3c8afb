// Hands committables to a Committer as CommitRequests and sorts out what the committer signalled:
// committed (signalled or not), dropped (known failure), to retry, or failing the job (unknown
// failure). Flink: org.apache.flink.streaming.runtime.operators.sink.committables.CommitRequestImpl.
import type { CommitRequest, Committer } from '../../../../api/connector/sink/committer.js'
import { EddyError, describe } from '../../../../core/errors.js'

type CommitRequestState = 'RECEIVED' | 'RETRY' | 'FAILED_KNOWN' | 'FAILED_UNKNOWN' | 'COMMITTED'

/** Counters of what commits did, as Flink's SinkCommitterMetricGroup names them. */
export type CommitterMetrics = {
  numCommittablesTotal: number
  numCommittablesSuccess: number
  numCommittablesAlreadyCommitted: number
  numCommittablesRetry: number
  /** Dropped after a known failure (the committer said why) or failing the job. */
  numCommittablesFailure: number
}

export function newCommitterMetrics(): CommitterMetrics {
  return {
    numCommittablesTotal: 0,
    numCommittablesSuccess: 0,
    numCommittablesAlreadyCommitted: 0,
    numCommittablesRetry: 0,
    numCommittablesFailure: 0,
  }
}

/** A committable not yet committed, with the checkpoint that prepared it. */
export interface PendingCommittable<CommT> {
  /** The checkpoint whose completion makes it committable (see SinkWriterOperator). */
  readonly checkpointId: number
  readonly committable: CommT
  readonly retries: number
}

export class DefaultCommitRequest<CommT> implements CommitRequest<CommT> {
  state: CommitRequestState = 'RECEIVED'
  failure: unknown = undefined
  private committable: CommT
  private readonly retries: number

  constructor(committable: CommT, retries: number) {
    this.committable = committable
    this.retries = retries
  }

  getCommittable(): CommT {
    return this.committable
  }

  getNumberOfRetries(): number {
    return this.retries
  }

  signalFailedWithKnownReason(error: unknown): void {
    this.state = 'FAILED_KNOWN'
    this.failure = error
  }

  signalFailedWithUnknownReason(error: unknown): void {
    this.state = 'FAILED_UNKNOWN'
    this.failure = error
  }

  retryLater(): void {
    this.state = 'RETRY'
  }

  updateAndRetryLater(committable: CommT): void {
    this.committable = committable
    this.state = 'RETRY'
  }

  signalAlreadyCommitted(): void {
    this.state = 'COMMITTED'
  }
}

/**
 * Commits `pending` in one `commit` call; returns those the committer asked to retry, with their
 * retry count raised. A committable that failed for a known reason is dropped, as Flink does (the
 * committer decided it cannot be committed), and counted. Throws when the committer signalled an
 * unknown failure (after the call, so the committer finishes its batch).
 */
export function commitPending<CommT>(
  committer: Committer<CommT>,
  pending: readonly PendingCommittable<CommT>[],
  metrics: CommitterMetrics,
): PendingCommittable<CommT>[] {
  if (pending.length === 0) return []
  const requests = pending.map((p) => new DefaultCommitRequest(p.committable, p.retries))
  committer.commit(requests)
  const retry: PendingCommittable<CommT>[] = []
  for (let i = 0; i < requests.length; i++) {
    const request = requests[i]!
    metrics.numCommittablesTotal++
    if (request.state === 'RECEIVED' || request.state === 'COMMITTED') {
      if (request.state === 'RECEIVED') metrics.numCommittablesSuccess++
      else metrics.numCommittablesAlreadyCommitted++
      continue
    }
    if (request.state === 'FAILED_KNOWN' || request.state === 'FAILED_UNKNOWN') {
      metrics.numCommittablesFailure++
    }
    if (request.state === 'FAILED_UNKNOWN') {
      throw new EddyError(`Committing a sink's committable failed: ${describe(request.failure)}`, {
        code: 'sink.commit-failed',
        domain: 'external',
        context: { checkpointId: pending[i]!.checkpointId, retries: request.getNumberOfRetries() },
        cause: request.failure,
      })
    }
    if (request.state === 'RETRY') {
      metrics.numCommittablesRetry++
      retry.push({
        checkpointId: pending[i]!.checkpointId,
        committable: request.getCommittable(),
        retries: request.getNumberOfRetries() + 1,
      })
    }
  }
  return retry
}
