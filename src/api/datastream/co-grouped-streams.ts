// Window joins and co-groups of two streams: both sides are tagged, unioned, keyed by their key
// selectors and windowed together; on firing, the window's elements are split back into the two
// sides. A join emits every pair of the two sides (nested loop: first side outer), a co-group
// hands both groups to the function. Flink: CoGroupedStreams, JoinedStreams.
import { InvalidProgramError } from '../../core/errors.js'
import type { TypeInformation } from '../../core/types/type-information.js'
import { keySelectorFn, type KeySelector, type Collector } from '../functions/functions.js'
import type {
  CoGroupFunction,
  FlatJoinFunction,
  JoinFunction,
} from '../functions/join-functions.js'
import type { WindowAssigner } from '../windowing/assigners/window-assigner.js'
import type { Evictor } from '../windowing/evictors/evictor.js'
import type { Trigger } from '../windowing/triggers/trigger.js'
import type { Window } from '../windowing/windows.js'
import type { DataStream } from './data-stream.js'
import type { SingleOutputStreamOperator } from './single-output-stream-operator.js'

/** An element of either side, as it travels through the shared window. Flink: TaggedUnion. */
export interface TaggedUnion<T1, T2> {
  readonly side: 1 | 2
  readonly one?: T1
  readonly two?: T2
}

/** @public `first.coGroup(second).where(k1).equalTo(k2).window(assigner).apply(fn)` */
export class CoGroupedStreams<T1, T2> {
  private readonly input1: DataStream<T1>
  private readonly input2: DataStream<T2>

  constructor(input1: DataStream<T1>, input2: DataStream<T2>) {
    this.input1 = input1
    this.input2 = input2
  }

  where<K>(keySelector1: KeySelector<T1, K>): {
    equalTo(keySelector2: KeySelector<T2, K>): {
      window<W extends Window>(
        assigner: WindowAssigner<TaggedUnion<T1, T2>, W>,
      ): CoGroupWindow<T1, T2, K, W>
    }
  } {
    return {
      equalTo: (keySelector2) => ({
        window: (assigner) =>
          new CoGroupWindow(this.input1, this.input2, keySelector1, keySelector2, assigner),
      }),
    }
  }
}

/** @public `first.join(second).where(k1).equalTo(k2).window(assigner).apply(fn)` */
export class JoinedStreams<T1, T2> {
  private readonly input1: DataStream<T1>
  private readonly input2: DataStream<T2>

  constructor(input1: DataStream<T1>, input2: DataStream<T2>) {
    this.input1 = input1
    this.input2 = input2
  }

  where<K>(keySelector1: KeySelector<T1, K>): {
    equalTo(keySelector2: KeySelector<T2, K>): {
      window<W extends Window>(
        assigner: WindowAssigner<TaggedUnion<T1, T2>, W>,
      ): JoinWindow<T1, T2, K, W>
    }
  } {
    const coGroup = new CoGroupedStreams(this.input1, this.input2).where(keySelector1)
    return {
      equalTo: (keySelector2) => ({
        window: (assigner) => new JoinWindow(coGroup.equalTo(keySelector2).window(assigner)),
      }),
    }
  }
}

/** @public A co-group with its window; trigger, evictor and lateness as on a WindowedStream. */
export class CoGroupWindow<T1, T2, K, W extends Window> {
  private readonly input1: DataStream<T1>
  private readonly input2: DataStream<T2>
  private readonly key1: (v: T1) => K
  private readonly key2: (v: T2) => K
  private readonly assigner: WindowAssigner<TaggedUnion<T1, T2>, W>
  private triggerFn: Trigger<TaggedUnion<T1, T2>, W> | undefined
  private evictorFn: Evictor<TaggedUnion<T1, T2>, W> | undefined
  private lateness = 0

  constructor(
    input1: DataStream<T1>,
    input2: DataStream<T2>,
    key1: KeySelector<T1, K>,
    key2: KeySelector<T2, K>,
    assigner: WindowAssigner<TaggedUnion<T1, T2>, W>,
  ) {
    if (input1.environment !== input2.environment) {
      throw new InvalidProgramError(
        'Cannot join or co-group streams of different execution environments',
      )
    }
    this.input1 = input1
    this.input2 = input2
    this.key1 = keySelectorFn(key1)
    this.key2 = keySelectorFn(key2)
    this.assigner = assigner
  }

