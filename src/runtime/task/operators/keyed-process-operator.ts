// Runs a KeyedProcessFunction: keyed state, per-key timers (both time domains) and side outputs.
// Flink: org.apache.flink.streaming.api.operators.KeyedProcessOperator.
import type { OutputTag } from '../../../api/output-tag.js'
import type {
  KeyedProcessFunction,
  KeyedProcessFunctionOnTimerContext,
} from '../../../api/functions/process-function.js'
import type { TimeDomain, TimerService } from '../../../api/functions/timer-service.js'
import { NO_TIMESTAMP, type StreamRecord } from '../../common/stream-element.js'
import { VOID_NAMESPACE } from '../../state/keyed-state-backend.js'
import type { InternalTimerService } from '../timers/internal-timer-service.js'
import type { InternalTimer } from '../timers/timer-heap.js'
import { AbstractUdfStreamOperator } from './abstract-stream-operator.js'
import type { OneInputStreamOperator } from './stream-operator.js'
import { TimestampedCollector } from './timestamped-collector.js'

export class KeyedProcessOperator
  extends AbstractUdfStreamOperator<KeyedProcessFunction<unknown, unknown, unknown>>
  implements OneInputStreamOperator, KeyedProcessFunctionOnTimerContext<unknown>, TimerService
{
  private collector!: TimestampedCollector
  private timers!: InternalTimerService<unknown>
  private currentTimestamp = NO_TIMESTAMP
  private currentTimeDomain: TimeDomain = 'EVENT_TIME'

  override open(): void {
    super.open()
    this.collector = new TimestampedCollector(this.chainOutput)
    this.timers = this.getInternalTimerService<unknown>({
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

  private onTimer(timer: InternalTimer<unknown>, domain: TimeDomain): void {
    // As Flink: event-time timers stamp their output with the timer's time, processing-time
    // timers leave it without a timestamp.
    if (domain === 'EVENT_TIME') this.collector.setTimestamp(timer.timestamp)
    else this.collector.eraseTimestamp()
    this.currentTimestamp = domain === 'EVENT_TIME' ? timer.timestamp : NO_TIMESTAMP
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
    return this
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    this.outRecord.value = value
    this.outRecord.timestamp = this.currentTimestamp
    this.chainOutput.collectSide(tag as OutputTag<unknown>, this.outRecord)
  }

  currentProcessingTime(): number {
    return this.timers.currentProcessingTime()
  }
  currentWatermark(): number {
    return this.timers.getCurrentWatermark()
  }
  registerProcessingTimeTimer(time: number): void {
    this.timers.registerProcessingTimeTimer(VOID_NAMESPACE, time)
  }
  registerEventTimeTimer(time: number): void {
    this.timers.registerEventTimeTimer(VOID_NAMESPACE, time)
  }
  deleteProcessingTimeTimer(time: number): void {
    this.timers.deleteProcessingTimeTimer(VOID_NAMESPACE, time)
  }
  deleteEventTimeTimer(time: number): void {
    this.timers.deleteEventTimeTimer(VOID_NAMESPACE, time)
  }
}
