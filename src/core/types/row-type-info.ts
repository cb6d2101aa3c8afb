// A record with named fields, each of a declared type. Serialized as its fields in declaration
// order, with no names or header; JS properties that are not declared fields are dropped.
// Flink: org.apache.flink.api.java.typeutils.RowTypeInfo (with field names).
import { InvalidProgramError } from '../errors.js'
import { generateSerializer } from './serializer-generator.js'
import type { TypeDescriptor, TypeInformation } from './type-information.js'
import type { TypeSerializer } from './type-serializer.js'
import { fieldPath, mismatch } from './value-description.js'

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** @public */
export class RowTypeInfo<T> implements TypeInformation<T> {
  declare readonly __type?: T
  readonly fieldNames: readonly string[]
  readonly fieldTypes: readonly TypeInformation<unknown>[]
  private serializer: TypeSerializer<T> | undefined

  constructor(fieldNames: readonly string[], fieldTypes: readonly TypeInformation<unknown>[]) {
    const seen = new Set<string>()
    for (const name of fieldNames) {
      if (name === '__proto__') {
        throw new InvalidProgramError(`ROW field name '__proto__' is not allowed`)
      }
      if (seen.has(name)) throw new InvalidProgramError(`ROW field '${name}' is declared twice`)
      seen.add(name)
    }
    this.fieldNames = Object.freeze([...fieldNames])
    this.fieldTypes = Object.freeze([...fieldTypes])
  }

  createSerializer(): TypeSerializer<T> {
    return (this.serializer ??= generateSerializer(this))
  }

  toDescriptor(): TypeDescriptor {
    return {
      kind: 'ROW',
      fields: this.fieldNames.map((name, i) => ({
        name,
        type: this.fieldTypes[i]!.toDescriptor(),
      })),
    }
  }

  /** Missing fields (undefined) are errors; undeclared properties are ignored. */
  validate(value: unknown, path = ''): string | undefined {
    if (typeof value !== 'object' || value === null) return mismatch(path, this.toString(), value)
    const row = value as Record<string, unknown>
    for (let i = 0; i < this.fieldNames.length; i++) {
      const name = this.fieldNames[i]!
      const problem = this.fieldTypes[i]!.validate(row[name], fieldPath(path, name))
      if (problem !== undefined) return problem
    }
    return undefined
  }

  /** The same answer as `validate() === undefined`, without building field paths. */
  isInstance(value: unknown): value is T {
    if (typeof value !== 'object' || value === null) return false
    const row = value as Record<string, unknown>
    for (let i = 0; i < this.fieldNames.length; i++) {
      if (!this.fieldTypes[i]!.isInstance(row[this.fieldNames[i]!])) return false
    }
    return true
  }

  toString(): string {
    const fields = this.fieldNames.map((name, i) => `${quoteName(name)} ${this.fieldTypes[i]}`)
    return `ROW<${fields.join(', ')}>`
  }
}

/** A field name as Flink's SQL prints it: bare when an identifier, else in backticks. */
function quoteName(name: string): string {
  return IDENTIFIER.test(name) ? name : '`' + name.replaceAll('`', '``') + '`'
}
