// The single-value types: STRING, BOOLEAN, the integers, the floats and BIGINT. Each kind names
// the JS value it holds and the range it accepts; the encoding is in serializer-generator.ts.
// Flink: org.apache.flink.api.common.typeinfo.BasicTypeInfo.
import { generateSerializer } from './serializer-generator.js'
import type { BasicTypeKind, TypeDescriptor, TypeInformation } from './type-information.js'
import type { TypeSerializer } from './type-serializer.js'
import { mismatch } from './value-description.js'

const RANGES: Partial<Record<BasicTypeKind, string>> = {
  BYTE: 'int8',
  SHORT: 'int16',
  INT: 'int32',
  LONG: 'safe-integer',
  BIGINT: 'int64',
}
const INT64_MIN = -(2n ** 63n)
const INT64_MAX = 2n ** 63n - 1n

/** @public */
export class BasicTypeInfo<T> implements TypeInformation<T> {
  declare readonly __type?: T
  readonly kind: BasicTypeKind
  private serializer: TypeSerializer<T> | undefined

  constructor(kind: BasicTypeKind) {
    this.kind = kind
  }

  createSerializer(): TypeSerializer<T> {
    return (this.serializer ??= generateSerializer(this))
  }

  toDescriptor(): TypeDescriptor {
    return { kind: this.kind }
  }

  validate(value: unknown, path = ''): string | undefined {
    if (isBasicValue(this.kind, value)) return undefined
    return mismatch(path, this.kind, value) + rangeHint(this.kind, value)
  }

  isInstance(value: unknown): value is T {
    return isBasicValue(this.kind, value)
  }

  toString(): string {
    return this.kind
  }
}

/** Whether `value` is a value of `kind`; the generated serializers inline the same checks. */
function isBasicValue(kind: BasicTypeKind, value: unknown): boolean {
  switch (kind) {
    case 'STRING':
      return typeof value === 'string'
    case 'BOOLEAN':
      return typeof value === 'boolean'
    case 'BYTE':
      return typeof value === 'number' && (value << 24) >> 24 === value
    case 'SHORT':
      return typeof value === 'number' && (value << 16) >> 16 === value
    case 'INT':
      return typeof value === 'number' && (value | 0) === value
    case 'LONG':
      return Number.isSafeInteger(value)
    case 'FLOAT':
    case 'DOUBLE':
      return typeof value === 'number'
    case 'BIGINT':
      return typeof value === 'bigint' && value >= INT64_MIN && value <= INT64_MAX
  }
}

/** Why a value of the right JS type is still rejected: ` (not an integer)`, or its range. */
function rangeHint(kind: BasicTypeKind, value: unknown): string {
  const range = RANGES[kind]
  if (range === undefined) return ''
  if (kind === 'BIGINT') return typeof value === 'bigint' ? ` (outside the ${range} range)` : ''
  if (typeof value !== 'number') return ''
  return Number.isInteger(value) ? ` (outside the ${range} range)` : ' (not an integer)'
}
