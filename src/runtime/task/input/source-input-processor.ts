// Drives a source task: polls the reader in small batches, so that the task loop can check its
// time budget and its outputs' credit between batches. Flink: StreamTaskSourceInput.
import type { InputStatus } from '../../../api/connector/source/source.js'
import type { SourceOperator } from '../operators/source-operator.js'
import type { StreamInputProcessor } from './stream-input-processor.js'

const BATCH = 256

export class SourceInputProcessor implements StreamInputProcessor {
  private readonly operator: SourceOperator

  constructor(operator: SourceOperator) {
    this.operator = operator
  }

  processInput(): InputStatus {
    const op = this.operator
    for (let i = 0; i < BATCH; i++) {
      const status = op.emitNext()
      if (status !== 'MORE_AVAILABLE') return status
    }
    return 'MORE_AVAILABLE'
  }

  getAvailableFuture(): Promise<void> {
    return this.operator.isAvailable()
  }
}
