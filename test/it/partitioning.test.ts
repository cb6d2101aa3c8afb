// Where records go between tasks: rebalance, rescale, global, broadcast, forward, custom and
// shuffle partitioners, and the key-group scheme that routes a key to
// `keyGroup * parallelism / maxParallelism`. A record's subtask is observed both through a
// RichMapFunction's TaskInfo and through the sink writer's subtask id.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  InvalidProgramError,
  KeyedProcessFunction,
  RichMapFunction,
  StreamExecutionEnvironment,
  WatermarkStrategy,
  type Collector,
  type KeyedProcessFunctionContext,
} from '../../src/index.js'
import {
  assignKeyToParallelOperator,
  assignToKeyGroup,
} from '../../src/core/keys/key-group-range-assignment.js'
import { ListSink, SubtaskTaggedSource, sorted } from './support.js'

function env(parallelism: number): StreamExecutionEnvironment {
  return StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism)
}

/** Tags each record with the index of the subtask that maps it. */
class TagSubtask<T> extends RichMapFunction<T, [number, T]> {
  map(value: T): [number, T] {
    return [this.getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), value]
  }
}

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i)

describe('partitioners', () => {
  it('rebalance() is round-robin from the producer index: record i to subtask i % 3', async () => {
    const result = await env(3)
      .fromCollection(range(10))
      .rebalance()
      .map(new TagSubtask<number>())
      .executeAndCollect()
    assert.deepStrictEqual(
      sorted(result),
      sorted(range(10).map((i): [number, number] => [i % 3, i])),
    )
  })

  it('rebalance() keeps each channel in order (observed at the sink writer)', async () => {
    const e = env(3)
    const sink = new ListSink<number>()
    e.fromCollection(range(10)).rebalance().sinkTo(sink)
    await e.execute()
    assert.deepStrictEqual(sink.perSubtask(3), [
      [0, 3, 6, 9],
      [1, 4, 7],
      [2, 5, 8],
    ])
  })

  it('rebalance() from 2 producers to 2 consumers starts each producer at its own index', async () => {
    const e = env(2)
    const sink = new ListSink<[number, number]>()
    e.fromSource(new SubtaskTaggedSource(4), WatermarkStrategy.noWatermarks(), 'Tagged')
      .rebalance()
      .sinkTo(sink)
    await e.execute()
    const [first, second] = sink.perSubtask(2)
    assert.deepStrictEqual(sorted(first!), [
      [0, 0],
      [0, 2],
      [1, 1],
      [1, 3],
    ])
    assert.deepStrictEqual(sorted(second!), [
      [0, 1],
      [0, 3],
      [1, 0],
      [1, 2],
    ])
  })

  it('rescale() round-robins over the local subset: 2 producers to 4 consumers', async () => {
    const e = env(2)
    const sink = new ListSink<[number, number]>()
    e.fromSource(new SubtaskTaggedSource(4), WatermarkStrategy.noWatermarks(), 'Tagged')
      .rescale()
      .sinkTo(sink)
      .setParallelism(4)
    await e.execute()
    assert.deepStrictEqual(sink.perSubtask(4), [
      [
        [0, 0],
        [0, 2],
      ],
      [
        [0, 1],
        [0, 3],
      ],
      [
        [1, 0],
        [1, 2],
      ],
      [
        [1, 1],
        [1, 3],
      ],
    ])
  })

  it('rescale() sends 4 producers to 2 consumers in contiguous halves', async () => {
    const e = env(4)
    const sink = new ListSink<[number, number]>()
    e.fromSource(new SubtaskTaggedSource(2), WatermarkStrategy.noWatermarks(), 'Tagged')
      .rescale()
      .sinkTo(sink)
      .setParallelism(2)
    await e.execute()
    const [first, second] = sink.perSubtask(2)
    assert.deepStrictEqual(sorted(first!), [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ])
    assert.deepStrictEqual(sorted(second!), [
      [2, 0],
      [2, 1],
      [3, 0],
      [3, 1],
    ])
  })

  it('global() sends everything to subtask 0', async () => {
    const result = await env(3)
      .fromSequence(1, 12)
      .global()
      .map(new TagSubtask<number>())
      .executeAndCollect()
    assert.deepStrictEqual(
      sorted(result),
      sorted(range(12).map((i): [number, number] => [0, i + 1])),
    )
  })

  it('broadcast() sends every record to every subtask', async () => {
    const result = await env(3)
      .fromData('a', 'b')
      .broadcast()
      .map(new TagSubtask<string>())
      .executeAndCollect()
    assert.deepStrictEqual(sorted(result), [
      [0, 'a'],
      [0, 'b'],
      [1, 'a'],
      [1, 'b'],
      [2, 'a'],
      [2, 'b'],
    ])
  })

  it('forward() between unequal parallelisms is rejected with Flink’s message', async () => {
    const e = env(2)
    e.fromData(1, 2, 3)
      .forward()
      .map((x) => x)
      .sinkTo(new ListSink<number>())
    await assert.rejects(e.execute(), (err: unknown) => {
      assert.ok(err instanceof InvalidProgramError)
      assert.equal(
        err.message,
        'Forward partitioning does not allow change of parallelism. Upstream operation: Source: Collection Source parallelism: 1, downstream operation: Map parallelism: 2 You must use another partitioning strategy, such as broadcast, rebalance, shuffle or global.',
      )
      return true
    })
  })

  it('forward() between equal parallelisms keeps each subtask’s records on its subtask', async () => {
    const e = env(3)
    const sink = new ListSink<[number, number]>()
    e.fromSource(new SubtaskTaggedSource(3), WatermarkStrategy.noWatermarks(), 'Tagged')
      .forward()
      .map((x) => x)
      .disableChaining()
      .sinkTo(sink)
    await e.execute()
    assert.deepStrictEqual(sink.perSubtask(3), [
      [
        [0, 0],
        [0, 1],
        [0, 2],
      ],
      [
        [1, 0],
        [1, 1],
        [1, 2],
      ],
      [
        [2, 0],
        [2, 1],
        [2, 2],
      ],
    ])
  })

  it('partitionCustom() routes by the user partitioner over the selected key', async () => {
    const result = await env(3)
      .fromCollection(range(9).map((i) => ({ id: i })))
      .partitionCustom(
        (key: number, n: number) => (key * 2) % n,
        (r) => r.id,
      )
      .map(new TagSubtask<{ id: number }>())
      .executeAndCollect()
    assert.deepStrictEqual(
      sorted(result),
      sorted(range(9).map((i): [number, { id: number }] => [(i * 2) % 3, { id: i }])),
    )
  })

  it('partitionCustom() with a { partition } object', async () => {
    const result = await env(2)
      .fromData('a', 'bb', 'ccc', 'dddd')
      .partitionCustom({ partition: (len: number, n: number) => len % n }, (s) => s.length)
      .map(new TagSubtask<string>())
      .executeAndCollect()
    assert.deepStrictEqual(sorted(result), [
      [0, 'bb'],
      [0, 'dddd'],
      [1, 'a'],
      [1, 'ccc'],
    ])
  })

  it('shuffle() delivers every record exactly once to some subtask', async () => {
    const e = env(4)
    const sink = new ListSink<number>()
    e.fromSequence(1, 200).setParallelism(1).shuffle().sinkTo(sink)
    await e.execute()
    assert.deepStrictEqual(
      sorted(sink.values),
      range(200).map((i) => i + 1),
    )
    assert.ok(sink.bySubtask.every(([s]) => s >= 0 && s < 4))
  })
})

