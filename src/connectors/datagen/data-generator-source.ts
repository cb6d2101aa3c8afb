// A parallel source of `count` records, the i-th being `generatorFunction(i)`. The index range
// 0..count-1 is split evenly across the readers exactly as NumberSequenceSource splits its range,
// and each reader may be throttled by a RateLimiterStrategy.
// Flink: org.apache.flink.connector.datagen.source.DataGeneratorSource.
import { InvalidProgramError } from '../../core/errors.js'
import type { TypeInformation } from '../../core/types/type-information.js'
import type {
  Boundedness,
  SourceReader,
  SourceReaderContext,
} from '../../api/connector/source/source.js'
import type { IndexRangeSplit } from '../../api/connector/source/lib/index-range-split.js'
import { IndexedSource } from '../../api/connector/source/lib/number-sequence-source.js'
import type { GeneratorFunction } from './generator-function.js'
import { GeneratingSourceReader } from './generating-source-reader.js'
import { NoOpRateLimiter } from './rate-limiter.js'
import { RateLimiterStrategy } from './rate-limiter-strategy.js'
import { RateLimitedSourceReader } from './rate-limited-source-reader.js'

/**
 * Generates `count` records from their index. A `count` of `Number.MAX_SAFE_INTEGER` or
 * `Infinity` makes the source unbounded in practice (`CONTINUOUS_UNBOUNDED`); any smaller count
 * makes it `BOUNDED`. Records carry no timestamp; assign them with the watermark strategy.
 *
 * Each reader emits its indices in increasing order. See `RichGeneratorFunction` on whether
 * readers share the generator object.
 *
 * @public
 * @example
 * const source = new DataGeneratorSource(
 *   (i) => ({ id: i, user: `user-${i % 10}` }),
 *   Number.MAX_SAFE_INTEGER,
 *   RateLimiterStrategy.perSecond(100),
 *   Types.ROW({ id: Types.LONG, user: Types.STRING }),
 * )
 * env.fromSource(source, WatermarkStrategy.noWatermarks(), 'Generator Source')
 */
export class DataGeneratorSource<T> extends IndexedSource<T> {
  /** How many records the source emits (`Number.MAX_SAFE_INTEGER` when given `Infinity`). */
  readonly count: number
  private readonly generatorFunction: GeneratorFunction<number, T>
  private readonly rateLimiterStrategy: RateLimiterStrategy
  private readonly typeInfo: TypeInformation<T> | undefined

  constructor(
    generatorFunction: GeneratorFunction<number, T>,
    count: number,
    typeInfo?: TypeInformation<T>,
  )
  constructor(
    generatorFunction: GeneratorFunction<number, T>,
    count: number,
    rateLimiterStrategy?: RateLimiterStrategy,
    typeInfo?: TypeInformation<T>,
  )
  constructor(
    generatorFunction: GeneratorFunction<number, T>,
    count: number,
    strategyOrType?: RateLimiterStrategy | TypeInformation<T>,
    typeInfo?: TypeInformation<T>,
  ) {
    const total = checkCount(count)
    super(0, total - 1, toMapIndex(generatorFunction))
    this.count = total
    this.generatorFunction = generatorFunction
    if (strategyOrType !== undefined && isRateLimiterStrategy(strategyOrType)) {
      this.rateLimiterStrategy = strategyOrType
      this.typeInfo = typeInfo
    } else {
      this.rateLimiterStrategy = RateLimiterStrategy.noOp()
      this.typeInfo = strategyOrType ?? typeInfo
    }
  }

  override getBoundedness(): Boundedness {
    return this.count >= Number.MAX_SAFE_INTEGER ? 'CONTINUOUS_UNBOUNDED' : 'BOUNDED'
  }

  /** The record type given to the constructor, if any. Flink: ResultTypeQueryable. */
  getProducedType(): TypeInformation<T> | undefined {
    return this.typeInfo
  }

  override createReader(context: SourceReaderContext): SourceReader<T, IndexRangeSplit> {
    // The generator is read from this source, not from a closure made by the constructor, so that
    // a source copied per subtask also maps with the copy it opens.
    const generator = this.generatorFunction
    const reader =
      typeof generator === 'function'
        ? new GeneratingSourceReader(context, generator, undefined)
        : new GeneratingSourceReader(context, (index) => generator.map(index), generator)
    const limiter = this.rateLimiterStrategy.createRateLimiter(
      context.getNumberOfParallelSubtasks(),
    )
    // Unthrottled readers skip the wrapper and its per-record permit.
    if (limiter instanceof NoOpRateLimiter) return reader
    return new RateLimitedSourceReader(reader, limiter)
  }
}

function checkCount(count: number): number {
  if (count === Number.POSITIVE_INFINITY) return Number.MAX_SAFE_INTEGER
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new InvalidProgramError(
      `A data generator's count must be an integer from 0 to Number.MAX_SAFE_INTEGER (or Infinity for an unbounded one), got ${count}`,
      { count },
    )
  }
  return count
}

function toMapIndex<T>(generatorFunction: GeneratorFunction<number, T>): (index: number) => T {
  if (typeof generatorFunction === 'function') return generatorFunction
  if (
    typeof generatorFunction !== 'object' ||
    generatorFunction === null ||
    typeof generatorFunction.map !== 'function'
  ) {
    throw new InvalidProgramError(
      'A generator function must be a function or an object with a map(index) method',
    )
  }
  return (index) => generatorFunction.map(index)
}

function isRateLimiterStrategy(value: object): value is RateLimiterStrategy {
  return typeof (value as Partial<RateLimiterStrategy>).createRateLimiter === 'function'
}
