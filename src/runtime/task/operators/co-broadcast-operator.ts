// Runs a (Keyed)BroadcastProcessFunction: input 1 is the (keyed) data stream and sees broadcast
// state read-only; input 2 is the broadcast stream and may write it. Every parallel instance gets
// every broadcast record, so all instances hold the same broadcast state.
// Flink: co.CoBroadcastWithNonKeyedOperator and co.CoBroadcastWithKeyedOperator.
import { InvalidProgramError } from '../../../core/errors.js'
import type { OutputTag } from '../../../api/output-tag.js'
import type {
  BroadcastProcessFunction,
  KeyedBroadcastContext,
  KeyedBroadcastOnTimerContext,
  KeyedBroadcastProcessFunction,
  KeyedStateFunction,
} from '../../../api/functions/broadcast-process-function.js'
import type { TimeDomain, TimerService } from '../../../api/functions/timer-service.js'
import type { BroadcastState, ReadOnlyBroadcastState, State } from '../../../api/state/state.js'
import type { AnyStateDescriptor, MapStateDescriptor } from '../../../api/state/state-descriptor.js'
import { NO_TIMESTAMP, type StreamRecord } from '../../common/stream-element.js'
import { VOID_NAMESPACE } from '../../state/keyed-state-backend.js'
import { ReadOnlyBroadcastStateView } from '../../state/read-only-broadcast-state-view.js'
import type { UserTimerService } from '../timers/user-timer-service.js'
import type { InternalTimer } from '../timers/timer-index.js'
import { AbstractUdfStreamOperator } from './abstract-stream-operator.js'
import type { TwoInputStreamOperator } from './stream-operator.js'
import { TimestampedCollector } from './timestamped-collector.js'

type AnyBroadcastFunction =
  | BroadcastProcessFunction<unknown, unknown, unknown>
  | KeyedBroadcastProcessFunction<unknown, unknown, unknown, unknown>

export class CoBroadcastOperator
  extends AbstractUdfStreamOperator<AnyBroadcastFunction>
  implements TwoInputStreamOperator, KeyedBroadcastContext, KeyedBroadcastOnTimerContext<unknown>
{
  private readonly keyed: boolean
  private readonly descriptors: readonly MapStateDescriptor<unknown, unknown>[]
  private readonly states = new Map<string, BroadcastState<unknown, unknown>>()
  private readonly readOnlyStates = new Map<string, ReadOnlyBroadcastState<unknown, unknown>>()
  private collector!: TimestampedCollector
  private timers!: UserTimerService
  private currentTimestamp = NO_TIMESTAMP
  private currentTimeDomain: TimeDomain = 'EVENT_TIME'
  /** True while the broadcast side runs: only then is broadcast state writable. */
  private onBroadcastSide = false

  constructor(
    fn: AnyBroadcastFunction,
    descriptors: readonly MapStateDescriptor<unknown, unknown>[],
    keyed: boolean,
  ) {
    super(fn)
    this.descriptors = descriptors
    this.keyed = keyed
  }

  override open(): void {
    super.open()
    this.collector = new TimestampedCollector(this.chainOutput)
    for (const d of this.descriptors) {
      const state = this.operatorStateBackend.getBroadcastState(d)
      this.states.set(d.name, state)
      this.readOnlyStates.set(d.name, new ReadOnlyBroadcastStateView(d.name, state))
    }
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
    this.begin(record.timestamp, false)
    this.userFunction.processElement(record.value, this as never, this.collector)
    this.currentTimestamp = NO_TIMESTAMP
  }

  processElement2(record: StreamRecord): void {
    this.begin(record.timestamp, true)
    try {
      this.userFunction.processBroadcastElement(record.value, this as never, this.collector)
    } finally {
      this.onBroadcastSide = false
      this.currentTimestamp = NO_TIMESTAMP
    }
  }

  private begin(timestamp: number, broadcastSide: boolean): void {
    this.collector.setTimestamp(timestamp)
    this.currentTimestamp = timestamp
    this.onBroadcastSide = broadcastSide
  }

  private onTimer(timer: InternalTimer<unknown>, domain: TimeDomain): void {
    const fn = this.userFunction as KeyedBroadcastProcessFunction<
      unknown,
      unknown,
      unknown,
      unknown
    >
    this.begin(domain === 'EVENT_TIME' ? timer.timestamp : NO_TIMESTAMP, false)
    this.currentTimeDomain = domain
    fn.onTimer(timer.timestamp, this, this.collector)
    this.currentTimestamp = NO_TIMESTAMP
  }

  getBroadcastState<K, V>(descriptor: MapStateDescriptor<K, V>): BroadcastState<K, V> {
    const states = this.onBroadcastSide ? this.states : this.readOnlyStates
    const state = states.get(descriptor.name)
    if (state === undefined) {
      throw new InvalidProgramError(
        `Broadcast state '${descriptor.name}' was not declared: pass its descriptor to broadcast()`,
        { state: descriptor.name },
      )
    }
    return state as BroadcastState<K, V>
  }

  applyToKeyedState<S extends State>(
    descriptor: AnyStateDescriptor & { readonly name: string },
    fn: KeyedStateFunction<unknown, S>,
  ): void {
    if (this.keyedStateBackend === undefined) {
      throw new InvalidProgramError('applyToKeyedState needs a keyed stream')
    }
    this.keyedStateBackend.applyToAllKeys(VOID_NAMESPACE, descriptor, (key, state) =>
      fn(key, state as unknown as S),
    )
  }

  override getCurrentKey(): unknown {
    return this.keyedStateBackend?.getCurrentKey()
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
  currentProcessingTime(): number {
    return this.timers.currentProcessingTime()
  }
  currentWatermark(): number {
    return this.operatorWatermark
  }
  output<X>(tag: OutputTag<X>, value: X): void {
    this.emitSide(tag as OutputTag<unknown>, value, this.currentTimestamp)
  }
}
