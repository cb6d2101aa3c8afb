// Operator chaining and the execution plan, as Flink builds them: getExecutionPlan() in Flink's
// JSON format, and the JobGraph's vertices (chains) and edges from StreamingJobGraphGenerator's
// rules — forward edge, equal parallelism, same slot sharing group, a single input, and neither
// disableChaining() nor startNewChain() in the way — plus Eddy's own: a keyBy between operators
// of parallelism 1 chains too.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { StreamExecutionEnvironment } from '../../src/index.js'
import { ListSink, describeJobGraph, jobGraphOf } from './support.js'

function env(parallelism: number): StreamExecutionEnvironment {
  return StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism)
}

const SOURCE = 'Source: Collection Source'
const PRINT = 'Sink: Print to Std. Out'

describe('getExecutionPlan()', () => {
  it('renders Flink’s JSON plan: nodes with id, type, pact, contents, parallelism, predecessors', () => {
    const e = env(1)
    e.fromData(1, 2, 3)
      .map((n) => n + 1)
      .filter((n) => n > 1)
      .keyBy((n) => n % 2)
      .reduce((a, b) => a + b)
      .print()
    // Ids follow creation order; keyBy's partition (id 4) is virtual and becomes the edge's HASH.
    assert.deepStrictEqual(JSON.parse(e.getExecutionPlan()), {
      nodes: [
        { id: 1, type: SOURCE, pact: 'Data Source', contents: SOURCE, parallelism: 1 },
        {
          id: 2,
          type: 'Map',
          pact: 'Operator',
          contents: 'Map',
          parallelism: 1,
          predecessors: [{ id: 1, ship_strategy: 'FORWARD', side: 'second' }],
        },
        {
          id: 3,
          type: 'Filter',
          pact: 'Operator',
          contents: 'Filter',
          parallelism: 1,
          predecessors: [{ id: 2, ship_strategy: 'FORWARD', side: 'second' }],
        },
        {
          id: 5,
          type: 'Keyed Reduce',
          pact: 'Operator',
          contents: 'Keyed Reduce',
          parallelism: 1,
          predecessors: [{ id: 3, ship_strategy: 'HASH', side: 'second' }],
        },
        {
          id: 6,
          type: PRINT,
          pact: 'Data Sink',
          contents: PRINT,
          parallelism: 1,
          predecessors: [{ id: 5, ship_strategy: 'FORWARD', side: 'second' }],
        },
      ],
    })
  })

  it('shows REBALANCE where parallelism changes, names and parallelism as set', () => {
    const e = env(4)
    e.fromData('a')
      .map((s) => s)
      .name('Upper')
      .setParallelism(2)
      .sinkTo(new ListSink<string>())
      .name('Results')
    assert.deepStrictEqual(JSON.parse(e.getExecutionPlan()), {
      nodes: [
        { id: 1, type: SOURCE, pact: 'Data Source', contents: SOURCE, parallelism: 1 },
        {
          id: 2,
          type: 'Upper',
          pact: 'Operator',
          contents: 'Upper',
          parallelism: 2,
          predecessors: [{ id: 1, ship_strategy: 'REBALANCE', side: 'second' }],
        },
        {
          id: 3,
          type: 'Sink: Results',
          pact: 'Data Sink',
          contents: 'Sink: Results',
          parallelism: 4,
          predecessors: [{ id: 2, ship_strategy: 'REBALANCE', side: 'second' }],
        },
      ],
    })
  })

  it('leaves the program runnable afterwards', async () => {
    const e = env(1)
    const sink = new ListSink<number>()
    e.fromData(1, 2)
      .map((n) => n * 3)
      .sinkTo(sink)
    JSON.parse(e.getExecutionPlan())
    await e.execute()
    assert.deepStrictEqual(sink.values, [3, 6])
  })
})

