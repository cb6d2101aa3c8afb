// Operator ids as Flink's StreamGraphHasherV2 makes them: a uid is the id; otherwise 32 hex chars
// from the node's place in the topology, equal for every build of the same program (whatever its
// node numbering), kept for the nodes a new branch comes after in the breadth-first traversal,
// and changed downstream of any change upstream. A job with checkpoints or savepoints gets one warning per
// stateful operator without uid.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  Configuration,
  DiscardingSink,
  StreamExecutionEnvironment,
  type DataStreamSink,
} from '../../src/index.js'
import { CheckpointingOptions } from '../../src/core/config/checkpointing-options.js'
import { SavepointConfigOptions } from '../../src/core/config/savepoint-config-options.js'
import type { LogFields, Logger } from '../../src/core/logging/logger.js'
import type { Pipeline } from '../../src/api/execution/pipeline-executor.js'
import { generateStreamGraph } from '../../src/graph/stream-graph-generator.js'
import { operatorIdOf, type StreamGraph } from '../../src/graph/stream-graph.js'
import { warnAboutMissingUids } from '../../src/graph/missing-uid-warnings.js'

interface Variant {
  /** Transformations created (and dropped) before the program, to shift every node id. */
  readonly unusedStreamsFirst?: number
  readonly sourceUid?: string
  readonly counterUid?: string
  /** An extra chained filter between the map and the keyBy. */
  readonly filterUpstream?: boolean
  /** A new branch, a non-chained map and a sink, off the keyed count or off the words' map. */
  readonly extraBranchAfter?: 'counter' | 'wordsMap'
}

/**
 * Two branches: numbers → map → keyBy → count → sink, and words → map → sink. Returns the stream
 * graph and each operator's id by a name of the test's own.
 */
function build(
  variant: Variant = {},
  configuration = new Configuration(),
): {
  graph: StreamGraph
  ids: Record<string, string>
} {
  const env = StreamExecutionEnvironment.getExecutionEnvironment(configuration)
  env.setParallelism(2)
  for (let i = 0; i < (variant.unusedStreamsFirst ?? 0); i++) env.fromSequence(0, 1).map((n) => n)
  const numbers = env.fromSequence(0, 99)
  if (variant.sourceUid !== undefined) numbers.uid(variant.sourceUid)
  let pairs = numbers.map((n): [number, number] => [n % 10, 1])
  if (variant.filterUpstream === true) pairs = pairs.filter((p) => p[0] >= 0)
  const counts = pairs.keyBy((p) => p[0]).sum(1)
  if (variant.counterUid !== undefined) counts.uid(variant.counterUid)
  const sinks: DataStreamSink<unknown>[] = [counts.sinkTo(new DiscardingSink())]
  const words = env.fromSequence(0, 9).map((n) => `w${n}`)
  sinks.push(words.sinkTo(new DiscardingSink()))
  if (variant.extraBranchAfter === 'counter') {
    sinks.push(
      counts
        .rebalance()
        .map((p) => p[1])
        .sinkTo(new DiscardingSink()),
    )
  } else if (variant.extraBranchAfter === 'wordsMap') {
    sinks.push(
      words
        .rebalance()
        .map((w) => w.length)
        .sinkTo(new DiscardingSink()),
    )
  }
  const pipeline: Pipeline = {
    jobName: 'operator ids',
    transformations: sinks.map((s) => s.transformation),
    configuration: env.getConfiguration(),
    defaultParallelism: 2,
    maxParallelism: env.getMaxParallelism(),
    chainingEnabled: env.isChainingEnabled(),
    bufferTimeoutMs: env.getBufferTimeout(),
  }
  const graph = generateStreamGraph(pipeline)
  const byName = (name: string, nth = 0): string => {
    const node = [...graph.nodes.values()].filter((n) => n.operatorName === name)[nth]
    assert.ok(node !== undefined, `no node ${name} #${nth}`)
    return operatorIdOf(node)
  }
  return {
    graph,
    ids: {
      numbers: byName('Source: Sequence Source', 0),
      pairs: byName('Map', 0),
      counter: byName('Keyed Aggregation'),
      countsSink: byName('Sink: Sink', 0),
      words: byName('Source: Sequence Source', 1),
      wordsMap: byName('Map', 1),
      wordsSink: byName('Sink: Sink', 1),
    },
  }
}

