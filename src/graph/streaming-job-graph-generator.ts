// Builds the JobGraph from a StreamGraph by chaining operators with Flink's rules: an edge chains
// when it is FORWARD (or a keyBy between single subtasks, see below), the parallelism and slot
// sharing group are equal, the target has no other input, chaining is enabled, and neither side
// forbids it (NEVER; HEAD on the target).
// Flink: org.apache.flink.streaming.api.graph.StreamingJobGraphGenerator (createChain, isChainable).
import { createHash, randomBytes } from 'node:crypto'
import { isPointwise } from '../api/dag/partitioner-spec.js'
import { JobEdge, JobGraph, JobVertex } from './job-graph.js'
import type { StreamEdge, StreamGraph, StreamNode } from './stream-graph.js'

export function isChainable(edge: StreamEdge, graph: StreamGraph): boolean {
  const upstream = graph.getNode(edge.sourceId)
  const downstream = graph.getNode(edge.targetId)
  return (
    graph.chainingEnabled &&
    downstream.inEdges.length === 1 &&
    (edge.partitioner.type === 'FORWARD' || isSingleSubtaskKeyBy(edge, upstream, downstream)) &&
    upstream.parallelism === downstream.parallelism &&
    upstream.slotSharingGroup === downstream.slotSharingGroup &&
    upstream.chainingStrategy !== 'NEVER' &&
    downstream.chainingStrategy === 'ALWAYS'
  )
}

/**
 * A keyBy between two operators of parallelism 1 sends every record to the one subtask, as a
 * forward edge does, so Eddy chains it (Flink does not): the record skips serialization and the
 * exchange, and the keyed operator still computes each key's group for its state. Operator ids
 * do not change with it (operator-id-generator.ts keeps Flink's rule), so a savepoint taken at
 * parallelism 1 restores at any other.
 */
function isSingleSubtaskKeyBy(
  edge: StreamEdge,
  upstream: StreamNode,
  downstream: StreamNode,
): boolean {
  return (
    edge.partitioner.type === 'HASH' && upstream.parallelism === 1 && downstream.parallelism === 1
  )
}

/** The display name of a chain starting at `node`, as Flink's createChainedName. */
function chainedName(node: StreamNode, graph: StreamGraph): string {
  const chained = node.outEdges.filter((e) => isChainable(e, graph))
  if (chained.length === 0) return node.operatorName
  const names = chained.map((e) => chainedName(graph.getNode(e.targetId), graph))
  return names.length === 1
    ? `${node.operatorName} -> ${names[0]!}`
    : `${node.operatorName} -> (${names.join(', ')})`
}

export function createJobGraph(
  graph: StreamGraph,
  jobId = randomBytes(16).toString('hex'),
): JobGraph {
  const vertexOf = new Map<number, JobVertex>()
  const vertices: JobVertex[] = []
  const heads = graph.getSourceNodes()
  const seenHeads = new Set<number>()

  // Breadth-first over chain heads, so vertices come in topological-ish order as in Flink's UI.
  for (let i = 0; i < heads.length; i++) {
    const head = heads[i]!
    if (seenHeads.has(head.id)) continue
    seenHeads.add(head.id)
    const chain: StreamNode[] = []
    collectChain(head, graph, chain, heads)
    const vertex = new JobVertex(vertexId(graph, chain), chainedName(head, graph), chain)
    for (const n of chain) vertexOf.set(n.id, vertex)
    vertices.push(vertex)
  }
  for (const vertex of vertices) {
    for (const node of vertex.chain) {
      for (const edge of node.outEdges) {
        if (isChainable(edge, graph)) continue
        const target = vertexOf.get(edge.targetId)!
        const pattern = isPointwise(edge.partitioner) ? 'POINTWISE' : 'ALL_TO_ALL'
        const jobEdge = new JobEdge(vertex, target, edge, pattern)
        vertex.outputs.push(jobEdge)
        target.inputs.push(jobEdge)
      }
    }
  }
  return new JobGraph(jobId, graph, vertices)
}

/** Adds `node` and every node chained after it to `chain`; non-chained targets become heads. */
function collectChain(
  node: StreamNode,
  graph: StreamGraph,
  chain: StreamNode[],
  heads: StreamNode[],
): void {
  chain.push(node)
  for (const edge of node.outEdges) {
    const target = graph.getNode(edge.targetId)
    if (isChainable(edge, graph)) collectChain(target, graph, chain, heads)
    else if (!heads.includes(target)) heads.push(target)
  }
}

/** A stable id: the same program yields the same vertex ids (uids win over positions). */
function vertexId(graph: StreamGraph, chain: readonly StreamNode[]): string {
  const hash = createHash('sha256').update(graph.jobName)
  for (const n of chain) hash.update(`|${n.uid ?? `#${n.id}`}:${n.operatorName}`)
  return hash.digest('hex').slice(0, 32)
}
