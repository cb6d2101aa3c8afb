// A parallel source of the numbers from..to (inclusive), split evenly across the readers.
// Flink: org.apache.flink.api.connector.source.lib.NumberSequenceSource.
import { InvalidProgramError } from '../../../../core/errors.js'
import type {
  Boundedness,
  SimpleVersionedSerializer,
  Source,
  SourceReader,
  SourceReaderContext,
  SplitEnumerator,
  SplitEnumeratorContext,
} from '../source.js'
import { IteratorSourceEnumerator } from './iterator-source-enumerator.js'
import { IndexRangeReader } from './index-range-reader.js'
import {
  INDEX_RANGE_SPLIT_LIST_SERIALIZER,
  IndexRangeSplitSerializer,
  splitIndexRange,
  type IndexRangeSplit,
} from './index-range-split.js'

/**
 * A bounded source over an index range whose records are `mapIndex(i)`; the base of the sequence,
 * collection and data-generator sources.
 */
export class IndexedSource<T> implements Source<T, IndexRangeSplit, IndexRangeSplit[]> {
  readonly from: number
  readonly to: number
  private readonly mapIndex: (index: number) => T

  constructor(from: number, to: number, mapIndex: (index: number) => T) {
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) {
      throw new InvalidProgramError(
        `Sequence bounds must be safe integers, got from=${from} to=${to}`,
      )
    }
    if (to < from - 1) {
      throw new InvalidProgramError(`Sequence end ${to} is before its start ${from}`)
    }
    this.from = from
    this.to = to
    this.mapIndex = mapIndex
  }

  getBoundedness(): Boundedness {
    return 'BOUNDED'
  }

  createEnumerator(
    context: SplitEnumeratorContext<IndexRangeSplit>,
  ): SplitEnumerator<IndexRangeSplit, IndexRangeSplit[]> {
    return new IteratorSourceEnumerator(
      context,
      splitIndexRange(this.from, this.to, context.currentParallelism()),
    )
  }

  restoreEnumerator(
    context: SplitEnumeratorContext<IndexRangeSplit>,
    checkpoint: IndexRangeSplit[],
  ): SplitEnumerator<IndexRangeSplit, IndexRangeSplit[]> {
    return new IteratorSourceEnumerator(context, checkpoint)
  }

  createReader(context: SourceReaderContext): SourceReader<T, IndexRangeSplit> {
    return new IndexRangeReader(context, this.mapIndex)
  }

  getSplitSerializer(): SimpleVersionedSerializer<IndexRangeSplit> {
    return IndexRangeSplitSerializer.INSTANCE
  }

  getEnumeratorCheckpointSerializer(): SimpleVersionedSerializer<IndexRangeSplit[]> {
    return INDEX_RANGE_SPLIT_LIST_SERIALIZER
  }
}

const identity = (i: number): number => i

/** @public The numbers from..to, inclusive. */
export class NumberSequenceSource extends IndexedSource<number> {
  constructor(from: number, to: number) {
    super(from, to, identity)
  }
}
