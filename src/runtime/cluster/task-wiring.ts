// Builds the in-process data plane of a job: one LocalChannel per connected (producer, consumer)
// subtask pair of every JobEdge, then each subtask's RecordWriters and InputGates over them.
// Flink: the shuffle environment's partition/gate factories, for the local case.
import { serializerOf } from './edge-serializer.js'
import { ExecutionOptions } from '../../core/config/execution-options.js'
import { NettyShuffleEnvironmentOptions } from '../../core/config/netty-shuffle-environment-options.js'
import type { Configuration } from '../../core/config/configuration.js'
import type { TypeSerializer } from '../../core/types/type-serializer.js'
import type { JobEdge, JobGraph, JobVertex } from '../../graph/job-graph.js'
import type { StreamEdge } from '../../graph/stream-graph.js'
import { createChannelSelector } from '../network/channel-selector.js'
import { InputGate } from '../network/input-gate.js'
import { LocalChannel } from '../network/local-channel.js'
import { pointwiseTargets } from '../network/pointwise.js'
import { RecordWriter } from '../network/record-writer.js'

/** The channels of one JobEdge: `byProducer[p][k]` goes to consumer `consumersOf[p][k]`. */
interface EdgeChannels {
  readonly byProducer: LocalChannel[][]
  readonly consumersOf: number[][]
}

export class TaskWiring {
  private readonly channels = new Map<JobEdge, EdgeChannels>()
  private readonly segmentSize: number
  private readonly capacity: number
  readonly bufferTimeoutMs: number

  constructor(jobGraph: JobGraph, config: Configuration) {
    this.segmentSize = config.get(NettyShuffleEnvironmentOptions.MEMORY_SEGMENT_SIZE)
    this.capacity =
      config.get(NettyShuffleEnvironmentOptions.NETWORK_BUFFERS_PER_CHANNEL) +
      config.get(NettyShuffleEnvironmentOptions.NETWORK_EXTRA_BUFFERS_PER_GATE)
    this.bufferTimeoutMs = config.get(ExecutionOptions.BUFFER_TIMEOUT_ENABLED)
      ? jobGraph.streamGraph.bufferTimeoutMs
      : -1
    for (const vertex of jobGraph.vertices) {
      for (const edge of vertex.outputs) this.channels.set(edge, this.createChannels(edge))
    }
  }

  private createChannels(edge: JobEdge): EdgeChannels {
    const producers = edge.source.parallelism
    const consumers = edge.target.parallelism
    const byProducer: LocalChannel[][] = []
    const consumersOf: number[][] = []
    for (let p = 0; p < producers; p++) {
      const targets =
        edge.distributionPattern === 'POINTWISE'
          ? pointwiseTargets(p, producers, consumers)
          : Array.from({ length: consumers }, (_, c) => c)
      consumersOf.push(targets)
      byProducer.push(targets.map(() => new LocalChannel(this.capacity)))
    }
    return { byProducer, consumersOf }
  }

  /** The record writers of producer subtask `subtask`, by the StreamEdge they serve. */
  writersOf(vertex: JobVertex, subtask: number): Map<StreamEdge, RecordWriter> {
    const writers = new Map<StreamEdge, RecordWriter>()
    for (const edge of vertex.outputs) {
      const channels = this.channels.get(edge)!.byProducer[subtask]!
      const selector = createChannelSelector(
        edge.streamEdge.partitioner,
        channels.length,
        subtask,
        edge.target.maxParallelism,
      )
      writers.set(
        edge.streamEdge,
        new RecordWriter(channels, selector, serializerOf(edge.streamEdge), this.segmentSize),
      )
    }
    return writers
  }

  /**
   * The input gates of consumer subtask `subtask`: one per logical input (1, or 1 and 2), each
   * with the serializer of every channel.
   */
  gatesOf(
    vertex: JobVertex,
    subtask: number,
  ): { gate: InputGate; serializers: TypeSerializer<unknown>[] }[] {
    const inputs = vertex.numberOfInputs()
    const result: { gate: InputGate; serializers: TypeSerializer<unknown>[] }[] = []
    for (let input = 1; input <= inputs; input++) {
      const channels: LocalChannel[] = []
      const serializers: TypeSerializer<unknown>[] = []
      for (const edge of vertex.inputs) {
        const typeNumber = edge.streamEdge.typeNumber
        if ((typeNumber === 0 ? 1 : typeNumber) !== input) continue
        const { byProducer, consumersOf } = this.channels.get(edge)!
        const serializer = serializerOf(edge.streamEdge)
        for (let p = 0; p < byProducer.length; p++) {
          const k = consumersOf[p]!.indexOf(subtask)
          if (k >= 0) {
            channels.push(byProducer[p]![k]!)
            serializers.push(serializer)
          }
        }
      }
      result.push({ gate: new InputGate(channels), serializers })
    }
    return result
  }
}
