// Runs a KeyedProcessFunction: keyed state, per-key timers (both time domains) and side outputs.
// Flink: org.apache.flink.streaming.api.operators.KeyedProcessOperator.
import type { OutputTag } from '../../../api/output-tag.js'
import type {
  KeyedProcessFunction,
  KeyedProcessFunctionOnTimerContext,
} from '../../../api/functions/process-function.js'
import type { TimeDomain, TimerService } from '../../../api/functions/timer-service.js'
import { NO_TIMESTAMP, type StreamRecord } from '../../common/stream-element.js'
import type { InternalTimer } from '../timers/timer-index.js'
import type { UserTimerService } from '../timers/user-timer-service.js'
import { AbstractUdfStreamOperator } from './abstract-stream-operator.js'
import type { OneInputStreamOperator } from './stream-operator.js'
import { TimestampedCollector } from './timestamped-collector.js'

export class KeyedProcessOperator
  extends AbstractUdfStreamOperator<KeyedProcessFunction<unknown, unknown, unknown>>
  implements OneInputStreamOperator, KeyedProcessFunctionOnTimerContext<unknown>
{
  private collector!: TimestampedCollector
  private timers!: UserTimerService
  private currentTimestamp = NO_TIMESTAMP
  private currentTimeDomain: TimeDomain = 'EVENT_TIME'

  override open(): void {
    super.open()
    this.collector = new TimestampedCollector(this.chainOutput)
    this.timers = this.createUserTimerService({
      onEventTime: (timer) => this.onTimer(timer, 'EVENT_TIME'),
      onProcessingTime: (timer) => this.onTimer(timer, 'PROCESSING_TIME'),
    })
  }

  processElement(record: StreamRecord): void {
    this.setKeyContextElement1(record)
    this.collector.setTimestamp(record.timestamp)
    this.currentTimestamp = record.timestamp
    this.userFunction.processElement(record.value, this, this.collector)
    this.currentTimestamp = NO_TIMESTAMP
  }

  /** As Flink: output of event-time timers carries the timer's time, processing-time none. */
  private onTimer(timer: InternalTimer<unknown>, domain: TimeDomain): void {
    const timestamp = domain === 'EVENT_TIME' ? timer.timestamp : NO_TIMESTAMP
    this.collector.setTimestamp(timestamp)
    this.currentTimestamp = timestamp
    this.currentTimeDomain = domain
    this.userFunction.onTimer(timer.timestamp, this, this.collector)
    this.currentTimestamp = NO_TIMESTAMP
  }

  timestamp(): number | null {
    return this.currentTimestamp === this.currentTimestamp ? this.currentTimestamp : null
  }

  timeDomain(): TimeDomain {
    return this.currentTimeDomain
  }

  timerService(): TimerService {
    return this.timers
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    this.emitSide(tag as OutputTag<unknown>, value, this.currentTimestamp)
  }
}
