// DataStream transformations on the MiniCluster: stateless chains, timestamps carried along,
// records not shared between branches (object reuse off), rolling aggregations (every update
// emitted, per key in order), reduce, and the Flink difference between min/max and minBy/maxBy.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  FromElementsSource,
  ProcessFunction,
  StreamExecutionEnvironment,
  Types,
  WatermarkStrategy,
  type Collector,
  type ProcessFunctionContext,
} from '../../src/index.js'
import { ListSink, groupInOrder, sorted } from './support.js'

interface WordCount {
  word: string
  n: number
}

function env(parallelism: number): StreamExecutionEnvironment {
  return StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism)
}

function words(line: string, out: Collector<WordCount>): void {
  for (const word of line.split(' ')) out.collect({ word, n: 1 })
}

describe('stateless transformations', () => {
  it('runs flatMap, filter, map and process in order at parallelism 1', async () => {
    class Bracket extends ProcessFunction<string, string> {
      processElement(value: string, ctx: ProcessFunctionContext, out: Collector<string>): void {
        out.collect(`[${value}|${String(ctx.timestamp())}]`)
      }
    }
    const result = await env(1)
      .fromData('to be or not to be', 'that is the question')
      .flatMap((line: string, out: Collector<string>) => {
        for (const w of line.split(' ')) out.collect(w)
      })
      .filter((w) => w.length > 2)
      .map((w) => w.toUpperCase())
      .process(new Bracket())
      .executeAndCollect()
    assert.deepStrictEqual(result, ['[NOT|null]', '[THAT|null]', '[THE|null]', '[QUESTION|null]'])
  })

  it('accepts Flink-style function objects ({ map }, { filter }, { flatMap })', async () => {
    const result = await env(1)
      .fromData(1, 2, 3, 4, 5)
      .map({ map: (x: number) => x * 10 })
      .filter({ filter: (x: number) => x !== 30 })
      .flatMap({
        flatMap: (x: number, out: Collector<number>) => {
          out.collect(x)
          out.collect(-x)
        },
      })
      .executeAndCollect()
    assert.deepStrictEqual(result, [10, -10, 20, -20, 40, -40, 50, -50])
  })

  it('keeps each record once across a parallel chain (sorted output)', async () => {
    const result = await env(3)
      .fromSequence(1, 30)
      .map((x) => x * 2)
      .filter((x) => x % 3 === 0)
      .executeAndCollect()
    assert.deepStrictEqual(
      result.sort((a, b) => a - b),
      [6, 12, 18, 24, 30, 36, 42, 48, 54, 60],
    )
  })
})

describe('timestamps', () => {
  it('carries source timestamps through chained and network edges to a ProcessFunction', async () => {
    interface Ev {
      id: string
      at: number
    }
    class ShowTimestamp extends ProcessFunction<Ev, string> {
      processElement(ev: Ev, ctx: ProcessFunctionContext, out: Collector<string>): void {
        out.collect(`${ev.id}@${String(ctx.timestamp())}`)
      }
    }
    const strategy = WatermarkStrategy.forMonotonousTimestamps<Ev>().withTimestampAssigner(
      (ev) => ev.at,
    )
    const result = await env(2)
      .fromSource(
        new FromElementsSource<Ev>([
          { id: 'a', at: 5 },
          { id: 'b', at: 7 },
          { id: 'c', at: 9 },
        ]),
        strategy,
        'Events',
      )
      .setParallelism(1)
      .map((ev) => ({ ...ev, id: ev.id.toUpperCase() }))
      .rebalance()
      .process(new ShowTimestamp())
      .executeAndCollect()
    assert.deepStrictEqual(sorted(result), ['A@5', 'B@7', 'C@9'])
  })
})

