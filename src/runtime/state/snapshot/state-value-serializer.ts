// Writes and reads what a heap state stores per (key, namespace), in the shape each kind keeps it:
// one value (value, reducing and aggregating state), an array of elements (list state), or the
// user map of UserMapEntry by normalized key (map state). Element, key and value types come from
// the state's meta info. Flink: the state serializers of RegisteredKeyValueStateBackendMetaInfo
// (ListSerializer, MapSerializer).
import { normalizeKey } from '../../../core/keys/key-hash.js'
import type { DataInputDeserializer } from '../../../core/memory/data-input-deserializer.js'
import type { DataOutputSerializer } from '../../../core/memory/data-output-serializer.js'
import { GenericTypeInfo } from '../../../core/types/generic-type-info.js'
import type { TypeDescriptor, TypeInformation } from '../../../core/types/type-information.js'
import type { TypeSerializer } from '../../../core/types/type-serializer.js'
import { type UserMap, UserMapEntry } from '../heap/heap-map-state.js'
import type { KeyedStateMetaInfo } from './keyed-state-meta-info.js'

/**
 * Serializes one stored value. `write` throws SerializationError when the value does not fit the
 * state's types; `read` throws SerializationError when the bytes do not decode.
 */
export interface StateValueSerializer {
  write(value: unknown, out: DataOutputSerializer): void
  read(input: DataInputDeserializer): unknown
}

/** The serializer for the values of the state `meta` describes. */
export function stateValueSerializerFor(meta: KeyedStateMetaInfo): StateValueSerializer {
  const values = meta.valueType.createSerializer()
  switch (meta.kind) {
    case 'value':
    case 'reducing':
    case 'aggregating':
      return new SingleValueSerializer(values)
    case 'list':
      return new ListValueSerializer(values, !hasEmptyEncoding(meta.valueType.toDescriptor()))
    case 'map': {
      const keyType = meta.userKeyType ?? GenericTypeInfo.INSTANCE
      const isCountBounded = !(
        hasEmptyEncoding(keyType.toDescriptor()) && hasEmptyEncoding(meta.valueType.toDescriptor())
      )
      return new UserMapSerializer(keyType.createSerializer(), values, isCountBounded)
    }
  }
}

class SingleValueSerializer implements StateValueSerializer {
  private readonly values: TypeSerializer<unknown>

  constructor(values: TypeSerializer<unknown>) {
    this.values = values
  }

  write(value: unknown, out: DataOutputSerializer): void {
    this.values.serialize(value, out)
  }

  read(input: DataInputDeserializer): unknown {
    return this.values.deserialize(input)
  }
}

/** A count (varint) and the elements. */
class ListValueSerializer implements StateValueSerializer {
  private readonly elements: TypeSerializer<unknown>
  /** False for element types written as no bytes (a ROW without fields): counts are unbounded. */
  private readonly isCountBounded: boolean

  constructor(elements: TypeSerializer<unknown>, isCountBounded: boolean) {
    this.elements = elements
    this.isCountBounded = isCountBounded
  }

  write(value: unknown, out: DataOutputSerializer): void {
    const list = value as readonly unknown[]
    const n = list.length
    out.writeVarUint(n)
    for (let i = 0; i < n; i++) this.elements.serialize(list[i], out)
  }

  read(input: DataInputDeserializer): unknown {
    const n = this.isCountBounded ? readCount(input) : input.readVarUint()
    const list: unknown[] = []
    for (let i = 0; i < n; i++) list.push(this.elements.deserialize(input))
    return list
  }
}

/** A count (varint) and the user's (key, value) pairs in iteration order. */
class UserMapSerializer implements StateValueSerializer {
  private readonly keys: TypeSerializer<unknown>
  private readonly values: TypeSerializer<unknown>
  private readonly isCountBounded: boolean

  constructor(
    keys: TypeSerializer<unknown>,
    values: TypeSerializer<unknown>,
    isCountBounded: boolean,
  ) {
    this.keys = keys
    this.values = values
    this.isCountBounded = isCountBounded
  }

  write(value: unknown, out: DataOutputSerializer): void {
    const map = value as UserMap<unknown, unknown>
    out.writeVarUint(map.size)
    for (const entry of map.values()) {
      this.keys.serialize(entry.key, out)
      this.values.serialize(entry.value, out)
    }
  }

  read(input: DataInputDeserializer): unknown {
    const n = this.isCountBounded ? readCount(input) : input.readVarUint()
    const map: UserMap<unknown, unknown> = new Map()
    for (let i = 0; i < n; i++) {
      const key = this.keys.deserialize(input)
      map.set(normalizeKey(key), new UserMapEntry(key, this.values.deserialize(input)))
    }
    return map
  }
}

/** Whether values of the type may take no bytes at all: ROWs and TUPLEs of nothing else. */
function hasEmptyEncoding(d: TypeDescriptor): boolean {
  if (d.kind === 'ROW') return d.fields.every((f) => hasEmptyEncoding(f.type))
  if (d.kind === 'TUPLE') return d.elements.every(hasEmptyEncoding)
  return false
}

/** The varint count of values of `type`: bounded by the bytes left unless they may take none. */
export function readElementCount(
  input: DataInputDeserializer,
  type: TypeInformation<unknown>,
): number {
  return hasEmptyEncoding(type.toDescriptor()) ? input.readVarUint() : readCount(input)
}

/** A varint count of items that take at least one byte each: larger than the rest is corrupt. */
export function readCount(input: DataInputDeserializer): number {
  const n = input.readVarUint()
  if (n > input.available()) {
    throw input.corrupt(`a count of ${n} items with only ${input.available()} bytes left`)
  }
  return n
}