  trigger(trigger: Trigger<TaggedUnion<T1, T2>, W>): this {
    this.triggerFn = trigger
    return this
  }

  evictor(evictor: Evictor<TaggedUnion<T1, T2>, W>): this {
    this.evictorFn = evictor
    return this
  }

  allowedLateness(lateness: number): this {
    this.lateness = lateness
    return this
  }

  /** Calls `fn` with both sides' elements of each key and window. */
  apply<R>(
    fn: CoGroupFunction<T1, T2, R>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    const coGroup =
      typeof fn === 'function'
        ? fn
        : (a: Iterable<T1>, b: Iterable<T2>, out: Collector<R>) => fn.coGroup(a, b, out)
    return this.applyInternal('CoGroup', fn, coGroup, outputType)
  }

  /**
   * @internal `userFunction` is the user's object, which the window operator opens, closes and
   * calls at checkpoints if it asks to be (Flink unwraps its CoGroupWindowFunction likewise).
   */
  applyInternal<R>(
    name: string,
    userFunction: unknown,
    coGroup: (first: T1[], second: T2[], out: Collector<R>) => void,
    outputType: TypeInformation<R> | undefined,
  ): SingleOutputStreamOperator<R> {
    const tagged1 = this.input1.map((one): TaggedUnion<T1, T2> => ({ side: 1, one })).name('Map')
    const tagged2 = this.input2.map((two): TaggedUnion<T1, T2> => ({ side: 2, two })).name('Map')
    const key1 = this.key1
    const key2 = this.key2
    let windowed = tagged1
      .union(tagged2)
      .keyBy((u) => (u.side === 1 ? key1(u.one as T1) : key2(u.two as T2)))
      .window(this.assigner)
    if (this.triggerFn !== undefined) windowed = windowed.trigger(this.triggerFn)
    if (this.evictorFn !== undefined) windowed = windowed.evictor(this.evictorFn)
    if (this.lateness > 0) windowed = windowed.allowedLateness(this.lateness)
    return windowed
      .applyInternal<R>(
        {
          userFunction,
          name: 'WindowFunction',
          process(_key, _window, _context, elements, out) {
            const first: T1[] = []
            const second: T2[] = []
            for (const u of elements as Iterable<TaggedUnion<T1, T2>>) {
              if (u.side === 1) first.push(u.one as T1)
              else second.push(u.two as T2)
            }
            coGroup(first, second, out as Collector<R>)
          },
          clear() {},
        },
        outputType,
      )
      .name(name)
  }
}

/** @public A window join: every pair of the two sides' elements with equal keys in a window. */
export class JoinWindow<T1, T2, K, W extends Window> {
  private readonly coGroup: CoGroupWindow<T1, T2, K, W>

  constructor(coGroup: CoGroupWindow<T1, T2, K, W>) {
    this.coGroup = coGroup
  }

  trigger(trigger: Trigger<TaggedUnion<T1, T2>, W>): this {
    this.coGroup.trigger(trigger)
    return this
  }

  evictor(evictor: Evictor<TaggedUnion<T1, T2>, W>): this {
    this.coGroup.evictor(evictor)
    return this
  }

  allowedLateness(lateness: number): this {
    this.coGroup.allowedLateness(lateness)
    return this
  }

  /**
   * Joins each pair. A function of three parameters (or an object whose `join` takes three) is a
   * FlatJoinFunction emitting through the collector; otherwise its return value is the result.
   */
  apply<R>(
    fn: JoinFunction<T1, T2, R> | FlatJoinFunction<T1, T2, R>,
    outputType?: TypeInformation<R>,
  ): SingleOutputStreamOperator<R> {
    const join = typeof fn === 'function' ? fn : fn.join.bind(fn)
    const flat = join.length >= 3
    return this.coGroup.applyInternal<R>(
      'Join',
      fn,
      (first, second, out) => {
        for (const a of first) {
          for (const b of second) {
            if (flat) (join as (a: T1, b: T2, out: Collector<R>) => void)(a, b, out)
            else out.collect((join as (a: T1, b: T2) => R)(a, b))
          }
        }
      },
      outputType,
    )
  }
}
