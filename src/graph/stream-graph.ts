// The StreamGraph: one node per operator with resolved parallelism, and edges that carry the
// partitioner, the side-output tag and the record type. Pure data built by StreamGraphGenerator.
// Flink: org.apache.flink.streaming.api.graph.{StreamGraph, StreamNode, StreamEdge}.
import type { TypeInformation } from '../core/types/type-information.js'
import type { ChainingStrategy, KeyExtractor } from '../api/dag/transformation.js'
import type { OperatorSpec } from '../api/dag/operator-spec.js'
import type { PartitionerSpec } from '../api/dag/partitioner-spec.js'
import type { OutputTag } from '../api/output-tag.js'
import type { WatermarkStrategy } from '../api/eventtime/watermark-strategy.js'
import { generateOperatorIds } from './operator-id-generator.js'

export class StreamNode {
  readonly id: number
  /** As shown in plans and task names, e.g. "Source: Collection Source", "Map". */
  readonly operatorName: string
  readonly operator: OperatorSpec
  readonly parallelism: number
  readonly maxParallelism: number
  readonly slotSharingGroup: string
  readonly chainingStrategy: ChainingStrategy
  readonly uid: string | undefined
  readonly description: string
  /** The key of keyed state per input (index 0 for one-input operators); undefined when not keyed. */
  readonly stateKeySelectors: readonly (KeyExtractor | undefined)[]
  readonly outputType: TypeInformation<unknown> | undefined
  readonly watermarkStrategy: WatermarkStrategy<unknown> | undefined
  readonly inEdges: StreamEdge[] = []
  readonly outEdges: StreamEdge[] = []

  constructor(fields: Omit<StreamNode, 'inEdges' | 'outEdges' | 'isKeyed'>) {
    this.id = fields.id
    this.operatorName = fields.operatorName
    this.operator = fields.operator
    this.parallelism = fields.parallelism
    this.maxParallelism = fields.maxParallelism
    this.slotSharingGroup = fields.slotSharingGroup
    this.chainingStrategy = fields.chainingStrategy
    this.uid = fields.uid
    this.description = fields.description
    this.stateKeySelectors = fields.stateKeySelectors
    this.outputType = fields.outputType
    this.watermarkStrategy = fields.watermarkStrategy
  }

  isKeyed(): boolean {
    return this.stateKeySelectors.some((k) => k !== undefined)
  }
}

export class StreamEdge {
  readonly sourceId: number
  readonly targetId: number
  /** 0 for a one-input target; 1 or 2 for the input of a two-input target. */
  readonly typeNumber: number
  readonly partitioner: PartitionerSpec
  readonly outputTag: OutputTag<unknown> | undefined
  /** The declared type of the records on this edge; undefined means the generic serializer. */
  readonly recordType: TypeInformation<unknown> | undefined

  constructor(fields: StreamEdge) {
    this.sourceId = fields.sourceId
    this.targetId = fields.targetId
    this.typeNumber = fields.typeNumber
    this.partitioner = fields.partitioner
    this.outputTag = fields.outputTag
    this.recordType = fields.recordType
  }
}

/** The graph each node was added to, so that `operatorIdOf(node)` needs only the node. */
const graphOfNode = new WeakMap<StreamNode, StreamGraph>()

export class StreamGraph {
  readonly jobName: string
  private readonly nodeMap = new Map<number, StreamNode>()
  /** Read-only: nodes are added with `addNode`, which links them to this graph. */
  readonly nodes: ReadonlyMap<number, StreamNode> = this.nodeMap
  readonly chainingEnabled: boolean
  readonly bufferTimeoutMs: number
  /** pipeline.auto-watermark-interval: how often watermark generators emit; 0 disables. */
  readonly autoWatermarkIntervalMs: number
  /** Computed on first use, when the graph is complete; every caller then sees the same ids. */
  private operatorIds: ReadonlyMap<number, string> | undefined = undefined

  constructor(
    jobName: string,
    chainingEnabled: boolean,
    bufferTimeoutMs: number,
    autoWatermarkIntervalMs = 200,
  ) {
    this.jobName = jobName
    this.chainingEnabled = chainingEnabled
    this.bufferTimeoutMs = bufferTimeoutMs
    this.autoWatermarkIntervalMs = autoWatermarkIntervalMs
  }

  addNode(node: StreamNode): void {
    this.nodeMap.set(node.id, node)
    graphOfNode.set(node, this)
    this.operatorIds = undefined
  }

  /** See `operatorIdOf`. */
  operatorIdOf(node: StreamNode): string {
    this.operatorIds ??= generateOperatorIds(this)
    const id = this.operatorIds.get(node.id)
    if (id === undefined) throw new Error(`StreamGraph has no node ${node.id}`)
    return id
  }

  getNode(id: number): StreamNode {
    const node = this.nodes.get(id)
    if (node === undefined) throw new Error(`StreamGraph has no node ${id}`)
    return node
  }

  /** Nodes without inputs (sources), in id order. */
  getSourceNodes(): StreamNode[] {
    return [...this.nodes.values()].filter((n) => n.inEdges.length === 0)
  }
}

/**
 * The id an operator's state is stored under: its uid, or else 32 hex chars generated from its
 * place in the topology (`generateOperatorIds`), the same on every run of the same program but
 * moved by changes upstream of the operator. The node must have been added to a StreamGraph.
 */
export function operatorIdOf(node: StreamNode): string {
  if (node.uid !== undefined) return node.uid
  const graph = graphOfNode.get(node)
  if (graph === undefined) {
    throw new Error(
      `StreamNode ${node.id} (${node.operatorName}) is in no StreamGraph: its generated operator id comes from the graph`,
    )
  }
  return graph.operatorIdOf(node)
}
