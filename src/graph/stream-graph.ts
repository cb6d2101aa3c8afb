// The StreamGraph: one node per operator with resolved parallelism, and edges that carry the
// partitioner, the side-output tag and the record type. Pure data built by StreamGraphGenerator.
// Flink: org.apache.flink.streaming.api.graph.{StreamGraph, StreamNode, StreamEdge}.
import type { TypeInformation } from '../core/types/type-information.js'
import type { ChainingStrategy, KeyExtractor } from '../api/dag/transformation.js'
import type { OperatorSpec } from '../api/dag/operator-spec.js'
import type { PartitionerSpec } from '../api/dag/partitioner-spec.js'
import type { OutputTag } from '../api/output-tag.js'
import type { WatermarkStrategy } from '../api/eventtime/watermark-strategy.js'

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

export class StreamGraph {
  readonly jobName: string
  readonly nodes = new Map<number, StreamNode>()
  readonly chainingEnabled: boolean
  readonly bufferTimeoutMs: number
  /** pipeline.auto-watermark-interval: how often watermark generators emit; 0 disables. */
  readonly autoWatermarkIntervalMs: number

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
 * The id an operator's state is stored under: its uid, or one derived from its place in the
 * graph, which is stable as long as the program builds the same graph.
 */
export function operatorIdOf(node: StreamNode): string {
  return node.uid ?? `node-${node.id}`
}
