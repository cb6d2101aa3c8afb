// A stream sent to every parallel instance of the operator it is connected to, together with the
// broadcast states its records may update there. Flink: BroadcastStream.
import type { PartitionTransformation } from '../dag/transformation.js'
import type { StreamExecutionEnvironment } from '../environment/stream-execution-environment.js'
import type { MapStateDescriptor } from '../state/state-descriptor.js'

/** @public */
export class BroadcastStream<T> {
  readonly environment: StreamExecutionEnvironment
  readonly transformation: PartitionTransformation
  readonly broadcastStateDescriptors: readonly MapStateDescriptor<unknown, unknown>[]
  declare readonly __type?: T

  constructor(
    environment: StreamExecutionEnvironment,
    transformation: PartitionTransformation,
    descriptors: readonly MapStateDescriptor<unknown, unknown>[],
  ) {
    this.environment = environment
    this.transformation = transformation
    this.broadcastStateDescriptors = descriptors
  }
}