describe('object reuse disabled (Flink’s default)', () => {
  it('reports object reuse as disabled by default', () => {
    assert.equal(env(1).getConfig().isObjectReuseEnabled(), false)
  })

  it('gives each chained branch its own record, so mutating it in one branch does not leak', async () => {
    const e = env(1)
    const s = e.fromCollection([{ n: 1 }, { n: 2 }])
    const mutated = new ListSink<number>()
    const other = new ListSink<number>()
    s.map((r) => {
      r.n *= 100
      return r.n
    }).sinkTo(mutated)
    s.map((r) => r.n).sinkTo(other)
    await e.execute()
    assert.deepStrictEqual(mutated.values, [100, 200])
    assert.deepStrictEqual(other.values, [1, 2])
  })

  it('copies records of a declared type through it: branches share no nested object', async () => {
    const e = env(1)
    const type = Types.ROW({ id: Types.LONG, inner: Types.ROW({ n: Types.INT }) })
    const s = e.fromCollection([{ id: 1, inner: { n: 1 } }], type)
    const plusOne = new ListSink<number>()
    const plusTen = new ListSink<number>()
    // Each branch mutates the nested object: a shallow copy would let one see the other's change.
    s.map((r) => (r.inner.n += 1)).sinkTo(plusOne)
    s.map((r) => (r.inner.n += 10)).sinkTo(plusTen)
    await e.execute()
    assert.deepStrictEqual(plusOne.values, [2])
    assert.deepStrictEqual(plusTen.values, [11])
  })

  it('does not mutate the collection a source was built from', async () => {
    const input = [{ n: 1 }, { n: 2 }]
    const run = (): Promise<number[]> =>
      env(1)
        .fromCollection(input)
        .map((r) => {
          r.n += 1
          return r.n
        })
        .executeAndCollect()
    assert.deepStrictEqual(await run(), [2, 3])
    assert.deepStrictEqual(input, [{ n: 1 }, { n: 2 }])
    assert.deepStrictEqual(await run(), [2, 3])
  })
})

describe('union of a stream with itself', () => {
  it('emits each record twice', async () => {
    const e = env(1)
    const s = e.fromData(1, 2)
    assert.deepStrictEqual(sorted(await s.union(s).executeAndCollect()), [1, 1, 2, 2])
  })
})

