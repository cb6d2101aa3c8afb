// A streaming job's pipelined regions: the sets of subtasks connected by data exchange. Every edge
// of a streaming job is pipelined, so an ALL_TO_ALL edge (keyBy, rebalance, broadcast) joins all
// subtasks of both vertices, and a POINTWISE edge (forward, rescale) joins each producer with the
// consumers it feeds. A failed subtask's region is what region failover restarts: nothing outside
// it exchanges data with it. Flink: SchedulingPipelinedRegionComputeUtil.
import type { JobVertexDescriptor } from '../common/cluster-info.js'
import { pointwiseTargets } from '../network/pointwise.js'

export interface SubtaskRef {
  readonly vertexId: string
  readonly subtask: number
}

export class PipelinedRegions {
  private readonly offsets = new Map<string, number>()
  private readonly regionIds: Int32Array
  private readonly regions: SubtaskRef[][]

  constructor(vertices: readonly JobVertexDescriptor[]) {
    const refs: SubtaskRef[] = []
    for (const v of vertices) {
      this.offsets.set(v.id, refs.length)
      for (let i = 0; i < v.parallelism; i++) refs.push({ vertexId: v.id, subtask: i })
    }
    const parent = Int32Array.from(refs, (_, i) => i)
    const find = (i: number): number => {
      while (parent[i] !== i) {
        parent[i] = parent[parent[i]!]!
        i = parent[i]!
      }
      return i
    }
    const union = (a: number, b: number): void => {
      const ra = find(a)
      const rb = find(b)
      if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb)
    }
    const byId = new Map(vertices.map((v) => [v.id, v]))
    for (const consumer of vertices) {
      const consumerAt = this.offsets.get(consumer.id)!
      for (const edge of consumer.inputs) {
        const producer = byId.get(edge.sourceVertexId)!
        const producerAt = this.offsets.get(producer.id)!
        for (let p = 0; p < producer.parallelism; p++) {
          const targets =
            edge.distributionPattern === 'POINTWISE'
              ? pointwiseTargets(p, producer.parallelism, consumer.parallelism)
              : Array.from({ length: consumer.parallelism }, (_, c) => c)
          for (const c of targets) union(producerAt + p, consumerAt + c)
        }
      }
    }
    const indexOfRoot = new Map<number, number>()
    this.regionIds = new Int32Array(refs.length)
    this.regions = []
    for (let i = 0; i < refs.length; i++) {
      const root = find(i)
      let region = indexOfRoot.get(root)
      if (region === undefined) {
        region = this.regions.length
        indexOfRoot.set(root, region)
        this.regions.push([])
      }
      this.regionIds[i] = region
      this.regions[region]!.push(refs[i]!)
    }
  }

  get size(): number {
    return this.regions.length
  }

  /** The region of a subtask, as an index. */
  regionOf(vertexId: string, subtask: number): number {
    const offset = this.offsets.get(vertexId)
    if (offset === undefined) throw new RangeError(`No vertex ${vertexId}`)
    return this.regionIds[offset + subtask]!
  }

  /** The subtasks of a region, vertex by vertex in the job's order. */
  members(region: number): readonly SubtaskRef[] {
    return this.regions[region]!
  }
}
