// Rebuilds a TypeInformation from its JSON descriptor (as stored in a checkpoint), checking the
// descriptor's shape since it comes from outside the process.
// Flink: TypeSerializerSnapshot#restoreSerializer.
import { SerializationError } from '../errors.js'
import { BasicTypeInfo } from './basic-type-info.js'
import { GenericTypeInfo } from './generic-type-info.js'
import { ListTypeInfo } from './list-type-info.js'
import { MapTypeInfo } from './map-type-info.js'
import { NullableTypeInfo } from './nullable-type-info.js'
import { RowTypeInfo } from './row-type-info.js'
import { TupleTypeInfo } from './tuple-type-info.js'
import type { BasicTypeKind, TypeDescriptor, TypeInformation } from './type-information.js'

const BASIC_KINDS: ReadonlySet<string> = new Set<BasicTypeKind>([
  'STRING',
  'BOOLEAN',
  'BYTE',
  'SHORT',
  'INT',
  'LONG',
  'FLOAT',
  'DOUBLE',
  'BIGINT',
])

/**
 * The type a descriptor describes. Throws SerializationError 'serialization.invalid-descriptor'
 * when the descriptor is malformed.
 *
 * @public
 * @example
 * const stored = JSON.stringify(type.toDescriptor())
 * const restored = typeFromDescriptor(JSON.parse(stored))
 */
export function typeFromDescriptor(descriptor: TypeDescriptor): TypeInformation<unknown> {
  return build(descriptor, '')
}

function build(d: unknown, path: string): TypeInformation<unknown> {
  if (typeof d !== 'object' || d === null || !('kind' in d) || typeof d.kind !== 'string') {
    throw invalid(path, 'expected an object with a string "kind"')
  }
  const node = d as Record<string, unknown>
  const kind = d.kind
  if (BASIC_KINDS.has(kind)) return new BasicTypeInfo(kind as BasicTypeKind)
  switch (kind) {
    case 'ROW': {
      const fields = arrayAt(node, 'fields', path)
      const names: string[] = []
      const types: TypeInformation<unknown>[] = []
      fields.forEach((field, i) => {
        const fieldAt = `${path}.fields[${i}]`
        if (
          typeof field !== 'object' ||
          field === null ||
          typeof (field as { name?: unknown }).name !== 'string'
        ) {
          throw invalid(fieldAt, 'expected { name: string, type }')
        }
        const name = (field as { name: string }).name
        if (name === '__proto__' || names.includes(name)) {
          throw invalid(`${fieldAt}.name`, `field name ${JSON.stringify(name)} is not allowed here`)
        }
        names.push(name)
        types.push(build((field as { type?: unknown }).type, `${fieldAt}.type`))
      })
      return new RowTypeInfo(names, types)
    }
    case 'TUPLE':
      return new TupleTypeInfo(
        arrayAt(node, 'elements', path).map((e, i) => build(e, `${path}.elements[${i}]`)),
      )
    case 'LIST':
      return new ListTypeInfo(build(node['element'], `${path}.element`))
    case 'MAP':
      return new MapTypeInfo(
        build(node['key'], `${path}.key`),
        build(node['value'], `${path}.value`),
      )
    case 'NULLABLE':
      return new NullableTypeInfo(build(node['type'], `${path}.type`))
    case 'GENERIC':
      return GenericTypeInfo.INSTANCE
    default:
      throw invalid(path, `unknown kind ${JSON.stringify(kind)}`)
  }
}

function arrayAt(node: Record<string, unknown>, key: string, path: string): unknown[] {
  const value = node[key]
  if (!Array.isArray(value)) throw invalid(`${path}.${key}`, 'expected an array')
  return value
}

function invalid(path: string, problem: string): SerializationError {
  return new SerializationError(`Invalid type descriptor at '$${path}': ${problem}`, {
    code: 'serialization.invalid-descriptor',
    context: { path: `$${path}` },
  })
}
