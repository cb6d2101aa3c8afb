// A test source whose readers emit a fixed list of events (each value is its own event
// timestamp), then wait, neither ending nor emitting, until `released` resolves; then they end.
// It has no splits. Tests use it to hold a source open while they watch the rest of the job.
import type {
  InputStatus,
  ReaderOutput,
  SimpleVersionedSerializer,
  Source,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
  SplitEnumerator,
} from '../../../src/index.js'

export class GatedSource implements Source<number, SourceSplit, null> {
  private readonly eventsOf: (subtask: number) => readonly number[]
  private readonly released: Promise<void>

  constructor(eventsOf: (subtask: number) => readonly number[], released: Promise<void>) {
    this.eventsOf = eventsOf
    this.released = released
  }

  getBoundedness(): 'CONTINUOUS_UNBOUNDED' {
    return 'CONTINUOUS_UNBOUNDED'
  }
  createEnumerator(): SplitEnumerator<SourceSplit, null> {
    return noSplits()
  }
  restoreEnumerator(): SplitEnumerator<SourceSplit, null> {
    return noSplits()
  }
  getSplitSerializer(): SimpleVersionedSerializer<SourceSplit> {
    return {
      getVersion: () => 1,
      serialize: () => new Uint8Array(),
      deserialize: () => ({ splitId: () => '' }),
    }
  }
  getEnumeratorCheckpointSerializer(): SimpleVersionedSerializer<null> {
    return { getVersion: () => 1, serialize: () => new Uint8Array(), deserialize: () => null }
  }
  createReader(context: SourceReaderContext): SourceReader<number, SourceSplit> {
    const pending = [...this.eventsOf(context.getIndexOfSubtask())]
    const released = this.released
    let done = false
    void released.then(() => (done = true))
    return {
      start: () => {},
      pollNext(output: ReaderOutput<number>): InputStatus {
        const next = pending.shift()
        if (next !== undefined) {
          output.collect(next, next)
          return 'MORE_AVAILABLE'
        }
        return done ? 'END_OF_INPUT' : 'NOTHING_AVAILABLE'
      },
      isAvailable: () => released,
      addSplits: () => {},
      notifyNoMoreSplits: () => {},
      snapshotState: () => [],
      close: () => {},
    }
  }
}

function noSplits(): SplitEnumerator<SourceSplit, null> {
  return {
    start: () => {},
    handleSplitRequest: () => {},
    addSplitsBack: () => {},
    addReader: () => {},
    snapshotState: () => null,
    close: () => {},
  }
}
