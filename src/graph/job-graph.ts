// The JobGraph: one vertex per operator chain, and one edge per non-chained StreamEdge. This is
// what the scheduler deploys; each vertex runs as `parallelism` subtasks.
// Flink: org.apache.flink.runtime.jobgraph.{JobGraph, JobVertex, JobEdge}.
import type { StreamEdge, StreamGraph, StreamNode } from './stream-graph.js'

/** Flink's DistributionPattern: every producer to every consumer, or to a subset. */
export type DistributionPattern = 'ALL_TO_ALL' | 'POINTWISE'

export class JobEdge {
  readonly source: JobVertex
  readonly target: JobVertex
  readonly streamEdge: StreamEdge
  readonly distributionPattern: DistributionPattern

  constructor(
    source: JobVertex,
    target: JobVertex,
    streamEdge: StreamEdge,
    distributionPattern: DistributionPattern,
  ) {
    this.source = source
    this.target = target
    this.streamEdge = streamEdge
    this.distributionPattern = distributionPattern
  }
}

export class JobVertex {
  /** 32 hex digits, stable for the same program (Flink's JobVertexID). */
  readonly id: string
  readonly name: string
  readonly parallelism: number
  readonly maxParallelism: number
  readonly slotSharingGroup: string
  /** The chained StreamNodes, head first, in the order records reach them. */
  readonly chain: readonly StreamNode[]
  readonly inputs: JobEdge[] = []
  readonly outputs: JobEdge[] = []

  constructor(id: string, name: string, chain: readonly StreamNode[]) {
    const head = chain[0]!
    this.id = id
    this.name = name
    this.parallelism = head.parallelism
    this.maxParallelism = head.maxParallelism
    this.slotSharingGroup = head.slotSharingGroup
    this.chain = chain
  }

  get head(): StreamNode {
    return this.chain[0]!
  }

  isSource(): boolean {
    return this.head.operator.kind === 'source'
  }

  /** How many logical inputs the head operator has (0 for sources, 1 or 2). */
  numberOfInputs(): number {
    const head = this.head
    if (head.operator.kind === 'source') return 0
    return head.inEdges.some((e) => e.typeNumber === 2) ? 2 : 1
  }
}

export class JobGraph {
  readonly jobId: string
  readonly jobName: string
  readonly vertices: readonly JobVertex[]
  readonly streamGraph: StreamGraph

  constructor(jobId: string, streamGraph: StreamGraph, vertices: readonly JobVertex[]) {
    this.jobId = jobId
    this.jobName = streamGraph.jobName
    this.streamGraph = streamGraph
    this.vertices = vertices
  }

  getVertex(id: string): JobVertex {
    const v = this.vertices.find((x) => x.id === id)
    if (v === undefined) throw new Error(`JobGraph has no vertex ${id}`)
    return v
  }

  /** The vertex whose chain contains the StreamNode. */
  vertexOfNode(nodeId: number): JobVertex {
    const v = this.vertices.find((x) => x.chain.some((n) => n.id === nodeId))
    if (v === undefined) throw new Error(`JobGraph has no vertex for stream node ${nodeId}`)
    return v
  }
}
