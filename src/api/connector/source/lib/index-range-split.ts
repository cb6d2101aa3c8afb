// A split over a contiguous range of indices [from, to], with the next index to read. Sequence,
// collection and generator sources all read index ranges and map each index to a record.
// Flink: org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit.
import type { SourceSplit } from '../source.js'

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
