// Drives a source task: polls the reader in small batches, so that the task loop can check its
// time budget and its outputs' credit between batches. Flink: StreamTaskSourceInput.
import type { InputStatus } from '../../../api/connector/source/source.js'
import type { SourceOperator } from '../operators/source-operator.js'
import type { RecordWriter } from '../../network/record-writer.js'
import type { StreamInputProcessor } from './stream-input-processor.js'

const BATCH = 256

export class SourceInputProcessor implements StreamInputProcessor {
  private readonly operator: SourceOperator
  private readonly writers: readonly RecordWriter[]

  constructor(operator: SourceOperator, writers: readonly RecordWriter[]) {
    this.operator = operator
    this.writers = writers
  }

  processInput(): InputStatus {
    const op = this.operator
    const writers = this.writers
    for (let i = 0; i < BATCH; i++) {
      // A poll may emit a batch: stop as soon as an output lacks credit (the task then waits).
      for (let w = 0; w < writers.length; w++)
        if (!writers[w]!.isAvailable()) return 'MORE_AVAILABLE'
      const status = op.emitNext()
      if (status !== 'MORE_AVAILABLE') return status
    }
    return 'MORE_AVAILABLE'
  }

  recordsIn(): number {
    return 0
  }

  bytesIn(): number {
    return 0
  }

  /** A source has no input; its watermark is the one it generates, as Flink's source tasks show. */
  currentInputWatermark(): number {
    return this.operator.currentOutputWatermark()
  }

  /** A source task is triggered by the coordinator instead. */
  setBarrierListener(): void {}

  getAvailableFuture(): Promise<void> {
    return this.operator.isAvailable()
  }
}