describe('key groups: key → subtask', () => {
  const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'p']

  class EmitKey extends KeyedProcessFunction<string, string, [number, string]> {
    processElement(
      _value: string,
      ctx: KeyedProcessFunctionContext<string>,
      out: Collector<[number, string]>,
    ): void {
      const index = this.getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()
      out.collect([index, ctx.getCurrentKey()])
    }
  }

  function expected(maxParallelism: number, parallelism: number): [number, string][] {
    return sorted(
      keys.map((k): [number, string] => [
        assignKeyToParallelOperator(k, maxParallelism, parallelism),
        k,
      ]),
    )
  }

  it('sends each key to keyGroup * parallelism / maxParallelism (parallelism 4, default max 128)', async () => {
    const result = await env(4)
      .fromCollection(keys)
      .keyBy((k) => k)
      .process(new EmitKey())
      .executeAndCollect()
    assert.deepStrictEqual(sorted(result), expected(128, 4))
    // The formula itself, for the record: the subtask owns the key's key group.
    for (const [subtask, key] of result) {
      assert.equal(subtask, Math.floor((assignToKeyGroup(key, 128) * 4) / 128))
    }
  })

  it('uses the env max parallelism (setMaxParallelism(7)) for key groups', async () => {
    const e = env(4).setMaxParallelism(7)
    const result = await e
      .fromCollection(keys)
      .keyBy((k) => k)
      .map(new TagSubtask<string>())
      .executeAndCollect()
    assert.deepStrictEqual(sorted(result), expected(7, 4))
    assert.notDeepStrictEqual(expected(7, 4), expected(128, 4))
  })

  it('uses the operator’s own max parallelism (setMaxParallelism(7) on the keyed operator)', async () => {
    const result = await env(4)
      .fromCollection(keys)
      .keyBy((k) => k)
      .process(new EmitKey())
      .setMaxParallelism(7)
      .executeAndCollect()
    assert.deepStrictEqual(sorted(result), expected(7, 4))
  })

  it('routes keys the same way as observed at a chained sink writer', async () => {
    const e = env(4)
    const sink = new ListSink<string>()
    e.fromCollection(keys)
      .keyBy((k) => k)
      .map((k) => k)
      .sinkTo(sink)
    await e.execute()
    assert.deepStrictEqual(sorted(sink.bySubtask), expected(128, 4))
  })

  it('sends equal keys to one subtask whatever their record ("1" and 1 are different keys)', async () => {
    const e = env(4)
    const sink = new ListSink<{ k: string | number; v: number }>()
    const data = [
      { k: 1, v: 0 },
      { k: '1', v: 1 },
      { k: 1.0, v: 2 },
      { k: '1', v: 3 },
    ]
    e.fromCollection(data)
      .keyBy((r) => r.k)
      .map((r) => r)
      .sinkTo(sink)
    await e.execute()
    const subtaskOf = (v: number): number => sink.bySubtask.find(([, r]) => r.v === v)![0]
    assert.equal(subtaskOf(0), assignKeyToParallelOperator(1, 128, 4))
    assert.equal(subtaskOf(2), subtaskOf(0))
    assert.equal(subtaskOf(1), assignKeyToParallelOperator('1', 128, 4))
    assert.equal(subtaskOf(3), subtaskOf(1))
  })
})
