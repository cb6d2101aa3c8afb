// A JS array of any length whose elements share one type. Serialized as a varint length and
// the elements. A hole reads as undefined, which no type accepts, so sparse arrays are rejected.
// Flink: org.apache.flink.api.java.typeutils.ListTypeInfo.
import { generateSerializer } from './serializer-generator.js'
import type { TypeDescriptor, TypeInformation } from './type-information.js'
import type { TypeSerializer } from './type-serializer.js'
import { indexPath, mismatch } from './value-description.js'

/** @public */
export class ListTypeInfo<T> implements TypeInformation<T[]> {
  declare readonly __type?: T[]
  readonly elementType: TypeInformation<T>
  private serializer: TypeSerializer<T[]> | undefined

  constructor(elementType: TypeInformation<T>) {
    this.elementType = elementType
  }

  createSerializer(): TypeSerializer<T[]> {
    return (this.serializer ??= generateSerializer(this))
  }

  toDescriptor(): TypeDescriptor {
    return { kind: 'LIST', element: this.elementType.toDescriptor() }
  }

  validate(value: unknown, path = ''): string | undefined {
    if (!Array.isArray(value)) return mismatch(path, this.toString(), value)
    for (let i = 0; i < value.length; i++) {
      const problem = this.elementType.validate(value[i], indexPath(path, i))
      if (problem !== undefined) return problem
    }
    return undefined
  }

  /** The same answer as `validate() === undefined`, without building paths. */
  isInstance(value: unknown): value is T[] {
    if (!Array.isArray(value)) return false
    for (let i = 0; i < value.length; i++) if (!this.elementType.isInstance(value[i])) return false
    return true
  }

  toString(): string {
    return `LIST<${this.elementType}>`
  }
}
