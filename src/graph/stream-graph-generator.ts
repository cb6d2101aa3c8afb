// Turns the program's Transformations into a StreamGraph: resolves parallelism, max parallelism
// and slot sharing groups, and folds the virtual transformations (partition, union, side output)
// into edge properties. Flink: org.apache.flink.streaming.api.graph.StreamGraphGenerator.
import { PipelineOptions } from '../core/config/pipeline-options.js'
import { InvalidProgramError } from '../core/errors.js'
import { computeDefaultMaxParallelism } from '../core/keys/key-group-range-assignment.js'
import type { Pipeline } from '../api/execution/pipeline-executor.js'
import type { PartitionerSpec } from '../api/dag/partitioner-spec.js'
import type { OutputTag } from '../api/output-tag.js'
import type { TypeInformation } from '../core/types/type-information.js'
import type { KeyExtractor, Transformation } from '../api/dag/transformation.js'
import { StreamEdge, StreamGraph, StreamNode } from './stream-graph.js'

export const DEFAULT_SLOT_SHARING_GROUP = 'default'

/** Where records come from once virtual transformations are folded away. */
interface Upstream {
  readonly nodeId: number
  readonly partitioner: PartitionerSpec | undefined
  readonly tag: OutputTag<unknown> | undefined
  readonly recordType: TypeInformation<unknown> | undefined
}

export function generateStreamGraph(pipeline: Pipeline): StreamGraph {
  return new StreamGraphGenerator(pipeline).generate()
}

class StreamGraphGenerator {
  private readonly pipeline: Pipeline
  private readonly graph: StreamGraph
  private readonly done = new Map<number, readonly Upstream[]>()

  constructor(pipeline: Pipeline) {
    this.pipeline = pipeline
    this.graph = new StreamGraph(
      pipeline.jobName,
      pipeline.chainingEnabled,
      pipeline.bufferTimeoutMs,
      pipeline.configuration.get(PipelineOptions.AUTO_WATERMARK_INTERVAL),
    )
  }

  generate(): StreamGraph {
    for (const t of this.pipeline.transformations) this.transform(t)
    return this.graph
  }

  private transform(t: Transformation): readonly Upstream[] {
    const cached = this.done.get(t.id)
    if (cached !== undefined) return cached
    const result = this.translate(t)
    this.done.set(t.id, result)
    return result
  }

  private translate(t: Transformation): readonly Upstream[] {
    switch (t.kind) {
      case 'partition':
        return this.transform(t.input).map((u) => ({ ...u, partitioner: t.partitioner }))
      case 'union':
        return t.inputs.flatMap((i) => this.transform(i))
      case 'sideOutput':
        return this.transform(t.input).map((u) => {
          if (u.tag !== undefined) {
            throw new InvalidProgramError(`Cannot take side output ${t.tag.id} of a side output`)
          }
          return { ...u, tag: t.tag, recordType: t.tag.type }
        })
      case 'source':
        return [this.addNode(t, `Source: ${t.name}`, [], [])]
      case 'oneInput':
        return [this.addNode(t, t.name, [this.transform(t.input)], [t.stateKeySelector])]
      case 'sink':
        return [this.addNode(t, `Sink: ${t.name}`, [this.transform(t.input)], [t.stateKeySelector])]
      case 'twoInput':
        return [
          this.addNode(
            t,
            t.name,
            [this.transform(t.input1), this.transform(t.input2)],
            [t.stateKeySelector1, t.stateKeySelector2],
          ),
        ]
    }
  }

  private addNode(
    t: Transformation & { kind: 'source' | 'oneInput' | 'sink' | 'twoInput' },
    operatorName: string,
    inputs: readonly (readonly Upstream[])[],
    stateKeySelectors: readonly (KeyExtractor | undefined)[],
  ): Upstream {
    const parallelism = t.parallelism > 0 ? t.parallelism : this.pipeline.defaultParallelism
    const maxParallelism = this.maxParallelismOf(t, parallelism)
    const node = new StreamNode({
      id: t.id,
      operatorName,
      operator: t.operator,
      parallelism,
      maxParallelism,
      slotSharingGroup: this.slotSharingGroupOf(t, inputs),
      chainingStrategy: t.chainingStrategy,
      uid: t.uid,
      description: t.description ?? operatorName,
      stateKeySelectors,
      outputType: t.outputType,
      watermarkStrategy: t.kind === 'source' ? t.watermarkStrategy : undefined,
    })
    this.graph.addNode(node)
    inputs.forEach((ups, i) => {
      for (const u of ups) this.addEdge(u, node, inputs.length === 1 ? 0 : i + 1)
    })
    return { nodeId: node.id, partitioner: undefined, tag: undefined, recordType: t.outputType }
  }

  private maxParallelismOf(t: Transformation, parallelism: number): number {
    const configured = t.maxParallelism > 0 ? t.maxParallelism : this.pipeline.maxParallelism
    const maxParallelism = configured > 0 ? configured : computeDefaultMaxParallelism(parallelism)
    if (parallelism > maxParallelism) {
      throw new InvalidProgramError(
        `The parallelism (${parallelism}) of operator '${t.name}' is larger than its max parallelism (${maxParallelism})`,
        { operator: t.name },
      )
    }
    return maxParallelism
  }

  /** As Flink: the given group, else the inputs' group when they agree, else "default". */
  private slotSharingGroupOf(t: Transformation, inputs: readonly (readonly Upstream[])[]): string {
    if (t.slotSharingGroup !== undefined) return t.slotSharingGroup
    const groups = new Set(inputs.flat().map((u) => this.graph.getNode(u.nodeId).slotSharingGroup))
    return groups.size === 1 ? [...groups][0]! : DEFAULT_SLOT_SHARING_GROUP
  }

  private addEdge(up: Upstream, target: StreamNode, typeNumber: number): void {
    const source = this.graph.getNode(up.nodeId)
    const partitioner =
      up.partitioner ??
      ({ type: source.parallelism === target.parallelism ? 'FORWARD' : 'REBALANCE' } as const)
    if (partitioner.type === 'FORWARD' && source.parallelism !== target.parallelism) {
      throw new InvalidProgramError(
        `Forward partitioning does not allow change of parallelism. Upstream operation: ${source.operatorName} parallelism: ${source.parallelism}, downstream operation: ${target.operatorName} parallelism: ${target.parallelism} You must use another partitioning strategy, such as broadcast, rebalance, shuffle or global.`,
        { upstream: source.operatorName, downstream: target.operatorName },
      )
    }
    const edge = new StreamEdge({
      sourceId: source.id,
      targetId: target.id,
      typeNumber,
      partitioner,
      outputTag: up.tag,
      recordType: up.recordType,
    })
    source.outEdges.push(edge)
    target.inEdges.push(edge)
  }
}