describe('JobGraph chaining', () => {
  it('chains a keyBy between single subtasks: fromData → … → keyed reduce → print at p=1', () => {
    const e = env(1)
    const sink = e
      .fromData(1, 2, 3)
      .map((n) => n + 1)
      .filter((n) => n > 1)
      .keyBy((n) => n % 2)
      .reduce((a, b) => a + b)
      .print()
    // Every record goes to the one subtask anyway (Flink would keep the HASH edge here).
    assert.deepStrictEqual(describeJobGraph(jobGraphOf(e, [sink])), {
      vertices: [[`${SOURCE} -> Map -> Filter -> Keyed Reduce -> ${PRINT}`, 1, 'default']],
      edges: [],
    })
  })

  it('keeps a keyBy between operators at parallelism 2 as a HASH edge', () => {
    const e = env(2)
    const sink = e
      .fromSequence(1, 3)
      .map((n) => n + 1)
      .keyBy((n) => n % 2)
      .reduce((a, b) => a + b)
      .print()
    assert.deepStrictEqual(describeJobGraph(jobGraphOf(e, [sink])), {
      vertices: [
        ['Source: Sequence Source -> Map', 2, 'default'],
        [`Keyed Reduce -> ${PRINT}`, 2, 'default'],
      ],
      edges: [['Source: Sequence Source -> Map', `Keyed Reduce -> ${PRINT}`, 'HASH']],
    })
  })

  it('does not chain the parallelism-1 source to operators at parallelism 4', () => {
    const e = env(4)
    const sink = e
      .fromData(1, 2, 3)
      .map((n) => n + 1)
      .filter((n) => n > 1)
      .keyBy((n) => n % 2)
      .reduce((a, b) => a + b)
      .print()
    assert.deepStrictEqual(describeJobGraph(jobGraphOf(e, [sink])), {
      vertices: [
        [SOURCE, 1, 'default'],
        ['Map -> Filter', 4, 'default'],
        [`Keyed Reduce -> ${PRINT}`, 4, 'default'],
      ],
      edges: [
        [SOURCE, 'Map -> Filter', 'REBALANCE'],
        ['Map -> Filter', `Keyed Reduce -> ${PRINT}`, 'HASH'],
      ],
    })
  })

  /** fromData → map → filter (configured) → map → print, at parallelism 1. */
  function pipeline(configure: (filter: ReturnType<typeof filterOf>) => void): {
    vertices: [string, number, string][]
    edges: [string, string, string][]
  } {
    const e = env(1)
    const filter = filterOf(e)
    configure(filter)
    const sink = filter.map((n) => n * 2).print()
    return describeJobGraph(jobGraphOf(e, [sink]))
  }
  function filterOf(e: StreamExecutionEnvironment) {
    return e
      .fromData(1, 2)
      .map((n) => n + 1)
      .filter((n) => n > 0)
  }

  it('chains everything forward with nothing configured', () => {
    assert.deepStrictEqual(
      pipeline(() => {}),
      {
        vertices: [[`${SOURCE} -> Map -> Filter -> Map -> ${PRINT}`, 1, 'default']],
        edges: [],
      },
    )
  })

  it('startNewChain() begins a new chain that its successors still join', () => {
    assert.deepStrictEqual(
      pipeline((f) => f.startNewChain()),
      {
        vertices: [
          [`${SOURCE} -> Map`, 1, 'default'],
          [`Filter -> Map -> ${PRINT}`, 1, 'default'],
        ],
        edges: [[`${SOURCE} -> Map`, `Filter -> Map -> ${PRINT}`, 'FORWARD']],
      },
    )
  })

  it('disableChaining() isolates the operator on both sides', () => {
    assert.deepStrictEqual(
      pipeline((f) => f.disableChaining()),
      {
        vertices: [
          [`${SOURCE} -> Map`, 1, 'default'],
          ['Filter', 1, 'default'],
          [`Map -> ${PRINT}`, 1, 'default'],
        ],
        edges: [
          [`${SOURCE} -> Map`, 'Filter', 'FORWARD'],
          ['Filter', `Map -> ${PRINT}`, 'FORWARD'],
        ],
      },
    )
  })

  it('slotSharingGroup() breaks the chain; successors inherit the group', () => {
    assert.deepStrictEqual(
      pipeline((f) => f.slotSharingGroup('other')),
      {
        vertices: [
          [`${SOURCE} -> Map`, 1, 'default'],
          [`Filter -> Map -> ${PRINT}`, 1, 'other'],
        ],
        edges: [[`${SOURCE} -> Map`, `Filter -> Map -> ${PRINT}`, 'FORWARD']],
      },
    )
  })

  it('env.disableOperatorChaining() gives every operator its own vertex', () => {
    const e = env(1).disableOperatorChaining()
    const sink = e
      .fromData(1)
      .map((n) => n)
      .filter(() => true)
      .print()
    assert.deepStrictEqual(describeJobGraph(jobGraphOf(e, [sink])), {
      vertices: [
        [SOURCE, 1, 'default'],
        ['Map', 1, 'default'],
        ['Filter', 1, 'default'],
        [PRINT, 1, 'default'],
      ],
      edges: [
        [SOURCE, 'Map', 'FORWARD'],
        ['Map', 'Filter', 'FORWARD'],
        ['Filter', PRINT, 'FORWARD'],
      ],
    })
  })

  it('never chains the inputs of a union to the operator after it', () => {
    const e = env(1)
    const a = e.fromData(1).name('A')
    const b = e.fromData(2).name('B')
    const c = e.fromData(3).name('C')
    const sink = a
      .union(b, c)
      .map((n) => n)
      .print()
    assert.deepStrictEqual(describeJobGraph(jobGraphOf(e, [sink])), {
      vertices: [
        ['Source: A', 1, 'default'],
        ['Source: B', 1, 'default'],
        ['Source: C', 1, 'default'],
        [`Map -> ${PRINT}`, 1, 'default'],
      ],
      edges: [
        ['Source: A', `Map -> ${PRINT}`, 'FORWARD'],
        ['Source: B', `Map -> ${PRINT}`, 'FORWARD'],
        ['Source: C', `Map -> ${PRINT}`, 'FORWARD'],
      ],
    })
  })

  it('names a chain that fans out as "head -> (a, b)"', () => {
    const e = env(1)
    const mapped = e.fromData(1).map((n) => n)
    const s1 = mapped.filter(() => true).print('one')
    const s2 = mapped
      .map((n) => n)
      .sinkTo(new ListSink<number>())
      .name('Two')
    assert.deepStrictEqual(describeJobGraph(jobGraphOf(e, [s1, s2])), {
      vertices: [[`${SOURCE} -> Map -> (Filter -> ${PRINT}, Map -> Sink: Two)`, 1, 'default']],
      edges: [],
    })
  })

  it('does not chain a two-input operator to its inputs', () => {
    const e = env(1)
    const sink = e
      .fromData(1)
      .connect(e.fromData('x'))
      .map({ map1: (n: number) => String(n), map2: (s: string) => s })
      .print()
    assert.deepStrictEqual(describeJobGraph(jobGraphOf(e, [sink])), {
      vertices: [
        [SOURCE, 1, 'default'],
        [SOURCE, 1, 'default'],
        [`Co-Map -> ${PRINT}`, 1, 'default'],
      ],
      edges: [
        [SOURCE, `Co-Map -> ${PRINT}`, 'FORWARD'],
        [SOURCE, `Co-Map -> ${PRINT}`, 'FORWARD'],
      ],
    })
  })

  it('runs the chained job with the same results as the unchained one', async () => {
    const run = async (chaining: boolean): Promise<number[]> => {
      const e = env(1)
      if (!chaining) e.disableOperatorChaining()
      return e
        .fromData(1, 2, 3, 4)
        .map((n) => n * 10)
        .filter((n) => n !== 20)
        .flatMap((n: number) => [n, n + 1])
        .executeAndCollect()
    }
    const expected = [10, 11, 30, 31, 40, 41]
    assert.deepStrictEqual(await run(true), expected)
    assert.deepStrictEqual(await run(false), expected)
  })
})
