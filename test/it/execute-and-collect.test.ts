// executeAndCollect, executeAsync and parallel sources on the MiniCluster: a limit stops an
// unbounded job with exactly that many records, a JobClient cancels a job, and a parallel sequence
// yields each number exactly once.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  InvalidProgramError,
  JobCancellationException,
  StreamExecutionEnvironment,
  WatermarkStrategy,
} from '../../src/index.js'
import { EndlessCounterSource, ListSink, sorted } from './support.js'

function env(parallelism: number): StreamExecutionEnvironment {
  return StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism)
}

const range = (from: number, to: number): number[] =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i)

describe('executeAndCollect', () => {
  it(
    'stops an unbounded job after `limit` records and returns exactly those',
    { timeout: 10_000 },
    async () => {
      const result = await env(1)
        .fromSource(new EndlessCounterSource(), WatermarkStrategy.noWatermarks(), 'Counter')
        .map((n) => n * 2)
        .executeAndCollect(10)
      assert.deepStrictEqual(result, [0, 2, 4, 6, 8, 10, 12, 14, 16, 18])
    },
  )

  it(
    'stops an unbounded job whose records pass a network exchange',
    { timeout: 10_000 },
    async () => {
      const result = await env(2)
        .fromSource(new EndlessCounterSource(), WatermarkStrategy.noWatermarks(), 'Counter')
        .setParallelism(1)
        .keyBy((n) => n % 2)
        .map((n) => n)
        .executeAndCollect(50)
      assert.equal(result.length, 50)
      assert.equal(new Set(result).size, 50)
      // Per key (even, odd) the order of the single producer is kept.
      for (const parity of [0, 1]) {
        const ofParity = result.filter((n) => n % 2 === parity)
        assert.deepStrictEqual(ofParity, sorted(ofParity))
      }
    },
  )

  it('returns the first `limit` records of a bounded stream at parallelism 1', async () => {
    const result = await env(1).fromSequence(1, 1000).executeAndCollect(5)
    assert.deepStrictEqual(result, [1, 2, 3, 4, 5])
  })

  it('returns everything when the limit is larger than the stream', async () => {
    const result = await env(1).fromData('a', 'b').executeAndCollect(100)
    assert.deepStrictEqual(result, ['a', 'b'])
  })

  it('collects from fromData in order', async () => {
    const result = await env(4).fromData(3, 1, 2).executeAndCollect()
    assert.deepStrictEqual(result, [3, 1, 2])
  })
})

describe('executeAsync and JobClient', () => {
  it(
    'cancels a running unbounded job; its result rejects with JobCancellationException',
    { timeout: 10_000 },
    async () => {
      const e = env(2)
      const sink = new ListSink<number>()
      e.fromSource(new EndlessCounterSource(), WatermarkStrategy.noWatermarks(), 'Counter')
        .setParallelism(1)
        .rebalance()
        .map((n) => n)
        .sinkTo(sink)
      const client = await e.executeAsync('endless')
      assert.equal(await client.getJobStatus(), 'RUNNING')
      assert.match(client.getJobID(), /^[0-9a-f]{32}$/)
      while (sink.values.length === 0) await new Promise((resolve) => setTimeout(resolve, 5))
      await client.cancel()
      assert.equal(await client.getJobStatus(), 'CANCELED')
      await assert.rejects(client.getJobExecutionResult(), (err: unknown) => {
        assert.ok(err instanceof JobCancellationException)
        assert.equal(err.message, `Job 'endless' (${client.getJobID()}) was cancelled`)
        return true
      })
    },
  )

  it('resolves a finished job with its id and name', async () => {
    const e = env(1)
    e.fromData(1).sinkTo(new ListSink<number>())
    const result = await e.execute('named job')
    assert.equal(result.jobName, 'named job')
    assert.match(result.jobId, /^[0-9a-f]{32}$/)
  })
})

describe('executeAndCollect limit validation', () => {
  for (const limit of [0, -1, 1.5, Number.NaN]) {
    it(
      `rejects a limit of ${limit} (Flink: "Limit must be greater than 0")`,
      { timeout: 10_000 },
      async () => {
        await assert.rejects(env(1).fromData(1, 2, 3).executeAndCollect(limit), InvalidProgramError)
      },
    )
  }
})

describe('fromSequence', () => {
  it('yields each number of 1..1000 exactly once at parallelism 4', async () => {
    const result = await env(4).fromSequence(1, 1000).executeAndCollect()
    assert.equal(result.length, 1000)
    assert.deepStrictEqual(sorted(result), range(1, 1000))
  })

  it('keeps each split in order: every subtask reads a contiguous ascending range', async () => {
    const result = await env(4)
      .fromSequence(1, 400)
      .map((n) => n)
      .executeAndCollect()
    // The collect sink merges 4 ascending ranges; each range stays ascending.
    const ranges = [range(1, 100), range(101, 200), range(201, 300), range(301, 400)]
    for (const r of ranges) {
      assert.deepStrictEqual(
        result.filter((n) => n >= r[0]! && n <= r[r.length - 1]!),
        r,
      )
    }
  })

  it('handles a sequence shorter than the parallelism', async () => {
    const result = await env(4).fromSequence(7, 8).executeAndCollect()
    assert.deepStrictEqual(sorted(result), [7, 8])
  })
})
