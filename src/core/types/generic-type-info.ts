// The type of values Eddy was not told the type of: anything the GenericTypeSerializer can
// encode. Stateless, so one instance serves every use.
// Flink: org.apache.flink.api.java.typeutils.GenericTypeInfo.
import type { TypeDescriptor, TypeInformation } from './type-information.js'
import type { TypeSerializer } from './type-serializer.js'
import { GenericTypeSerializer, validateGenericValue } from './generic-type-serializer.js'

/** @public */
export class GenericTypeInfo<T> implements TypeInformation<T> {
  /** The instance `Types.GENERIC()` returns and generated serializers delegate to. */
  static readonly INSTANCE: GenericTypeInfo<unknown> = new GenericTypeInfo<unknown>()

  declare readonly __type?: T
  private serializer: TypeSerializer<T> | undefined

  createSerializer(): TypeSerializer<T> {
    return (this.serializer ??= new GenericTypeSerializer(this))
  }

  toDescriptor(): TypeDescriptor {
    return { kind: 'GENERIC' }
  }

  validate(value: unknown, path = ''): string | undefined {
    return validateGenericValue(value, path)
  }

  isInstance(value: unknown): value is T {
    return this.validate(value) === undefined
  }

  toString(): string {
    return 'GENERIC'
  }
}
