// Sink V2: a Sink creates one SinkWriter per parallel subtask. `write` is on the record path and
// must be synchronous; `flush(endOfInput)` runs before every checkpoint (false) and at the end of
// input (true). Two-phase commit sinks add SupportsCommitter (committer.ts), sinks with writer
// state SupportsWriterState (supports-writer-state.ts).
// Flink: org.apache.flink.api.connector.sink2.{Sink, SinkWriter, InitContext, WriterInitContext}.

export interface SinkWriterContext {
  /** The current watermark. */
  currentWatermark(): number
  /** The record's timestamp, or null when it has none. */
  timestamp(): number | null
}

/**
 * Processing time and timers as a sink writer sees them. Timer callbacks run on the task's thread,
 * between records, never concurrently with `write`. Timers stop once the input has ended.
 * Flink: org.apache.flink.api.common.operators.ProcessingTimeService.
 */
export interface ProcessingTimeService {
  getCurrentProcessingTime(): number
  /** Calls `callback(time)` once processing time reaches `time`; returns a canceller. */
  registerTimer(time: number, callback: (time: number) => void): () => void
}

/** What every sink component learns about the subtask it runs in. Flink: InitContext. */
export interface InitContext {
  getSubtaskId(): number
  getNumberOfParallelSubtasks(): number
  getJobId(): string
}

export interface WriterInitContext extends InitContext {
  /** The task's processing time, for writers that act on time (rolling files, batching). */
  getProcessingTimeService(): ProcessingTimeService
}

export interface SinkWriter<IN> {
  write(element: IN, context: SinkWriterContext): void
  /** Hands buffered records on: before a checkpoint (`endOfInput` false) and at the end of input. */
  flush(endOfInput: boolean): void
  close(): void
}

/** @public */
export interface Sink<IN> {
  createWriter(context: WriterInitContext): SinkWriter<IN>
}
