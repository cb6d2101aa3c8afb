// Sink V2: a Sink creates one SinkWriter per parallel subtask. `write` is on the record path and
// must be synchronous; `flush(endOfInput)` runs at the end of input (and at checkpoints later).
// Flink: org.apache.flink.api.connector.sink2.{Sink, SinkWriter, WriterInitContext}.

export interface SinkWriterContext {
  /** The current watermark. */
  currentWatermark(): number
  /** The record's timestamp, or null when it has none. */
  timestamp(): number | null
}

export interface WriterInitContext {
  getSubtaskId(): number
  getNumberOfParallelSubtasks(): number
  getJobId(): string
}

export interface SinkWriter<IN> {
  write(element: IN, context: SinkWriterContext): void
  flush(endOfInput: boolean): void
  close(): void
}

/** @public */
export interface Sink<IN> {
  createWriter(context: WriterInitContext): SinkWriter<IN>
}
