// Pipelined regions of a streaming job: subtasks connected by any edge share a region; pointwise
// edges connect only the subtasks they pair, all-to-all edges every subtask of both vertices.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { PipelinedRegions } from '../../../src/runtime/scheduler/pipelined-regions.js'
import type { JobVertexDescriptor } from '../../../src/runtime/common/cluster-info.js'

function vertex(
  id: string,
  parallelism: number,
  inputs: [string, 'ALL_TO_ALL' | 'POINTWISE'][] = [],
): JobVertexDescriptor {
  return {
    id,
    name: id,
    parallelism,
    maxParallelism: 128,
    slotSharingGroup: 'default',
    isSource: inputs.length === 0,
    inputs: inputs.map(([source, pattern], i) => ({
      id: `${source}->${id}`,
      sourceVertexId: source,
      distributionPattern: pattern,
      shipStrategy: pattern === 'POINTWISE' ? 'FORWARD' : 'HASH',
      typeNumber: i + 1,
    })),
  }
}

const describeRegions = (regions: PipelinedRegions): string[] =>
  Array.from({ length: regions.size }, (_, r) =>
    regions
      .members(r)
      .map((m) => `${m.vertexId}${m.subtask}`)
      .join(' '),
  )

describe('pipelined regions', () => {
  it('forward and rescale edges keep parallel pipelines apart', () => {
    // a (2) -forward-> b (2) -rescale-> c (4): a0 b0 c0 c1 | a1 b1 c2 c3
    const regions = new PipelinedRegions([
      vertex('a', 2),
      vertex('b', 2, [['a', 'POINTWISE']]),
      vertex('c', 4, [['b', 'POINTWISE']]),
    ])
    assert.deepEqual(describeRegions(regions), ['a0 b0 c0 c1', 'a1 b1 c2 c3'])
    assert.equal(regions.regionOf('c', 3), 1)
    assert.equal(regions.regionOf('a', 0), 0)
  })

  it('an all-to-all edge makes one region of everything it connects', () => {
    const regions = new PipelinedRegions([
      vertex('a', 2),
      vertex('b', 2, [['a', 'POINTWISE']]),
      vertex('c', 3, [['b', 'ALL_TO_ALL']]),
    ])
    assert.deepEqual(describeRegions(regions), ['a0 a1 b0 b1 c0 c1 c2'])
  })

  it('independent pipelines of one job are regions of their own', () => {
    const regions = new PipelinedRegions([
      vertex('a', 1),
      vertex('b', 2),
      vertex('c', 2, [['b', 'POINTWISE']]),
    ])
    assert.deepEqual(describeRegions(regions), ['a0', 'b0 c0', 'b1 c1'])
  })
})
