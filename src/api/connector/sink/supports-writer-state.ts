// Sinks whose writers have state of their own (open files, counters, transactions): the writer's
// state is taken at every checkpoint and handed to `restoreWriter` on a restore, redistributed
// evenly over the new subtasks when the parallelism changed.
// Flink: org.apache.flink.api.connector.sink2.{SupportsWriterState, StatefulSinkWriter}.
import type { SimpleVersionedSerializer } from '../source/source.js'
import type { Sink, SinkWriter, WriterInitContext } from './sink.js'

/** A writer whose state goes into checkpoints. */
export interface StatefulSinkWriter<IN, WriterStateT> extends SinkWriter<IN> {
  /** The writer's state at checkpoint `checkpointId`, after `flush(false)` (and `prepareCommit`). */
  snapshotState(checkpointId: number): WriterStateT[]
}

/** @public */
export interface SupportsWriterState<IN, WriterStateT> {
  /**
   * The writer of a restored subtask. `recoveredState` is its share of the states the old
   * subtasks took (possibly empty, possibly from several of them after a rescale).
   */
  restoreWriter(
    context: WriterInitContext,
    recoveredState: readonly WriterStateT[],
  ): StatefulSinkWriter<IN, WriterStateT>
  getWriterStateSerializer(): SimpleVersionedSerializer<WriterStateT>
}

export function isSupportsWriterState<IN>(
  sink: Sink<IN>,
): sink is Sink<IN> & SupportsWriterState<IN, unknown> {
  const s = sink as Partial<SupportsWriterState<IN, unknown>>
  return typeof s.restoreWriter === 'function' && typeof s.getWriterStateSerializer === 'function'
}

export function isStatefulSinkWriter<IN>(
  writer: SinkWriter<IN>,
): writer is StatefulSinkWriter<IN, unknown> {
  return typeof (writer as Partial<StatefulSinkWriter<IN, unknown>>).snapshotState === 'function'
}
