// Runs a CoProcessFunction (non-keyed) or a KeyedCoProcessFunction (keyed: state, timers and
// getCurrentKey) over two inputs. Flink: co.CoProcessOperator and co.KeyedCoProcessOperator.
import { InvalidProgramError } from '../../../core/errors.js'
import type { OutputTag } from '../../../api/output-tag.js'
import type {
  CoProcessFunction,
  KeyedCoProcessFunction,
  KeyedCoProcessFunctionOnTimerContext,
} from '../../../api/functions/co-functions.js'
import type { TimeDomain, TimerService } from '../../../api/functions/timer-service.js'
import { NO_TIMESTAMP, type StreamRecord } from '../../common/stream-element.js'
import { VOID_NAMESPACE } from '../../state/keyed-state-backend.js'
import type { InternalTimerService } from '../timers/internal-timer-service.js'
import type { InternalTimer } from '../timers/timer-heap.js'
import { AbstractUdfStreamOperator } from './abstract-stream-operator.js'
import type { TwoInputStreamOperator } from './stream-operator.js'
import { TimestampedCollector } from './timestamped-collector.js'

type AnyCoProcessFunction =
  | CoProcessFunction<unknown, unknown, unknown>
  | KeyedCoProcessFunction<unknown, unknown, unknown, unknown>

export class CoProcessOperator
  extends AbstractUdfStreamOperator<AnyCoProcessFunction>
  implements TwoInputStreamOperator, KeyedCoProcessFunctionOnTimerContext<unknown>, TimerService
{
  private readonly keyed: boolean
  private collector!: TimestampedCollector
  private timers: InternalTimerService<unknown> | undefined
  private currentTimestamp = NO_TIMESTAMP
  private currentTimeDomain: TimeDomain = 'EVENT_TIME'

  constructor(fn: AnyCoProcessFunction, keyed: boolean) {
    super(fn)
    this.keyed = keyed
  }

  override open(): void {
    super.open()
    this.collector = new TimestampedCollector(this.chainOutput)
    if (this.keyed) {
      this.timers = this.getInternalTimerService<unknown>({
        onEventTime: (t) => this.onTimer(t, 'EVENT_TIME'),
        onProcessingTime: (t) => this.onTimer(t, 'PROCESSING_TIME'),
      })
    }
  }

  processElement1(record: StreamRecord): void {
    this.setKeyContextElement1(record)
    this.begin(record.timestamp)
    this.userFunction.processElement1(record.value, this, this.collector)
    this.currentTimestamp = NO_TIMESTAMP
  }

  processElement2(record: StreamRecord): void {
    this.setKeyContextElement2(record)
    this.begin(record.timestamp)
    this.userFunction.processElement2(record.value, this, this.collector)
    this.currentTimestamp = NO_TIMESTAMP
  }

  private begin(timestamp: number): void {
    this.collector.setTimestamp(timestamp)
    this.currentTimestamp = timestamp
  }

  private onTimer(timer: InternalTimer<unknown>, domain: TimeDomain): void {
    const ts = domain === 'EVENT_TIME' ? timer.timestamp : NO_TIMESTAMP
    this.begin(ts)
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

  private keyedTimers(): InternalTimerService<unknown> {
    if (this.timers === undefined) {
      throw new InvalidProgramError('Setting timers is only supported on a keyed streams.')
    }
    return this.timers
  }

  currentProcessingTime(): number {
    return this.processingTimeService.getCurrentProcessingTime()
  }
  currentWatermark(): number {
    return this.operatorWatermark
  }
  registerProcessingTimeTimer(time: number): void {
    this.keyedTimers().registerProcessingTimeTimer(VOID_NAMESPACE, time)
  }
  registerEventTimeTimer(time: number): void {
    this.keyedTimers().registerEventTimeTimer(VOID_NAMESPACE, time)
  }
  deleteProcessingTimeTimer(time: number): void {
    this.keyedTimers().deleteProcessingTimeTimer(VOID_NAMESPACE, time)
  }
  deleteEventTimeTimer(time: number): void {
    this.keyedTimers().deleteEventTimeTimer(VOID_NAMESPACE, time)
  }
}
