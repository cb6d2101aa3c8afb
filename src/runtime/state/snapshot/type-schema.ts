// How snapshots store a type: the JSON of its TypeDescriptor, rebuilt into a TypeInformation on
// restore so values are read with the schema they were written with.
// Flink: TypeSerializerSnapshot#writeSnapshot / #restoreSerializer.
import type { DataInputDeserializer } from '../../../core/memory/data-input-deserializer.js'
import { typeFromDescriptor } from '../../../core/types/type-from-descriptor.js'
import type { TypeDescriptor, TypeInformation } from '../../../core/types/type-information.js'

/** A type as snapshots store it: the JSON of its descriptor. */
export function schemaOf(type: TypeInformation<unknown>): string {
  return JSON.stringify(type.toDescriptor())
}

/** Reads a schema written by `schemaOf` and rebuilds its type. */
export function readSchema(input: DataInputDeserializer): TypeInformation<unknown> {
  const json = input.readString()
  let descriptor: unknown
  try {
    descriptor = JSON.parse(json)
  } catch {
    // The parser's message says nothing the offset does not; report the bytes as corrupt.
    throw input.corrupt(`a type schema that is not JSON: ${JSON.stringify(json.slice(0, 60))}`)
  }
  return typeFromDescriptor(descriptor as TypeDescriptor)
}
