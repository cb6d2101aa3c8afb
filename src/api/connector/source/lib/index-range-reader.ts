// Reads index-range splits, one record per pollNext, mapping each index to a record. Asks the
// enumerator for a new split when the current one is done.
// Flink: org.apache.flink.api.connector.source.lib.util.IteratorSourceReader.
import {
  isIndexRangeOutput,
  type InputStatus,
  type ReaderOutput,
  type SourceOutput,
  type SourceReader,
  type SourceReaderContext,
} from '../source.js'
import type { IndexRangeSplit } from './index-range-split.js'

/** Records per `collectRange` call. */
const RANGE_BATCH = 512

export class IndexRangeReader<T> implements SourceReader<T, IndexRangeSplit> {
  private readonly context: SourceReaderContext
  private readonly mapIndex: (index: number) => T
  private readonly pending: IndexRangeSplit[] = []
  private current: IndexRangeSplit | null = null
  /** The current split's output, and the reader output it came from. */
  private splitOutput: SourceOutput<T> | null = null
  private splitOutputOf: ReaderOutput<T> | null = null
  private noMoreSplits = false
  private availability: Promise<void> | null = null
  private resolveAvailability: (() => void) | null = null

  constructor(context: SourceReaderContext, mapIndex: (index: number) => T) {
    this.context = context
    this.mapIndex = mapIndex
  }

  start(): void {
    this.context.sendSplitRequest()
  }

  pollNext(output: ReaderOutput<T>): InputStatus {
    const split = this.current
    if (split !== null && split.next <= split.to) {
      if (this.splitOutputOf !== output) {
        this.splitOutput = output.createOutputForSplit(split.id)
        this.splitOutputOf = output
      }
      const out = this.splitOutput!
      if (isIndexRangeOutput(out)) {
        // A bounded batch per poll, so the task still checks its outputs' credit between polls.
        const to = Math.min(split.to, split.next + RANGE_BATCH - 1)
        const from = split.next
        split.next = to + 1
        out.collectRange(this.mapIndex, from, to)
      } else {
        out.collect(this.mapIndex(split.next++))
      }
      return 'MORE_AVAILABLE'
    }
    return this.advance(output)
  }

  private advance(output: ReaderOutput<T>): InputStatus {
    if (this.current !== null) {
      output.releaseOutputForSplit(this.current.id)
      this.splitOutput = null
      this.splitOutputOf = null
      this.current = null
      if (this.pending.length === 0 && !this.noMoreSplits) this.context.sendSplitRequest()
    }
    const next = this.pending.shift()
    if (next !== undefined) {
      this.current = next
      return 'MORE_AVAILABLE'
    }
    return this.noMoreSplits ? 'END_OF_INPUT' : 'NOTHING_AVAILABLE'
  }

  isAvailable(): Promise<void> {
    if (this.pending.length > 0 || this.noMoreSplits || this.current !== null) {
      return Promise.resolve()
    }
    this.availability ??= new Promise<void>((resolve) => {
      this.resolveAvailability = resolve
    })
    return this.availability
  }

  addSplits(splits: IndexRangeSplit[]): void {
    this.pending.push(...splits)
    this.signalAvailable()
  }

  notifyNoMoreSplits(): void {
    this.noMoreSplits = true
    this.signalAvailable()
  }

  private signalAvailable(): void {
    const resolve = this.resolveAvailability
    this.availability = null
    this.resolveAvailability = null
    resolve?.()
  }

  snapshotState(): IndexRangeSplit[] {
    const state = this.current === null ? [] : [this.current]
    return state.concat(this.pending)
  }

  close(): void {}
}
