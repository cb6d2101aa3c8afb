// Runs a ProcessFunction: timestamps and side outputs, and keyed state when on a keyed stream,
// but no timers (as Flink, registering one is an error).
// Flink: org.apache.flink.streaming.api.operators.ProcessOperator.
import type { OutputTag } from '../../../api/output-tag.js'
import type {
  ProcessFunction,
  ProcessFunctionContext,
} from '../../../api/functions/process-function.js'
import type { TimerService } from '../../../api/functions/timer-service.js'
import { NO_TIMESTAMP, type StreamRecord } from '../../common/stream-element.js'
import type { UserTimerService } from '../timers/user-timer-service.js'
import { AbstractUdfStreamOperator } from './abstract-stream-operator.js'
import type { OneInputStreamOperator } from './stream-operator.js'
import { TimestampedCollector } from './timestamped-collector.js'

export class ProcessOperator
  extends AbstractUdfStreamOperator<ProcessFunction<unknown, unknown>>
  implements OneInputStreamOperator, ProcessFunctionContext
{
  private collector!: TimestampedCollector
  private timers!: UserTimerService
  private currentTimestamp = NO_TIMESTAMP

  override open(): void {
    super.open()
    this.collector = new TimestampedCollector(this.chainOutput)
    this.timers = this.createUserTimerService(undefined)
  }

  processElement(record: StreamRecord): void {
    this.setKeyContextElement1(record)
    this.collector.setTimestamp(record.timestamp)
    this.currentTimestamp = record.timestamp
    this.userFunction.processElement(record.value, this, this.collector)
    this.currentTimestamp = NO_TIMESTAMP
  }

  timestamp(): number | null {
    return this.currentTimestamp === this.currentTimestamp ? this.currentTimestamp : null
  }

  timerService(): TimerService {
    return this.timers
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    this.emitSide(tag as OutputTag<unknown>, value, this.currentTimestamp)
  }
}
