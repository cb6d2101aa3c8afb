// Joins two keyed streams on time intervals: a left element at t meets the right elements of
// its key in [t + lowerBound, t + upperBound]. Each side is buffered in keyed state by timestamp
// until the watermark passes the last time a partner could still arrive; late elements (behind
// the watermark) are dropped or sent to a side output. Results carry the larger timestamp.
// Flink: org.apache.flink.streaming.api.operators.co.IntervalJoinOperator.
import type {
  ProcessJoinFunction,
  ProcessJoinFunctionContext,
} from '../../../api/functions/join-functions.js'
import type { IntervalJoinSpec } from '../../../api/dag/operator-spec.js'
import type { OutputTag } from '../../../api/output-tag.js'
import type { MapState } from '../../../api/state/state.js'
import { MapStateDescriptor } from '../../../api/state/state-descriptor.js'
import { InvalidProgramError } from '../../../core/errors.js'
import { MIN_WATERMARK, type StreamRecord } from '../../common/stream-element.js'
import type { InternalTimerService } from '../timers/internal-timer-service.js'
import type { InternalTimer } from '../timers/timer-index.js'
import { AbstractUdfStreamOperator } from './abstract-stream-operator.js'
import type { TwoInputStreamOperator } from './stream-operator.js'
import { TimestampedCollector } from './timestamped-collector.js'

interface BufferEntry {
  readonly element: unknown
  joined: boolean
}

const CLEANUP_LEFT = 'CLEANUP_LEFT'
const CLEANUP_RIGHT = 'CLEANUP_RIGHT'

export class IntervalJoinOperator
  extends AbstractUdfStreamOperator<ProcessJoinFunction<unknown, unknown, unknown>>
  implements TwoInputStreamOperator, ProcessJoinFunctionContext
{
  private readonly spec: IntervalJoinSpec
  private leftBuffer!: MapState<number, BufferEntry[]>
  private rightBuffer!: MapState<number, BufferEntry[]>
  private timers!: InternalTimerService<string>
  private collector!: TimestampedCollector
  private leftTimestamp = 0
  private rightTimestamp = 0
  private resultTimestamp = 0

  constructor(fn: ProcessJoinFunction<unknown, unknown, unknown>, spec: IntervalJoinSpec) {
    super(fn)
    if (spec.lowerBound > spec.upperBound) {
      throw new InvalidProgramError(
        `An interval join needs lowerBound <= upperBound, got [${spec.lowerBound}, ${spec.upperBound}]`,
      )
    }
    this.spec = spec
  }

  override open(): void {
    super.open()
    const backend = this.keyedStateBackend
    if (backend === undefined) throw new Error('An interval join runs on keyed streams')
    this.leftBuffer = backend.getState(new MapStateDescriptor<number, BufferEntry[]>('LEFT_BUFFER'))
    this.rightBuffer = backend.getState(
      new MapStateDescriptor<number, BufferEntry[]>('RIGHT_BUFFER'),
    )
    this.timers = this.getInternalTimerService<string>({
      onEventTime: (t) => this.onEventTime(t),
      onProcessingTime: () => undefined,
    })
    this.collector = new TimestampedCollector(this.chainOutput)
  }

  processElement1(record: StreamRecord): void {
    this.setKeyContextElement1(record)
    this.processElement(record, true)
  }

  processElement2(record: StreamRecord): void {
    this.setKeyContextElement2(record)
    this.processElement(record, false)
  }

  private processElement(record: StreamRecord, isLeft: boolean): void {
    const ts = record.timestamp
    if (ts !== ts) {
      throw new InvalidProgramError(
        `A record of the ${isLeft ? 'left' : 'right'} input of an interval join has no timestamp: ` +
          `interval joins need event timestamps (assign them with a WatermarkStrategy)`,
      )
    }
    const watermark = this.timers.getCurrentWatermark()
    if (watermark !== MIN_WATERMARK && ts < watermark) {
      const tag = isLeft ? this.spec.leftLateDataOutputTag : this.spec.rightLateDataOutputTag
      if (tag !== undefined) this.emitSide(tag, record.value, ts)
      return
    }
    const own = isLeft ? this.leftBuffer : this.rightBuffer
    const other = isLeft ? this.rightBuffer : this.leftBuffer
    const lower = isLeft ? this.spec.lowerBound : -this.spec.upperBound
    const upper = isLeft ? this.spec.upperBound : -this.spec.lowerBound
    const bucket = own.get(ts)
    const entry: BufferEntry = { element: record.value, joined: false }
    if (bucket === null) own.put(ts, [entry])
    else bucket.push(entry)
    for (const [otherTs, entries] of other.entries()) {
      if (otherTs < ts + lower || otherTs > ts + upper) continue
      for (const e of entries) {
        e.joined = true
        if (isLeft) this.emitPair(record.value, e.element, ts, otherTs)
        else this.emitPair(e.element, record.value, otherTs, ts)
      }
    }
    const cleanupTime = upper > 0 ? ts + upper : ts
    this.timers.registerEventTimeTimer(isLeft ? CLEANUP_LEFT : CLEANUP_RIGHT, cleanupTime)
  }

  private emitPair(left: unknown, right: unknown, leftTs: number, rightTs: number): void {
    this.leftTimestamp = leftTs
    this.rightTimestamp = rightTs
    this.resultTimestamp = Math.max(leftTs, rightTs)
    this.collector.setTimestamp(this.resultTimestamp)
    this.userFunction.processElement(left, right, this, this.collector)
  }

  /** The watermark passed the last time a partner could arrive: drop the buffered bucket. */
  private onEventTime(timer: InternalTimer<string>): void {
    const { lowerBound, upperBound } = this.spec
    if (timer.namespace === CLEANUP_LEFT) {
      this.leftBuffer.remove(upperBound <= 0 ? timer.timestamp : timer.timestamp - upperBound)
    } else {
      this.rightBuffer.remove(lowerBound <= 0 ? timer.timestamp + lowerBound : timer.timestamp)
    }
  }

  getLeftTimestamp(): number {
    return this.leftTimestamp
  }

  getRightTimestamp(): number {
    return this.rightTimestamp
  }

  getTimestamp(): number {
    return this.resultTimestamp
  }

  output<X>(tag: OutputTag<X>, value: X): void {
    this.emitSide(tag as OutputTag<unknown>, value, this.resultTimestamp)
  }
}
