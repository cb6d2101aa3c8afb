// Two-phase commit for Sink V2: at a checkpoint the writer prepares committables (data made
// durable but not yet visible); once the checkpoint completes, a Committer makes them visible.
// Commits are retried after a recovery, so a Committer must be idempotent: committing something
// already committed succeeds (signalAlreadyCommitted) and changes nothing.
// Flink: org.apache.flink.api.connector.sink2.{SupportsCommitter, Committer, CommittingSinkWriter}.
import type { SimpleVersionedSerializer } from '../source/source.js'
import type { InitContext, Sink, SinkWriter } from './sink.js'

/** Flink: CommitterInitContext. */
export type CommitterInitContext = InitContext

/**
 * One committable handed to `Committer.commit`. A request nobody signals counts as committed.
 * Flink: Committer.CommitRequest.
 */
export interface CommitRequest<CommT> {
  getCommittable(): CommT
  /** How often this committable was handed back for a retry. */
  getNumberOfRetries(): number
  /** The commit failed for a reason the committer understands: the committable is dropped. */
  signalFailedWithKnownReason(error: unknown): void
  /** The commit failed unexpectedly: the job fails (and restarts if its strategy allows). */
  signalFailedWithUnknownReason(error: unknown): void
  /** Commit this again later (after the next completed checkpoint). */
  retryLater(): void
  /** Commit `committable` instead, later. */
  updateAndRetryLater(committable: CommT): void
  /** It was committed before (an earlier attempt got that far): nothing to do. */
  signalAlreadyCommitted(): void
}

/**
 * Makes committables visible. Called on the task's thread, synchronously, with the committables
 * of every checkpoint up to the one that completed; on a restore with the restored ones first.
 * Must be idempotent (see the file header).
 */
export interface Committer<CommT> {
  commit(requests: readonly CommitRequest<CommT>[]): void
  close(): void
}

/** A sink whose writers prepare committables that a Committer commits. @public */
export interface SupportsCommitter<CommT> {
  createCommitter(context: CommitterInitContext): Committer<CommT>
  /** Writes committables into checkpoints; its version is stored with them. */
  getCommittableSerializer(): SimpleVersionedSerializer<CommT>
}

/**
 * The writer of a SupportsCommitter sink. `prepareCommit` runs after `flush` at every checkpoint
 * and at the end of input; what it returns belongs to that checkpoint (or to the end).
 */
export interface CommittingSinkWriter<IN, CommT> extends SinkWriter<IN> {
  prepareCommit(): CommT[]
}

export function isSupportsCommitter<IN>(
  sink: Sink<IN>,
): sink is Sink<IN> & SupportsCommitter<unknown> {
  const s = sink as Partial<SupportsCommitter<unknown>>
  return typeof s.createCommitter === 'function' && typeof s.getCommittableSerializer === 'function'
}

export function isCommittingSinkWriter<IN>(
  writer: SinkWriter<IN>,
): writer is CommittingSinkWriter<IN, unknown> {
  return typeof (writer as Partial<CommittingSinkWriter<IN, unknown>>).prepareCommit === 'function'
}
