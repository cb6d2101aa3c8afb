// A fixed-length JS array whose elements have declared types. Serialized as its elements in
// order, with no length; an array of another length is rejected.
// Flink: org.apache.flink.api.java.typeutils.TupleTypeInfo.
import { generateSerializer } from './serializer-generator.js'
import type { TypeDescriptor, TypeInformation } from './type-information.js'
import type { TypeSerializer } from './type-serializer.js'
import { indexPath, mismatch } from './value-description.js'

/** @public */
export class TupleTypeInfo<T> implements TypeInformation<T> {
  declare readonly __type?: T
  readonly elementTypes: readonly TypeInformation<unknown>[]
  private serializer: TypeSerializer<T> | undefined

  constructor(elementTypes: readonly TypeInformation<unknown>[]) {
    this.elementTypes = Object.freeze([...elementTypes])
  }

  createSerializer(): TypeSerializer<T> {
    return (this.serializer ??= generateSerializer(this))
  }

  toDescriptor(): TypeDescriptor {
    return { kind: 'TUPLE', elements: this.elementTypes.map((t) => t.toDescriptor()) }
  }

  validate(value: unknown, path = ''): string | undefined {
    if (!Array.isArray(value) || value.length !== this.elementTypes.length) {
      return mismatch(path, this.toString(), value)
    }
    for (let i = 0; i < this.elementTypes.length; i++) {
      const problem = this.elementTypes[i]!.validate(value[i], indexPath(path, i))
      if (problem !== undefined) return problem
    }
    return undefined
  }

  /** The same answer as `validate() === undefined`, without building paths. */
  isInstance(value: unknown): value is T {
    if (!Array.isArray(value) || value.length !== this.elementTypes.length) return false
    for (let i = 0; i < this.elementTypes.length; i++) {
      if (!this.elementTypes[i]!.isInstance(value[i])) return false
    }
    return true
  }

  toString(): string {
    return `TUPLE<${this.elementTypes.join(', ')}>`
  }
}
