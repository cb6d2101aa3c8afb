// Names a side output. Two tags are the same output when their ids are equal.
// Flink: org.apache.flink.util.OutputTag.
import { InvalidProgramError } from '../core/errors.js'
import type { TypeInformation } from '../core/types/type-information.js'

/**
 * @public
 * @example
 * const late = new OutputTag<Click>('late')
 * const main = clicks.process(new Splitter(late))
 * main.getSideOutput(late).print()
 */
export class OutputTag<T> {
  readonly id: string
  readonly type: TypeInformation<T> | undefined

  constructor(id: string, type?: TypeInformation<T>) {
    if (typeof id !== 'string' || id.length === 0) {
      throw new InvalidProgramError('OutputTag id must be a non-empty string')
    }
    this.id = id
    this.type = type
  }

  toString(): string {
    return `OutputTag(${this.id})`
  }
}
