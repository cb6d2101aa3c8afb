// The Collector user functions emit through: gives each output the timestamp of the input (or
// timer) being processed, reusing one StreamRecord. Flink: TimestampedCollector.
import type { Collector } from '../../../api/functions/functions.js'
import { NO_TIMESTAMP, StreamRecord } from '../../common/stream-element.js'
import type { Output } from './stream-operator.js'

export class TimestampedCollector implements Collector<unknown> {
  private readonly output: Output
  private readonly record = new StreamRecord<unknown>(undefined)

  constructor(output: Output) {
    this.output = output
  }

  setTimestamp(timestamp: number): void {
    this.record.timestamp = timestamp
  }

  eraseTimestamp(): void {
    this.record.timestamp = NO_TIMESTAMP
  }

  collect(value: unknown): void {
    this.record.value = value
    this.output.collect(this.record)
  }
}
