// Hands out the remaining splits one per request and then signals that there are no more.
// Flink: org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator.
import type { SplitEnumerator, SplitEnumeratorContext } from '../source.js'
import type { IndexRangeSplit } from './index-range-split.js'

export class IndexRangeEnumerator implements SplitEnumerator<IndexRangeSplit, IndexRangeSplit[]> {
  private readonly context: SplitEnumeratorContext<IndexRangeSplit>
  private readonly remaining: IndexRangeSplit[]

  constructor(context: SplitEnumeratorContext<IndexRangeSplit>, splits: IndexRangeSplit[]) {
    this.context = context
    this.remaining = splits.slice()
  }

  start(): void {}

  handleSplitRequest(subtaskId: number): void {
    const split = this.remaining.shift()
    if (split === undefined) this.context.signalNoMoreSplits(subtaskId)
    else this.context.assignSplit(split, subtaskId)
  }

  addSplitsBack(splits: IndexRangeSplit[]): void {
    this.remaining.unshift(...splits)
  }

  addReader(): void {}

  snapshotState(): IndexRangeSplit[] {
    return this.remaining.slice()
  }

  close(): void {}
}
