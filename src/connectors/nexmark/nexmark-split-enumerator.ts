// Hands out the source's fixed set of splits, one per request, then says there are no more.
// Splits of a failed reader come back and go to the next reader that asks.
// Flink (nexmark): com.github.nexmark.flink.source.NexmarkSource.StaticSplitEnumerator.
import type { SplitEnumerator, SplitEnumeratorContext } from '../../api/connector/source/source.js'
import type { NexmarkSplit } from './nexmark-split.js'

export class NexmarkSplitEnumerator implements SplitEnumerator<NexmarkSplit, NexmarkSplit[]> {
  private readonly context: SplitEnumeratorContext<NexmarkSplit>
  private readonly remaining: NexmarkSplit[]

  constructor(context: SplitEnumeratorContext<NexmarkSplit>, splits: readonly NexmarkSplit[]) {
    this.context = context
    this.remaining = splits.slice()
  }

  start(): void {}

  handleSplitRequest(subtaskId: number): void {
    const split = this.remaining.shift()
    if (split === undefined) this.context.signalNoMoreSplits(subtaskId)
    else this.context.assignSplit(split, subtaskId)
  }

  addSplitsBack(splits: NexmarkSplit[]): void {
    this.remaining.unshift(...splits)
  }

  addReader(): void {}

  snapshotState(): NexmarkSplit[] {
    return this.remaining.map((split) => split.copy())
  }

  close(): void {}
}
