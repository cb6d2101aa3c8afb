// A split over a contiguous range of indices [from, to], with the next index to read. Sequence,
// collection and generator sources all read index ranges and map each index to a record.
// Flink: org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit.
import { SerializationError } from '../../../../core/errors.js'
import type { SimpleVersionedSerializer, SourceSplit } from '../source.js'
import { SplitListSerializer } from './split-list-serializer.js'

export class IndexRangeSplit implements SourceSplit {
  readonly id: string
  readonly from: number
  readonly to: number
  /** The next index to read; the split is done when `next > to`. */
  next: number

  constructor(id: string, from: number, to: number, next = from) {
    this.id = id
    this.from = from
    this.to = to
    this.next = next
  }

  splitId(): string {
    return this.id
  }
}

/** Cuts [from, to] into `numSplits` ranges of near-equal size, in order. Flink: splitNumberRange. */
export function splitIndexRange(from: number, to: number, numSplits: number): IndexRangeSplit[] {
  const total = to - from + 1
  const splits: IndexRangeSplit[] = []
  if (total <= 0) return splits
  const n = Math.max(1, Math.min(numSplits, total))
  const base = Math.floor(total / n)
  const remainder = total % n
  let start = from
  for (let i = 0; i < n; i++) {
    const size = base + (i < remainder ? 1 : 0)
    splits.push(new IndexRangeSplit(String(i), start, start + size - 1))
    start += size
  }
  return splits
}

/** Version 1: `[from, to, next]` as float64, then the id as UTF-8. */
export class IndexRangeSplitSerializer implements SimpleVersionedSerializer<IndexRangeSplit> {
  static readonly INSTANCE = new IndexRangeSplitSerializer()

  getVersion(): number {
    return 1
  }

  serialize(split: IndexRangeSplit): Uint8Array {
    const id = new TextEncoder().encode(split.id)
    const bytes = new Uint8Array(24 + id.length)
    const view = new DataView(bytes.buffer)
    view.setFloat64(0, split.from)
    view.setFloat64(8, split.to)
    view.setFloat64(16, split.next)
    bytes.set(id, 24)
    return bytes
  }

  deserialize(version: number, bytes: Uint8Array): IndexRangeSplit {
    if (version !== 1 || bytes.length < 24) {
      throw new SerializationError(
        `Cannot read an index range split of version ${version} from ${bytes.length} bytes`,
        { domain: 'internal' },
      )
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const id = new TextDecoder().decode(bytes.subarray(24))
    return new IndexRangeSplit(id, view.getFloat64(0), view.getFloat64(8), view.getFloat64(16))
  }
}

/** The remaining splits of an index range source's enumerator. */
export const INDEX_RANGE_SPLIT_LIST_SERIALIZER = new SplitListSerializer(
  IndexRangeSplitSerializer.INSTANCE,
  'index range enumerator state',
)
