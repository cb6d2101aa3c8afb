// Interval joins of two keyed streams: `left.intervalJoin(right).between(lower, upper)` pairs a
// left element at t with the right elements of its key in [t + lower, t + upper] (event time).
// Flink: KeyedStream.IntervalJoin / IntervalJoined.
import { InvalidProgramError } from '../../core/errors.js'
import type { TypeInformation } from '../../core/types/type-information.js'
import type { ProcessJoinFunction } from '../functions/join-functions.js'
import type { OutputTag } from '../output-tag.js'
import { ConnectedStreams } from './connected-streams.js'
import type { KeyedStream } from './keyed-stream.js'
import type { SingleOutputStreamOperator } from './single-output-stream-operator.js'

/** @public */
export class IntervalJoin<T1, T2, K> {
  private readonly left: KeyedStream<T1, K>
  private readonly right: KeyedStream<T2, K>

  constructor(left: KeyedStream<T1, K>, right: KeyedStream<T2, K>) {
    this.left = left
    this.right = right
  }

  /** Bounds in ms relative to the left element's timestamp, both inclusive by default. */
  between(lowerBound: number, upperBound: number): IntervalJoined<T1, T2, K> {
    if (!Number.isFinite(lowerBound) || !Number.isFinite(upperBound) || lowerBound > upperBound) {
      throw new InvalidProgramError(
        `intervalJoin().between(lower, upper) needs finite bounds with lower <= upper, got (${lowerBound}, ${upperBound})`,
      )
    }
    return new IntervalJoined(this.left, this.right, lowerBound, upperBound)
  }
}

/** @public */
export class IntervalJoined<T1, T2, K> {
  private readonly left: KeyedStream<T1, K>
  private readonly right: KeyedStream<T2, K>
  private readonly lowerBound: number
  private readonly upperBound: number
  private lowerInclusive = true
  private upperInclusive = true
  private leftLateTag: OutputTag<T1> | undefined
  private rightLateTag: OutputTag<T2> | undefined

  constructor(left: KeyedStream<T1, K>, right: KeyedStream<T2, K>, lower: number, upper: number) {
    this.left = left
    this.right = right
    this.lowerBound = lower
    this.upperBound = upper
  }

  lowerBoundExclusive(): this {
    this.lowerInclusive = false
    return this
  }

  upperBoundExclusive(): this {
    this.upperInclusive = false
    return this
  }

  /** Left elements that arrive behind the watermark go to `tag` instead of being dropped. */
  sideOutputLeftLateData(tag: OutputTag<T1>): this {
    this.leftLateTag = tag
    return this
  }

  sideOutputRightLateData(tag: OutputTag<T2>): this {
    this.rightLateTag = tag
    return this
  }

  process<R>(
    fn: ProcessJoinFunction<T1, T2, R>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    const lowerBound = this.lowerInclusive ? this.lowerBound : this.lowerBound + 1
    const upperBound = this.upperInclusive ? this.upperBound : this.upperBound - 1
    if (lowerBound > upperBound) {
      throw new InvalidProgramError(
        `The interval join's bounds leave no time: [${lowerBound}, ${upperBound}] after making them exclusive`,
      )
    }
    const connected = new ConnectedStreams<T1, T2>(
      this.left.environment,
      this.left,
      this.right,
      this.left.keySelector,
      this.right.keySelector,
    )
    const spec = {
      kind: 'intervalJoin',
      fn: fn as ProcessJoinFunction<unknown, unknown, unknown>,
      join: {
        lowerBound,
        upperBound,
        leftLateDataOutputTag: this.leftLateTag as OutputTag<unknown> | undefined,
        rightLateDataOutputTag: this.rightLateTag as OutputTag<unknown> | undefined,
      },
    } as const
    return connected.transform<R>('Interval Join', spec, outputType)
  }
}
