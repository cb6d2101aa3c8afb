// The ids operators' state is stored under, as Flink's StreamGraphHasherV2: a node with a uid keeps
// the uid (two nodes with one uid are an error); any other node gets 16 bytes (32 hex chars) derived from the topology, the same for
// every run of the same program. Traversal is breadth-first from the sources in id order; a node
// hashes its position in that traversal, the position once more per output it chains to, and
// then folds in its inputs' hashes. Flink: org.apache.flink.streaming.api.graph.StreamGraphHasherV2.
import { createHash } from 'node:crypto'
import { EddyError } from '../core/errors.js'
import type { StreamEdge, StreamGraph, StreamNode } from './stream-graph.js'

/** 128 bits, as Flink's OperatorID. */
const HASH_BYTES = 16

/**
 * Every node's operator id, by node id. Generated ids depend on the node's position in the
 * breadth-first traversal, on which of its outputs chain to it and on everything upstream, but
 * not on node ids or parallelism as such: rescaling a job keeps them as long as its chaining stays
 * the same. Adding an operator moves the ids of the nodes it precedes in the traversal (as in
 * Flink), which is why stateful operators should have uids.
 */
export function generateOperatorIds(graph: StreamGraph): ReadonlyMap<number, string> {
  const byUid = new Map<string, StreamNode>()
  for (const node of graph.nodes.values()) {
    if (node.uid === undefined) continue
    const other = byUid.get(node.uid)
    if (other !== undefined) {
      throw new EddyError(
        `Hash collision on user-specified ID "${node.uid}" (operators '${other.operatorName}' ` +
          `and '${node.operatorName}'). Most likely cause is a non-unique ID. Please check that ` +
          'all IDs specified via `uid(String)` are unique.',
        { code: 'graph.duplicate-uid', domain: 'user', context: { uid: node.uid } },
      )
    }
    byUid.set(node.uid, node)
  }
  const hashes = traverseStreamGraphAndGenerateHashes(graph)
  const ids = new Map<number, string>()
  for (const node of graph.nodes.values()) {
    const hash = hashes.get(node.id)
    if (hash === undefined) {
      throw new Error(`No operator id for node ${node.id} (${node.operatorName}): is it reachable?`)
    }
    ids.set(node.id, node.uid ?? Buffer.from(hash).toString('hex'))
  }
  return ids
}

function traverseStreamGraphAndGenerateHashes(graph: StreamGraph): Map<number, Uint8Array> {
  const hashes = new Map<number, Uint8Array>()
  const visited = new Set<number>()
  // Sorted because the traversal order decides the hashes; node ids follow creation order.
  const remaining = graph.getSourceNodes().sort((a, b) => a.id - b.id)
  for (const source of remaining) visited.add(source.id)
  for (let i = 0; i < remaining.length; i++) {
    const node = remaining[i]!
    if (!generateNodeHash(node, graph, hashes)) {
      // An input is not hashed yet: that input re-queues this node once it has been.
      visited.delete(node.id)
      continue
    }
    for (const edge of node.outEdges) {
      if (visited.has(edge.targetId)) continue
      visited.add(edge.targetId)
      remaining.push(graph.getNode(edge.targetId))
    }
  }
  return hashes
}

/** False when some input has no hash yet. */
function generateNodeHash(
  node: StreamNode,
  graph: StreamGraph,
  hashes: Map<number, Uint8Array>,
): boolean {
  if (node.uid !== undefined) {
    // Only feeds the successors' hashes; the node's own id is the uid itself.
    hashes.set(node.id, digest(Buffer.from(node.uid, 'utf8')))
    return true
  }
  if (node.inEdges.some((e) => !hashes.has(e.sourceId))) return false
  // The position in the traversal, not node.id: ids shift with unrelated changes to the program.
  const position = hashes.size
  const chained = node.outEdges.filter((e) => isChainable(e, graph)).length
  // Big-endian int32s, so that every machine of a cluster derives the same bytes.
  const local = Buffer.alloc(4 * (1 + chained))
  for (let k = 0; k <= chained; k++) local.writeInt32BE(position, 4 * k)
  const hash = digest(local)
  for (const edge of node.inEdges) {
    const input = hashes.get(edge.sourceId)!
    // Uint8Array keeps the low 8 bits, as Java's (byte) cast in Flink's mix.
    for (let j = 0; j < HASH_BYTES; j++) hash[j] = (hash[j]! * 37) ^ input[j]!
  }
  hashes.set(node.id, hash)
  return true
}

/** SHA-256 truncated to 128 bits (node:crypto has no murmur3_128, which Flink uses). */
function digest(bytes: Buffer): Uint8Array {
  return new Uint8Array(createHash('sha256').update(bytes).digest().subarray(0, HASH_BYTES))
}

/**
 * The chaining rule of StreamingJobGraphGenerator's isChainable, copied on purpose (as Flink's
 * V2 hasher does): a later change to chaining must not silently re-key every job's state.
 */
function isChainable(edge: StreamEdge, graph: StreamGraph): boolean {
  const upstream = graph.getNode(edge.sourceId)
  const downstream = graph.getNode(edge.targetId)
  return (
    graph.chainingEnabled &&
    downstream.inEdges.length === 1 &&
    edge.partitioner.type === 'FORWARD' &&
    upstream.parallelism === downstream.parallelism &&
    upstream.slotSharingGroup === downstream.slotSharingGroup &&
    upstream.chainingStrategy !== 'NEVER' &&
    downstream.chainingStrategy === 'ALWAYS'
  )
}
