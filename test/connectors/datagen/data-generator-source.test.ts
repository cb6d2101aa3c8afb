import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type {
  SourceReaderContext,
  SplitEnumeratorContext,
} from '../../../src/api/connector/source/source.js'
import type { IndexRangeSplit } from '../../../src/api/connector/source/lib/index-range-split.js'
import { NumberSequenceSource } from '../../../src/api/connector/source/lib/number-sequence-source.js'
import { InvalidProgramError } from '../../../src/core/errors.js'
import { StreamExecutionEnvironment, Types, WatermarkStrategy } from '../../../src/index.js'
import {
  DataGeneratorSource,
  RateLimiterStrategy,
  type GeneratorFunction,
} from '../../../src/connectors/datagen/index.js'
import { GeneratingSourceReader } from '../../../src/connectors/datagen/generating-source-reader.js'
import { RateLimitedSourceReader } from '../../../src/connectors/datagen/rate-limited-source-reader.js'

function run<T>(source: DataGeneratorSource<T>, parallelism: number, limit?: number): Promise<T[]> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment()
  env.setParallelism(parallelism)
  const stream = env.fromSource(source, WatermarkStrategy.noWatermarks(), 'Generator Source')
  return limit === undefined ? stream.executeAndCollect() : stream.executeAndCollect(limit)
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)

/** The ranges [from, to] each of `parallelism` readers is assigned by the source's enumerator. */
function assignedRanges(
  source: DataGeneratorSource<unknown> | NumberSequenceSource,
  parallelism: number,
) {
  const assigned: [number, number, number][] = []
  const context: SplitEnumeratorContext<IndexRangeSplit> = {
    currentParallelism: () => parallelism,
    registeredReaders: () => new Set(range(parallelism)),
    assignSplit: (split, subtask) => assigned.push([subtask, split.from, split.to]),
    signalNoMoreSplits: () => {},
  }
  const enumerator = source.createEnumerator(context)
  for (let s = 0; s < parallelism; s++) enumerator.handleSplitRequest(s)
  return assigned
}

const readerContext = (parallelism: number): SourceReaderContext => ({
  getIndexOfSubtask: () => 0,
  getNumberOfParallelSubtasks: () => parallelism,
  sendSplitRequest: () => {},
})

describe('DataGeneratorSource', () => {
  it('generates each index exactly once at parallelism 1, in order', async () => {
    const out = await run(new DataGeneratorSource((i) => `record-${i}`, 20), 1)
    assert.deepStrictEqual(
      out,
      range(20).map((i) => `record-${i}`),
    )
  })

  it('generates each index exactly once at parallelism 4', async () => {
    const out = await run(new DataGeneratorSource((i) => i * 2, 103), 4)
    assert.deepStrictEqual(
      out.sort((a, b) => a - b),
      range(103).map((i) => i * 2),
    )
  })

  it('splits its index range across readers as NumberSequenceSource does', () => {
    const generated = assignedRanges(new DataGeneratorSource((i) => i, 10), 4)
    assert.deepStrictEqual(generated, [
      [0, 0, 2],
      [1, 3, 5],
      [2, 6, 7],
      [3, 8, 9],
    ])
    assert.deepStrictEqual(generated, assignedRanges(new NumberSequenceSource(0, 9), 4))
  })

  it('opens and closes a rich generator function in every reader', async () => {
    const opened: string[] = []
    let closed = 0
    const generator: GeneratorFunction<number, string> = {
      open(context) {
        opened.push(`${context.getIndexOfSubtask()}/${context.getNumberOfParallelSubtasks()}`)
      },
      map(i) {
        return `#${i}`
      },
      close() {
        closed++
      },
    }
    const out = await run(new DataGeneratorSource(generator, 6), 2)
    assert.deepStrictEqual(
      { out: out.sort(), opened: opened.sort(), closed },
      { out: ['#0', '#1', '#2', '#3', '#4', '#5'], opened: ['0/2', '1/2'], closed: 2 },
    )
  })

  it('stops an unbounded generator once executeAndCollect has its limit', async () => {
    const source = new DataGeneratorSource((i) => i, Number.MAX_SAFE_INTEGER)
    assert.deepStrictEqual(await run(source, 1, 10), range(10))
  })

  it('emits exactly the same records when rate-limited', async () => {
    const bounded = new DataGeneratorSource((i) => i, 40, RateLimiterStrategy.perSecond(8_000))
    const unbounded = new DataGeneratorSource(
      (i) => i,
      Number.POSITIVE_INFINITY,
      RateLimiterStrategy.perSecond(2_000),
    )
    const [all, first] = await Promise.all([run(bounded, 4), run(unbounded, 1, 10)])
    assert.deepStrictEqual([all.sort((a, b) => a - b), first], [range(40), range(10)])
  })

  it('is bounded unless its count is Number.MAX_SAFE_INTEGER or Infinity', () => {
    const of = (count: number) => new DataGeneratorSource((i) => i, count).getBoundedness()
    assert.deepStrictEqual(
      [of(0), of(Number.MAX_SAFE_INTEGER - 1), of(Number.MAX_SAFE_INTEGER), of(Infinity)],
      ['BOUNDED', 'BOUNDED', 'CONTINUOUS_UNBOUNDED', 'CONTINUOUS_UNBOUNDED'],
    )
  })

  it('rejects a count that is negative, fractional or beyond MAX_SAFE_INTEGER', () => {
    for (const count of [-1, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 2]) {
      assert.throws(() => new DataGeneratorSource((i) => i, count), InvalidProgramError)
    }
  })

  it('returns the type it was given, after or without a rate limiter strategy', () => {
    const fn = (i: number) => String(i)
    assert.deepStrictEqual(
      [
        new DataGeneratorSource(fn, 1).getProducedType(),
        new DataGeneratorSource(fn, 1, Types.STRING).getProducedType(),
        new DataGeneratorSource(
          fn,
          1,
          RateLimiterStrategy.perSecond(1),
          Types.STRING,
        ).getProducedType(),
      ],
      [undefined, Types.STRING, Types.STRING],
    )
  })

  it('wraps its readers in a rate limiter only when it has one', () => {
    const plain = new DataGeneratorSource((i) => i, 10).createReader(readerContext(2))
    const limited = new DataGeneratorSource((i) => i, 10, RateLimiterStrategy.perSecond(10))
    assert.ok(plain instanceof GeneratingSourceReader)
    assert.ok(limited.createReader(readerContext(2)) instanceof RateLimitedSourceReader)
  })
})
