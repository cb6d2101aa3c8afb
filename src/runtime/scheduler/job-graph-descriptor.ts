// The JobGraph as plain data (what the client submits and the JobMaster schedules), its
// fingerprint (what a replayed program must reproduce), and the vertex-level JSON plan the REST
// API shows. Flink: the serialized JobGraph, and org.apache.flink.runtime.jobgraph.jsonplan.JsonPlanGenerator.
import { createHash } from 'node:crypto'
import type { JobGraph, JobVertex } from '../../graph/job-graph.js'
import type {
  JobEdgeDescriptor,
  JobGraphDescriptor,
  JobVertexDescriptor,
} from '../common/cluster-info.js'

/** Names an input edge of a vertex: unique in the job, the same on every replay. */
export function edgeId(target: JobVertex, inputIndex: number): string {
  return `${target.id}.${inputIndex}`
}

export function describeJobGraph(jobGraph: JobGraph): JobGraphDescriptor {
  const vertices: JobVertexDescriptor[] = jobGraph.vertices.map((v) => ({
    id: v.id,
    name: v.name,
    parallelism: v.parallelism,
    maxParallelism: v.maxParallelism,
    slotSharingGroup: v.slotSharingGroup,
    isSource: v.isSource(),
    inputs: v.inputs.map((e, i): JobEdgeDescriptor => ({
      id: edgeId(v, i),
      sourceVertexId: e.source.id,
      distributionPattern: e.distributionPattern,
      shipStrategy: e.streamEdge.partitioner.type,
      typeNumber: e.streamEdge.typeNumber === 0 ? 1 : e.streamEdge.typeNumber,
    })),
  }))
  const descriptor = { jobId: jobGraph.jobId, jobName: jobGraph.jobName, vertices, plan: '' }
  return { ...descriptor, plan: JSON.stringify(vertexPlan(descriptor)) }
}

/**
 * A hash of everything about the graph that scheduling and data exchange depend on (not the job
 * id): a replay that differs in any vertex, parallelism or edge has another fingerprint.
 */
export function fingerprintOf(descriptor: JobGraphDescriptor): string {
  const shape = descriptor.vertices.map((v) => [
    v.id,
    v.name,
    v.parallelism,
    v.maxParallelism,
    v.slotSharingGroup,
    v.isSource,
    v.inputs.map((e) => [
      e.id,
      e.sourceVertexId,
      e.distributionPattern,
      e.shipStrategy,
      e.typeNumber,
    ]),
  ])
  return createHash('sha256').update(JSON.stringify(shape)).digest('hex')
}

/** Flink's JobPlanInfo.RawJson: `{ jid, name, type, nodes: [{ id, parallelism, operator, ... }] }`. */
export function vertexPlan(descriptor: Omit<JobGraphDescriptor, 'plan'>): unknown {
  return {
    jid: descriptor.jobId,
    name: descriptor.jobName,
    type: 'STREAMING',
    nodes: descriptor.vertices.map((v) => ({
      id: v.id,
      parallelism: v.parallelism,
      operator: '',
      operator_strategy: '',
      description: v.name,
      ...(v.inputs.length > 0
        ? {
            inputs: v.inputs.map((e, num) => ({
              num,
              id: e.sourceVertexId,
              ship_strategy: e.shipStrategy,
              exchange: 'pipelined_bounded',
            })),
          }
        : {}),
      optimizer_properties: {},
    })),
  }
}

/** Slots a job needs: per slot sharing group, the highest parallelism in it (Flink's slot sharing). */
export function slotsNeeded(descriptor: Pick<JobGraphDescriptor, 'vertices'>): number {
  const groups = new Map<string, number>()
  for (const v of descriptor.vertices) {
    groups.set(v.slotSharingGroup, Math.max(groups.get(v.slotSharingGroup) ?? 0, v.parallelism))
  }
  let n = 0
  for (const p of groups.values()) n += p
  return n
}
