// Runs a CoProcessFunction (non-keyed) or a KeyedCoProcessFunction (keyed: state, timers and
// getCurrentKey) over two inputs. Flink: co.CoProcessOperator and co.KeyedCoProcessOperator.
import type { OutputTag } from '../../../api/output-tag.js'
import type {
  CoProcessFunction,
  KeyedCoProcessFunction,
  KeyedCoProcessFunctionOnTimerContext,
} from '../../../api/functions/co-functions.js'
import type { TimeDomain, TimerService } from '../../../api/functions/timer-service.js'
import { NO_TIMESTAMP, type StreamRecord } from '../../common/stream-element.js'
import type { UserTimerService } from '../timers/user-timer-service.js'
import type { InternalTimer } from '../timers/timer-index.js'
import { AbstractUdfStreamOperator } from './abstract-stream-operator.js'
import type { TwoInputStreamOperator } from './stream-operator.js'
import { TimestampedCollector } from './timestamped-collector.js'

type AnyCoProcessFunction =
  | CoProcessFunction<unknown, unknown, unknown>
  | KeyedCoProcessFunction<unknown, unknown, unknown, unknown>

export class CoProcessOperator
  extends AbstractUdfStreamOperator<AnyCoProcessFunction>
  implements TwoInputStreamOperator, KeyedCoProcessFunctionOnTimerContext<unknown>
{
  private readonly keyed: boolean
  private collector!: TimestampedCollector
  private timers!: UserTimerService
  private currentTimestamp = NO_TIMESTAMP
  private currentTimeDomain: TimeDomain = 'EVENT_TIME'

  constructor(fn: AnyCoProcessFunction, keyed: boolean) {
    super(fn)
    this.keyed = keyed
  }

  override open(): void {
    super.open()
    this.collector = new TimestampedCollector(this.chainOutput)
    this.timers = this.createUserTimerService(
      this.keyed
        ? {
            onEventTime: (t) => this.onTimer(t, 'EVENT_TIME'),
            onProcessingTime: (t) => this.onTimer(t, 'PROCESSING_TIME'),
          }
        : undefined,
    )
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
    return this.timers
  }
  output<X>(tag: OutputTag<X>, value: X): void {
    this.emitSide(tag as OutputTag<unknown>, value, this.currentTimestamp)
  }
}
