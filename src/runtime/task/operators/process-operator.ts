// Runs a ProcessFunction on a non-keyed stream: timestamps and side outputs, but no timers
// (as Flink, registering one is an error). Flink: org.apache.flink.streaming.api.operators.ProcessOperator.
import { InvalidProgramError } from '../../../core/errors.js'
import type { OutputTag } from '../../../api/output-tag.js'
import type { ProcessFunction, ProcessFunctionContext } from '../../../api/functions/process-function.js'
import type { TimerService } from '../../../api/functions/timer-service.js'
import type { StreamRecord } from '../../common/stream-element.js'
import { AbstractUdfStreamOperator } from './abstract-stream-operator.js'
import type { OneInputStreamOperator } from './stream-operator.js'
import { TimestampedCollector } from './timestamped-collector.js'

export class ProcessOperator
  extends AbstractUdfStreamOperator<ProcessFunction<unknown, unknown>>
  implements OneInputStreamOperator, ProcessFunctionContext, TimerService
{
  private collector!: TimestampedCollector
  private element: StreamRecord | null = null

  override open(): void {
    super.open()
    this.collector = new TimestampedCollector(this.chainOutput)
  }

  processElement(record: StreamRecord): void {
    this.setKeyContextElement1(record)
    this.collector.setTimestamp(record.timestamp)
    this.element = record
    this.userFunction.processElement(record.value, this, this.collector)
    this.element = null
  }

  timestamp(): number | null {
    return this.element === null ? null : this.element.getTimestampOrNull()
  }

  timerService(): TimerService {
    return this
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    this.outRecord.value = value
    this.outRecord.timestamp = this.element?.timestamp ?? Number.NaN
    this.chainOutput.collectSide(tag as OutputTag<unknown>, this.outRecord)
  }

  currentProcessingTime(): number {
    return this.processingTimeService.getCurrentProcessingTime()
  }

  currentWatermark(): number {
    return this.operatorWatermark
  }

  registerProcessingTimeTimer(): void {
    throw timersNeedKeys()
  }
  registerEventTimeTimer(): void {
    throw timersNeedKeys()
  }
  deleteProcessingTimeTimer(): void {
    throw timersNeedKeys()
  }
  deleteEventTimeTimer(): void {
    throw timersNeedKeys()
  }
}

function timersNeedKeys(): InvalidProgramError {
  return new InvalidProgramError(
    'Setting timers is only supported on a keyed streams: use keyBy() before process()',
  )
}
