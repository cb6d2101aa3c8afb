// Turns values of one type into bytes and back. Serializers are stateless and may be shared
// between tasks; all buffer state lives in the DataOutputSerializer / DataInputDeserializer.
// Flink: org.apache.flink.api.common.typeutils.TypeSerializer.
import type { DataInputDeserializer } from '../memory/data-input-deserializer.js'
import type { DataOutputSerializer } from '../memory/data-output-serializer.js'
import type { TypeInformation } from './type-information.js'

/**
 * @public
 * @example
 * const serializer = Types.ROW({ key: Types.STRING, n: Types.DOUBLE }).createSerializer()
 * serializer.serialize({ key: 'a', n: 1 }, out)
 * const row = serializer.deserialize(input)
 */
export interface TypeSerializer<T> {
  readonly type: TypeInformation<T>

  /**
   * Appends `value` to `out`. When `value` does not match the type, throws SerializationError
   * 'serialization.type-mismatch' (naming the type, the field path and the value) and leaves
   * `out` at the position it had before the call.
   */
  serialize(value: T, out: DataOutputSerializer): void

  /**
   * Reads one value. Throws SerializationError 'serialization.eof' when the input ends early and
   * 'serialization.corrupt' when the bytes cannot be a value of this type.
   */
  deserialize(input: DataInputDeserializer): T
}
