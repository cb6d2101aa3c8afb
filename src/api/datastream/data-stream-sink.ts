// The handle a sink call returns, to name and configure the sink. Flink: DataStreamSink.
import type { SinkTransformation } from '../dag/transformation.js'
import { checkParallelism } from './check-parallelism.js'

/** @public */
export class DataStreamSink<T> {
  readonly transformation: SinkTransformation
  declare readonly __type?: T

  constructor(transformation: SinkTransformation) {
    this.transformation = transformation
  }

  name(name: string): this {
    this.transformation.name = name
    return this
  }

  uid(uid: string): this {
    this.transformation.uid = uid
    return this
  }

  setDescription(description: string): this {
    this.transformation.description = description
    return this
  }

  setParallelism(parallelism: number): this {
    this.transformation.parallelism = checkParallelism(parallelism, this.transformation.name)
    return this
  }

  slotSharingGroup(group: string): this {
    this.transformation.slotSharingGroup = group
    return this
  }

  disableChaining(): this {
    this.transformation.chainingStrategy = 'NEVER'
    return this
  }
}
