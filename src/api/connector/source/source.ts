// The FLIP-27 source interfaces. A Source is a factory: the SplitEnumerator runs once per source on
// the coordinator side and hands out splits; a SourceReader runs in each parallel subtask and reads
// them. Reader methods run on the task's thread and must not block: `pollNext` emits what is ready
// and says whether more is, `isAvailable()` resolves when polling is worth trying again.
// Flink: org.apache.flink.api.connector.source.*.

export type Boundedness = 'BOUNDED' | 'CONTINUOUS_UNBOUNDED'

/** What `pollNext` says about the reader's input. Flink: org.apache.flink.core.io.InputStatus. */
export type InputStatus = 'MORE_AVAILABLE' | 'NOTHING_AVAILABLE' | 'END_OF_INPUT'

/** A unit of work a reader reads, e.g. a range of numbers or a file. */
export interface SourceSplit {
  splitId(): string
}

/** Where a reader emits records. `collect(record, timestamp)` sets the event timestamp. */
export interface SourceOutput<T> {
  collect(record: T, timestamp?: number): void
}

/**
 * The reader's output. Records of one split should go to that split's output: with a watermark
 * strategy each split runs its own generator and the source's watermark is the minimum over its
 * active splits, so a split that lags does not see its records made late by another.
 * Flink: org.apache.flink.api.connector.source.ReaderOutput.
 */
export interface ReaderOutput<T> extends SourceOutput<T> {
  /** The output of one split; the same one for the same id until released. */
  createOutputForSplit(splitId: string): SourceOutput<T>
  /** The split is done: its watermark no longer holds the source's back. */
  releaseOutputForSplit(splitId: string): void
}

/**
 * A ReaderOutput that also takes a whole index range at once: the runtime offers it when the
 * chain can run the range as one generated loop (records `mapIndex(from)..mapIndex(to)`, without
 * timestamps). Readers of index-mapped splits check for it once per poll.
 */
export interface IndexRangeOutput<T> extends SourceOutput<T> {
  collectRange(mapIndex: (index: number) => T, from: number, to: number): void
}

export function isIndexRangeOutput<T>(output: SourceOutput<T>): output is IndexRangeOutput<T> {
  return typeof (output as Partial<IndexRangeOutput<T>>).collectRange === 'function'
}

export interface SourceReaderContext {
  getIndexOfSubtask(): number
  getNumberOfParallelSubtasks(): number
  /** Asks the enumerator for a split; it answers through `addSplits` or `notifyNoMoreSplits`. */
  sendSplitRequest(): void
}

export interface SourceReader<T, SplitT extends SourceSplit> {
  start(): void
  pollNext(output: ReaderOutput<T>): InputStatus
  /** Resolves when `pollNext` may have more to emit. */
  isAvailable(): Promise<void>
  addSplits(splits: SplitT[]): void
  notifyNoMoreSplits(): void
  snapshotState(checkpointId: number): SplitT[]
  close(): void
}

export interface SplitEnumeratorContext<SplitT extends SourceSplit> {
  currentParallelism(): number
  /** Subtask ids of the readers registered so far. */
  registeredReaders(): ReadonlySet<number>
  assignSplit(split: SplitT, subtaskId: number): void
  signalNoMoreSplits(subtaskId: number): void
}

export interface SplitEnumerator<SplitT extends SourceSplit, CheckpointT> {
  start(): void
  handleSplitRequest(subtaskId: number): void
  /** Splits of a failed reader come back here to be reassigned. */
  addSplitsBack(splits: SplitT[], subtaskId: number): void
  addReader(subtaskId: number): void
  snapshotState(checkpointId: number): CheckpointT
  close(): void
}

/**
 * Turns splits into bytes and back, so they can travel from the JobManager's enumerator to readers
 * in other processes and be stored in checkpoints. The version lets a newer reader read older bytes.
 * Flink: org.apache.flink.core.io.SimpleVersionedSerializer.
 */
export interface SimpleVersionedSerializer<T> {
  getVersion(): number
  serialize(value: T): Uint8Array
  deserialize(version: number, bytes: Uint8Array): T
}

/**
 * @public
 * A parallel source. Implementations must be plain, deterministic factories: the same program
 * builds the same source on every TaskManager.
 */
export interface Source<T, SplitT extends SourceSplit, EnumChkT> {
  getBoundedness(): Boundedness
  createEnumerator(context: SplitEnumeratorContext<SplitT>): SplitEnumerator<SplitT, EnumChkT>
  restoreEnumerator(
    context: SplitEnumeratorContext<SplitT>,
    checkpoint: EnumChkT,
  ): SplitEnumerator<SplitT, EnumChkT>
  createReader(context: SourceReaderContext): SourceReader<T, SplitT>
  getSplitSerializer(): SimpleVersionedSerializer<SplitT>
  /** Writes the enumerator's checkpoint (what `snapshotState` returns) into checkpoints. */
  getEnumeratorCheckpointSerializer(): SimpleVersionedSerializer<EnumChkT>
}

// The splits' and checkpoint's concrete types do not matter once a source is in a pipeline.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- variance escape for heterogeneous sources
export type AnySource<T> = Source<T, any, any>