describe('operatorIdOf', () => {
  it('gives the same ids to every build of the same program, whatever its node ids', () => {
    const first = build()
    const shifted = build({ unusedStreamsFirst: 3 })
    assert.notDeepEqual([...first.graph.nodes.keys()], [...shifted.graph.nodes.keys()])
    assert.deepEqual(shifted.ids, first.ids)
    assert.deepEqual(build().ids, first.ids)
  })

  it('generates 32 hex chars, a different id per operator', () => {
    const { graph } = build()
    const ids = [...graph.nodes.values()].map((n) => operatorIdOf(n))
    for (const id of ids) assert.match(id, /^[0-9a-f]{32}$/)
    assert.equal(new Set(ids).size, ids.length)
  })

  it('uses the uid as the id of an operator that has one', () => {
    const plain = build().ids
    const withUid = build({ counterUid: 'counter' }).ids
    assert.equal(withUid.counter, 'counter')
    // Upstream of the uid and in the other branch nothing moves.
    assert.deepEqual(
      [withUid.numbers, withUid.pairs, withUid.words, withUid.wordsMap, withUid.wordsSink],
      [plain.numbers, plain.pairs, plain.words, plain.wordsMap, plain.wordsSink],
    )
  })

  it('rejects two operators with one uid, naming the uid and both operators', () => {
    assert.throws(() => build({ sourceUid: 'same', counterUid: 'same' }), {
      code: 'graph.duplicate-uid',
      message:
        'Hash collision on user-specified ID "same" (operators \'Source: Sequence Source\' and ' +
        "'Keyed Aggregation'). Most likely cause is a non-unique ID. Please check that all IDs " +
        'specified via `uid(String)` are unique.',
    })
  })

  it('changes the generated ids downstream of a changed operator, and only those', () => {
    const plain = build().ids
    const sourceUid = build({ sourceUid: 'numbers' }).ids
    assert.equal(sourceUid.numbers, 'numbers')
    // The source's hash feeds every node after it; the other branch does not depend on it.
    for (const id of ['pairs', 'counter', 'countsSink']) assert.notEqual(sourceUid[id], plain[id])
    for (const id of ['words', 'wordsMap', 'wordsSink']) assert.equal(sourceUid[id], plain[id])

    const filtered = build({ filterUpstream: true }).ids
    assert.equal(filtered.numbers, plain.numbers)
    // The map's chain grew by one, so its hash and everything after it change.
    for (const id of ['pairs', 'counter', 'countsSink']) assert.notEqual(filtered[id], plain[id])
  })

  it('keeps every other id when a new branch comes last in the traversal', () => {
    // Breadth-first: numbers, words, their maps, the count, then the sinks and the new map.
    const plain = build().ids
    assert.deepEqual(build({ extraBranchAfter: 'counter' }).ids, plain)
  })

  it('moves the ids after a new branch in the traversal, as Flink does', () => {
    // The new map off the words' map is visited before the count's sink, which shifts the
    // sink's position; everything visited before the new map keeps its id.
    const plain = build().ids
    const branched = build({ extraBranchAfter: 'wordsMap' }).ids
    assert.deepEqual({ ...branched, countsSink: plain.countsSink }, plain)
    assert.notEqual(branched.countsSink, plain.countsSink)
  })
})

describe('warnAboutMissingUids', () => {
  function capturingLogger(): { log: Logger; warnings: [LogFields, string][] } {
    const warnings: [LogFields, string][] = []
    const log: Logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: (fields, message) => void warnings.push([fields, message]),
      error: () => undefined,
      child: () => log,
    }
    return { log, warnings }
  }

  it('warns once per stateful operator without uid when the job checkpoints', () => {
    const configuration = new Configuration()
    configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, 1000)
    // The sources and the keyed count hold state; maps and discarding sinks do not.
    const { graph, ids } = build({ sourceUid: 'numbers' }, configuration)
    const { log, warnings } = capturingLogger()
    const warned = warnAboutMissingUids(graph, configuration, log)
    assert.deepEqual(
      warned.map((n) => operatorIdOf(n)),
      [ids.counter, ids.words],
    )
    const message = (name: string, id: string): [LogFields, string] => [
      { operator: name, operatorId: id },
      `Operator '${name}' has no uid: its state is mapped by a generated id (${id}) that ` +
        "changes with the job's topology, so a changed job may not find it in a savepoint or " +
        'checkpoint. Set a uid with .uid(...).',
    ]
    assert.deepEqual(warnings, [
      message('Keyed Aggregation', ids.counter!),
      message('Source: Sequence Source', ids.words!),
    ])
  })

  it('warns when the job starts from a savepoint, and not when it has neither', () => {
    const restoring = new Configuration()
    restoring.set(SavepointConfigOptions.SAVEPOINT_PATH, '/tmp/savepoint-1')
    const a = capturingLogger()
    warnAboutMissingUids(build({}, restoring).graph, restoring, a.log)
    assert.deepEqual(
      a.warnings.map(([fields]) => fields.operator),
      ['Source: Sequence Source', 'Keyed Aggregation', 'Source: Sequence Source'],
    )

    const plain = new Configuration()
    const b = capturingLogger()
    assert.deepEqual(warnAboutMissingUids(build({}, plain).graph, plain, b.log), [])
    assert.deepEqual(b.warnings, [])
  })
})
