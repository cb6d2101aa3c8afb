// Makes a type accept null (but not undefined). Serialized as a flag byte, 0 for null and 1
// followed by the value otherwise. Every other type rejects null.
// Flink: a nullable LogicalType / NullableSerializer.
import { generateSerializer } from './serializer-generator.js'
import type { TypeDescriptor, TypeInformation } from './type-information.js'
import type { TypeSerializer } from './type-serializer.js'

/** @public */
export class NullableTypeInfo<T> implements TypeInformation<T | null> {
  declare readonly __type?: T | null
  readonly type: TypeInformation<T>
  private serializer: TypeSerializer<T | null> | undefined

  constructor(type: TypeInformation<T>) {
    this.type = type
  }

  createSerializer(): TypeSerializer<T | null> {
    return (this.serializer ??= generateSerializer(this))
  }

  toDescriptor(): TypeDescriptor {
    return { kind: 'NULLABLE', type: this.type.toDescriptor() }
  }

  validate(value: unknown, path = ''): string | undefined {
    return value === null ? undefined : this.type.validate(value, path)
  }

  isInstance(value: unknown): value is T | null {
    return value === null || this.type.isInstance(value)
  }

  toString(): string {
    return `NULLABLE<${this.type}>`
  }
}
