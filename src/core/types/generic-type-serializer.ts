// The fallback serializer for values without a declared type: a tagged binary encoding of plain
// data (undefined, null, booleans, numbers with -0 and NaN, strings, bigints of any size, dense
// arrays, plain objects, Map, Set, Date, Uint8Array). Hand-written because msgpackr loses -0 and
// Map-vs-object. Shared references are written once per use; cycles and class instances are
// rejected with the path to the offending value. Flink: GenericTypeInfo's KryoSerializer.
import { SerializationError } from '../errors.js'
import type { DataInputDeserializer } from '../memory/data-input-deserializer.js'
import type { DataOutputSerializer } from '../memory/data-output-serializer.js'
import type { TypeInformation } from './type-information.js'
import type { TypeSerializer } from './type-serializer.js'
import { className, fieldPath, indexPath, isPlainObject, keyInPath } from './value-description.js'

const UNDEFINED = 0
const NULL = 1
const FALSE = 2
const TRUE = 3
const INT32 = 4
const FLOAT64 = 5
const STRING = 6
const BIGINT64 = 7
const BIGINT_HEX = 8
const ARRAY = 9
const OBJECT = 10
const NULL_PROTO_OBJECT = 11
const MAP = 12
const SET = 13
const DATE = 14
const BYTES = 15

/** How many containers may nest; deeper values (and cycles) are rejected, not overflowed. */
const MAX_DEPTH = 1000
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n
const HEX = /^[0-9a-f]+$/
const PLAIN_DATA_HINT =
  'records crossing a task boundary must be plain data or have a declared type'

// Thrown inside `write` when a value cannot be encoded; `serialize` turns it into a message
// by walking the value again with `validateGenericValue`, off the hot path.
const UNSUPPORTED = new Error('unsupported generic value')

/**
 * Serializes any plain-data value. Used for `Types.GENERIC()` and for values whose type was not
 * declared.
 *
 * @public
 * @example
 * const serializer = Types.GENERIC<{ tags: Set<string> }>().createSerializer()
 * serializer.serialize({ tags: new Set(['a']) }, out)
 */
export class GenericTypeSerializer<T> implements TypeSerializer<T> {
  readonly type: TypeInformation<T>

  constructor(type: TypeInformation<T>) {
    this.type = type
  }

  serialize(value: T, out: DataOutputSerializer): void {
    const start = out.position
    try {
      write(value, out, 0)
    } catch (e: unknown) {
      out.setPosition(start)
      if (e !== UNSUPPORTED) throw e
      const problem = validateGenericValue(value) ?? 'value is not plain data'
      throw new SerializationError(`Cannot serialize value as GENERIC: ${problem}`, {
        code: 'serialization.type-mismatch',
        context: { type: 'GENERIC' },
      })
    }
  }

  deserialize(input: DataInputDeserializer): T {
    return read(input, 0) as T
  }
}

/** Why `value` cannot be serialized generically (with its path), or undefined when it can. */
export function validateGenericValue(value: unknown, path = ''): string | undefined {
  return check(value, path, new Map<object, string>(), 0)
}

function write(value: unknown, out: DataOutputSerializer, depth: number): void {
  switch (typeof value) {
    case 'string':
      out.writeByte(STRING)
      out.writeString(value)
      return
    case 'number':
      if ((value | 0) === value && !(value === 0 && 1 / value < 0)) {
        out.writeByte(INT32)
        out.writeInt32(value)
      } else {
        out.writeByte(FLOAT64)
        out.writeFloat64(value)
      }
      return
    case 'boolean':
      out.writeByte(value ? TRUE : FALSE)
      return
    case 'undefined':
      out.writeByte(UNDEFINED)
      return
    case 'bigint':
      writeBigInt(value, out)
      return
    case 'object':
      if (value === null) out.writeByte(NULL)
      else writeObject(value, out, depth)
      return
    default:
      throw UNSUPPORTED
  }
}

function writeObject(value: object, out: DataOutputSerializer, depth: number): void {
  if (depth >= MAX_DEPTH) throw UNSUPPORTED
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto === Object.prototype || proto === null) {
    const object = value as Record<string, unknown>
    const keys = Object.keys(object)
    out.writeByte(proto === null ? NULL_PROTO_OBJECT : OBJECT)
    out.writeVarUint(keys.length)
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!
      out.writeString(key)
      write(object[key], out, depth + 1)
    }
  } else if (Array.isArray(value)) {
    out.writeByte(ARRAY)
    out.writeVarUint(value.length)
    for (let i = 0; i < value.length; i++) write(value[i], out, depth + 1)
  } else if (value instanceof Map) {
    out.writeByte(MAP)
    out.writeVarUint(value.size)
    for (const [k, v] of value) {
      write(k, out, depth + 1)
      write(v, out, depth + 1)
    }
  } else if (value instanceof Set) {
    out.writeByte(SET)
    out.writeVarUint(value.size)
    for (const element of value) write(element, out, depth + 1)
  } else if (value instanceof Date) {
    out.writeByte(DATE)
    out.writeFloat64(value.getTime())
  } else if (value instanceof Uint8Array) {
    out.writeByte(BYTES)
    out.writeVarUint(value.length)
    out.writeBytes(value)
  } else {
    throw UNSUPPORTED
  }
}

