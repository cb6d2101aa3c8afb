// Renders a StreamGraph as Flink's JSON execution plan (the format Flink's plan visualizer reads).
// Flink: org.apache.flink.streaming.api.graph.JSONGenerator.
import type { StreamGraph, StreamNode } from './stream-graph.js'

interface PlanNode {
  id: number
  type: string
  pact: 'Data Source' | 'Operator' | 'Data Sink'
  contents: string
  parallelism: number
  predecessors?: { id: number; ship_strategy: string; side: 'second' }[]
}

function pactOf(node: StreamNode): PlanNode['pact'] {
  if (node.operator.kind === 'source') return 'Data Source'
  if (node.operator.kind === 'sink') return 'Data Sink'
  return 'Operator'
}

export function generateJsonPlan(graph: StreamGraph): string {
  const nodes = [...graph.nodes.values()].sort((a, b) => a.id - b.id)
  const plan: PlanNode[] = nodes.map((node) => {
    const entry: PlanNode = {
      id: node.id,
      type: node.operatorName,
      pact: pactOf(node),
      contents: node.description,
      parallelism: node.parallelism,
    }
    if (node.inEdges.length > 0) {
      entry.predecessors = node.inEdges.map((e) => ({
        id: e.sourceId,
        ship_strategy: e.partitioner.type,
        side: 'second',
      }))
    }
    return entry
  })
  return JSON.stringify({ nodes: plan }, null, 2)
}