describe('rolling aggregations on a keyed stream', () => {
  it('groups by a composite key (an array), compared by value', async () => {
    const result = await env(2)
      .fromData(
        { a: 1, b: 'x', n: 1 },
        { a: 1, b: 'y', n: 2 },
        { a: 1, b: 'x', n: 3 },
        { a: 2, b: 'x', n: 4 },
      )
      .keyBy((r) => [r.a, r.b])
      .sum('n')
      .executeAndCollect()
    assert.deepStrictEqual(
      groupInOrder(result, (r) => `${r.a}/${r.b}`),
      {
        '1/x': [
          { a: 1, b: 'x', n: 1 },
          { a: 1, b: 'x', n: 4 },
        ],
        '1/y': [{ a: 1, b: 'y', n: 2 }],
        '2/x': [{ a: 2, b: 'x', n: 4 }],
      },
    )
  })

  it('emits every update of a rolling sum (word count), in order per key', async () => {
    const result = await env(2)
      .fromData('to be or not to be', 'to do is to be')
      .flatMap(words)
      .keyBy((w) => w.word)
      .sum('n')
      .executeAndCollect()
    assert.deepStrictEqual(
      groupInOrder(result, (w) => w.word),
      {
        be: [
          { word: 'be', n: 1 },
          { word: 'be', n: 2 },
          { word: 'be', n: 3 },
        ],
        do: [{ word: 'do', n: 1 }],
        is: [{ word: 'is', n: 1 }],
        not: [{ word: 'not', n: 1 }],
        or: [{ word: 'or', n: 1 }],
        to: [
          { word: 'to', n: 1 },
          { word: 'to', n: 2 },
          { word: 'to', n: 3 },
          { word: 'to', n: 4 },
        ],
      },
    )
  })

  it('emits the exact update sequence at parallelism 1', async () => {
    const result = await env(1)
      .fromData('a b a', 'b a')
      .flatMap(words)
      .keyBy((w) => w.word)
      .sum('n')
      .map((w) => `${w.word}=${w.n}`)
      .executeAndCollect()
    assert.deepStrictEqual(result, ['a=1', 'b=1', 'a=2', 'b=2', 'a=3'])
  })

  it('sums a tuple field by index: sum(1) on [string, number]', async () => {
    const result = await env(2)
      .fromData<[string, number]>(['x', 1], ['y', 10], ['x', 2], ['y', 20], ['x', 3])
      .keyBy((t) => t[0])
      .sum(1)
      .executeAndCollect()
    assert.deepStrictEqual(
      groupInOrder(result, (t) => t[0]),
      {
        x: [
          ['x', 1],
          ['x', 3],
          ['x', 6],
        ],
        y: [
          ['y', 10],
          ['y', 30],
        ],
      },
    )
  })

  it('reduces per key and emits every intermediate result', async () => {
    const result = await env(2)
      .fromData('to be or not to be')
      .flatMap(words)
      .keyBy((w) => w.word)
      .reduce((a, b) => ({ word: a.word, n: a.n + b.n }))
      .executeAndCollect()
    assert.deepStrictEqual(
      groupInOrder(result, (w) => w.word),
      {
        be: [
          { word: 'be', n: 1 },
          { word: 'be', n: 2 },
        ],
        not: [{ word: 'not', n: 1 }],
        or: [{ word: 'or', n: 1 }],
        to: [
          { word: 'to', n: 1 },
          { word: 'to', n: 2 },
        ],
      },
    )
  })

  it('reduces with a { reduce } object', async () => {
    const result = await env(1)
      .fromData(3, 1, 4, 1, 5)
      .keyBy(() => 'all')
      .reduce({ reduce: (a: number, b: number) => Math.max(a, b) })
      .executeAndCollect()
    assert.deepStrictEqual(result, [3, 3, 4, 4, 5])
  })

  describe('min/max versus minBy/maxBy', () => {
    interface Reading {
      key: string
      v: number
      tag: string
    }
    // Same key; v: 2, 1, 3, 1 — the 1s tie.
    const readings: Reading[] = [
      { key: 'k', v: 2, tag: 'a' },
      { key: 'k', v: 1, tag: 'b' },
      { key: 'k', v: 3, tag: 'c' },
      { key: 'k', v: 1, tag: 'd' },
    ]
    const show = (r: Reading): string => `${r.v}${r.tag}`

    function keyed() {
      return env(2)
        .fromCollection(readings)
        .keyBy((r) => r.key)
    }

    it('min keeps the other fields of the first record and updates only the field', async () => {
      const result = await keyed().min('v').executeAndCollect()
      assert.deepStrictEqual(result.map(show), ['2a', '1a', '1a', '1a'])
    })

    it('minBy returns the whole record with the minimum, the earlier one on ties', async () => {
      const result = await keyed().minBy('v').executeAndCollect()
      assert.deepStrictEqual(result.map(show), ['2a', '1b', '1b', '1b'])
    })

    it('minBy(field, false) returns the later record on ties', async () => {
      const result = await keyed().minBy('v', false).executeAndCollect()
      assert.deepStrictEqual(result.map(show), ['2a', '1b', '1b', '1d'])
    })

    it('max keeps the other fields of the first record and updates only the field', async () => {
      const result = await keyed().max('v').executeAndCollect()
      assert.deepStrictEqual(result.map(show), ['2a', '2a', '3a', '3a'])
    })

    it('maxBy returns the whole record with the maximum', async () => {
      const result = await keyed().maxBy('v').executeAndCollect()
      assert.deepStrictEqual(result.map(show), ['2a', '2a', '3c', '3c'])
    })

    it('min and minBy work on tuple indices', async () => {
      const data: [string, number, string][] = [
        ['k', 5, 'a'],
        ['k', 2, 'b'],
        ['k', 7, 'c'],
      ]
      const min = await env(1)
        .fromCollection(data)
        .keyBy((t) => t[0])
        .min(1)
        .executeAndCollect()
      const minBy = await env(1)
        .fromCollection(data)
        .keyBy((t) => t[0])
        .minBy(1)
        .executeAndCollect()
      assert.deepStrictEqual(min, [
        ['k', 5, 'a'],
        ['k', 2, 'a'],
        ['k', 2, 'a'],
      ])
      assert.deepStrictEqual(minBy, [
        ['k', 5, 'a'],
        ['k', 2, 'b'],
        ['k', 2, 'b'],
      ])
    })
  })
})
