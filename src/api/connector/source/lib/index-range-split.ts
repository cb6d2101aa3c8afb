// A split over a contiguous range of indices [from, to], with the next index to read. Sequence,
// collection and generator sources all read index ranges and map each index to a record.
// Flink: org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit.
import { SerializationError } from '../../../../core/errors.js'
import type { SimpleVersionedSerializer, SourceSplit } from '../source.js'

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

/**
 * The remaining splits of an IndexRangeEnumerator. Version 1: the number of splits (u32), then
 * each split's length (u32) and bytes in IndexRangeSplitSerializer's version 1.
 */
export class IndexRangeSplitListSerializer implements SimpleVersionedSerializer<IndexRangeSplit[]> {
  static readonly INSTANCE = new IndexRangeSplitListSerializer()

  getVersion(): number {
    return 1
  }

  serialize(splits: IndexRangeSplit[]): Uint8Array {
    const parts = splits.map((s) => IndexRangeSplitSerializer.INSTANCE.serialize(s))
    const bytes = new Uint8Array(4 + parts.reduce((n, p) => n + 4 + p.length, 0))
    const view = new DataView(bytes.buffer)
    view.setUint32(0, parts.length)
    let at = 4
    for (const part of parts) {
      view.setUint32(at, part.length)
      bytes.set(part, at + 4)
      at += 4 + part.length
    }
    return bytes
  }

  deserialize(version: number, bytes: Uint8Array): IndexRangeSplit[] {
    const fail = (): SerializationError =>
      new SerializationError(
        `Cannot read index range enumerator state of version ${version} from ${bytes.length} bytes`,
        { domain: 'internal' },
      )
    if (version !== 1 || bytes.length < 4) throw fail()
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const count = view.getUint32(0)
    const splits: IndexRangeSplit[] = []
    let at = 4
    for (let i = 0; i < count; i++) {
      if (at + 4 > bytes.length) throw fail()
      const length = view.getUint32(at)
      if (at + 4 + length > bytes.length) throw fail()
      splits.push(
        IndexRangeSplitSerializer.INSTANCE.deserialize(1, bytes.subarray(at + 4, at + 4 + length)),
      )
      at += 4 + length
    }
    return splits
  }
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
