// The stream an operator produces, with the operator's settings (name, uid, parallelism, chaining,
// side outputs). Flink: org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator.
import { InvalidProgramError } from '../../core/errors.js'
import type { TypeInformation } from '../../core/types/type-information.js'
import { SideOutputTransformation } from '../dag/transformation.js'
import type { OutputTag } from '../output-tag.js'
import { DataStream } from './data-stream.js'
import { checkParallelism } from './check-parallelism.js'

/** @public */
export class SingleOutputStreamOperator<T> extends DataStream<T> {
  name(name: string): this {
    this.transformation.name = name
    return this
  }

  getName(): string {
    return this.transformation.name
  }

  /** A stable id to map state to the operator across program versions (savepoints). */
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

  setMaxParallelism(maxParallelism: number): this {
    if (!Number.isInteger(maxParallelism) || maxParallelism < 1 || maxParallelism > 32768) {
      throw new InvalidProgramError(
        `The max parallelism of operator '${this.transformation.name}' must be in [1, 32768], got ${maxParallelism}`,
      )
    }
    this.transformation.maxParallelism = maxParallelism
    return this
  }

  /** Operators in different slot sharing groups never share a slot (and so never chain). */
  slotSharingGroup(group: string): this {
    this.transformation.slotSharingGroup = group
    return this
  }

  /** Neither chains to its predecessor nor lets its successor chain to it. */
  disableChaining(): this {
    this.transformation.chainingStrategy = 'NEVER'
    return this
  }

  /** Begins a new chain here: the successor may still chain to this operator. */
  startNewChain(): this {
    this.transformation.chainingStrategy = 'HEAD'
    return this
  }

  /** Declares the type of the records, so they cross tasks through a generated serializer. */
  returns(type: TypeInformation<T>): this {
    this.transformation.outputType = type as TypeInformation<unknown>
    return this
  }

  /** The records this operator emitted to the side output `tag`. */
  getSideOutput<X>(tag: OutputTag<X>): DataStream<X> {
    const env = this.environment
    const t = new SideOutputTransformation(
      env.nextTransformationId(),
      this.transformation,
      tag as OutputTag<unknown>,
    )
    return env.dataStream<X>(t)
  }
}
