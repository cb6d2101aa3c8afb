// Hands out a fixed set of splits, one per request, and then signals that there are no more.
// Splits given back go to the next reader that asks. Serves every source whose splits are known
// up front (index ranges, Nexmark's strided splits).
// Flink: org.apache.flink.api.connector.source.lib.util.IteratorSourceEnumerator.
import type { SourceSplit, SplitEnumerator, SplitEnumeratorContext } from '../source.js'

export class IteratorSourceEnumerator<S extends SourceSplit> implements SplitEnumerator<S, S[]> {
  private readonly context: SplitEnumeratorContext<S>
  private readonly remaining: S[]

  constructor(context: SplitEnumeratorContext<S>, splits: readonly S[]) {
    this.context = context
    this.remaining = splits.slice()
  }

  start(): void {}

  handleSplitRequest(subtaskId: number): void {
    const split = this.remaining.shift()
    if (split === undefined) this.context.signalNoMoreSplits(subtaskId)
    else this.context.assignSplit(split, subtaskId)
  }

  addSplitsBack(splits: S[]): void {
    this.remaining.unshift(...splits)
  }

  addReader(): void {}

  /** The unassigned splits; the coordinator serializes them at once, so they are not copied. */
  snapshotState(): S[] {
    return this.remaining.slice()
  }

  close(): void {}
}