function writeBigInt(value: bigint, out: DataOutputSerializer): void {
  if (value >= INT64_MIN && value <= INT64_MAX) {
    out.writeByte(BIGINT64)
    out.writeBigInt64(value)
  } else {
    out.writeByte(BIGINT_HEX)
    out.writeBoolean(value < 0n)
    out.writeString((value < 0n ? -value : value).toString(16))
  }
}

function read(input: DataInputDeserializer, depth: number): unknown {
  const tag = input.readByte()
  switch (tag) {
    case UNDEFINED:
      return undefined
    case NULL:
      return null
    case FALSE:
      return false
    case TRUE:
      return true
    case INT32:
      return input.readInt32()
    case FLOAT64:
      return input.readFloat64()
    case STRING:
      return input.readString()
    case BIGINT64:
      return input.readBigInt64()
    case BIGINT_HEX: {
      const isNegative = input.readBoolean()
      const hex = input.readString()
      if (!HEX.test(hex)) throw input.corrupt('a bigint that is not hexadecimal')
      const magnitude = BigInt('0x' + hex)
      return isNegative ? -magnitude : magnitude
    }
    case DATE:
      return new Date(input.readFloat64())
    case BYTES:
      return input.readBytes(input.readVarUint())
  }
  if (depth >= MAX_DEPTH) throw input.corrupt(`values nested more than ${MAX_DEPTH} levels deep`)
  switch (tag) {
    case ARRAY: {
      const length = input.readVarUint()
      const array: unknown[] = []
      for (let i = 0; i < length; i++) array.push(read(input, depth + 1))
      return array
    }
    case OBJECT:
    case NULL_PROTO_OBJECT: {
      const object: Record<string, unknown> =
        tag === OBJECT ? {} : (Object.create(null) as Record<string, unknown>)
      const size = input.readVarUint()
      for (let i = 0; i < size; i++) {
        const key = input.readString()
        const value = read(input, depth + 1)
        // Assigning '__proto__' would set the prototype instead of adding a property.
        if (key === '__proto__') {
          Object.defineProperty(object, key, {
            value,
            enumerable: true,
            writable: true,
            configurable: true,
          })
        } else {
          object[key] = value
        }
      }
      return object
    }
    case MAP: {
      const map = new Map<unknown, unknown>()
      const size = input.readVarUint()
      for (let i = 0; i < size; i++) {
        const key = read(input, depth + 1)
        map.set(key, read(input, depth + 1))
      }
      return map
    }
    case SET: {
      const set = new Set<unknown>()
      const size = input.readVarUint()
      for (let i = 0; i < size; i++) set.add(read(input, depth + 1))
      return set
    }
  }
  throw input.corrupt(`unknown GENERIC tag ${tag}`)
}

function check(
  value: unknown,
  path: string,
  ancestors: Map<object, string>,
  depth: number,
): string | undefined {
  if (typeof value === 'function') {
    return unsupported(path, `a function${value.name === '' ? '' : ` (${value.name})`}`)
  }
  if (typeof value === 'symbol') return unsupported(path, 'a symbol')
  if (typeof value !== 'object' || value === null) return undefined
  const ancestor = ancestors.get(value)
  if (ancestor !== undefined) {
    const target = ancestor === '' ? 'the root value' : `'${ancestor}'`
    return `value at '${path}' refers back to ${target} (a cycle); ${PLAIN_DATA_HINT}`
  }
  if (depth >= MAX_DEPTH) return unsupported(path, `nested more than ${MAX_DEPTH} levels deep`)
  ancestors.set(value, path)
  const problem = checkChildren(value, path, ancestors, depth + 1)
  ancestors.delete(value)
  return problem
}

function checkChildren(
  value: object,
  path: string,
  ancestors: Map<object, string>,
  depth: number,
): string | undefined {
  let problem: string | undefined
  if (isPlainObject(value)) {
    const object = value as Record<string, unknown>
    for (const key of Object.keys(object)) {
      problem = check(object[key], fieldPath(path, key), ancestors, depth)
      if (problem !== undefined) return problem
    }
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      problem = check(value[i], indexPath(path, i), ancestors, depth)
      if (problem !== undefined) return problem
    }
  } else if (value instanceof Map) {
    let i = 0
    for (const [k, v] of value) {
      problem =
        check(k, indexPath(path, `key #${i++}`), ancestors, depth) ??
        check(v, indexPath(path, keyInPath(k)), ancestors, depth)
      if (problem !== undefined) return problem
    }
  } else if (value instanceof Set) {
    let i = 0
    for (const element of value) {
      problem = check(element, indexPath(path, `element #${i++}`), ancestors, depth)
      if (problem !== undefined) return problem
    }
  } else if (!(value instanceof Date) && !(value instanceof Uint8Array)) {
    return unsupported(path, `an instance of class ${className(value)}`)
  }
  return undefined
}

function unsupported(path: string, what: string): string {
  const subject = path === '' ? 'value' : `value at '${path}'`
  return `${subject} is ${what}; ${PLAIN_DATA_HINT}`
}
