// Whether state written with one type (the schema stored in a snapshot) can be used as another
// (the type the operator declares after a restore), and how to convert its values. ROW fields may
// be added (as NULLABLE: restored rows get null) and removed; numbers may widen; T may become
// NULLABLE<T>; undeclared (GENERIC) state may get a declared type if every value fits it.
// Pure. Flink: TypeSerializerSchemaCompatibility and the POJO serializer's schema evolution.
import type { BasicTypeKind, TypeDescriptor } from '../../../core/types/type-information.js'
import { typeFromDescriptor } from '../../../core/types/type-from-descriptor.js'

/** Converts a restored value to the declared type; throws an Error saying why one does not fit. */
export type ValueMigration = (value: unknown) => unknown

/** Named as Flink's TypeSerializerSchemaCompatibility.Type. */
export type SchemaCompatibility =
  | { readonly type: 'COMPATIBLE_AS_IS' }
  | { readonly type: 'COMPATIBLE_AFTER_MIGRATION'; readonly migrate: ValueMigration }
  | { readonly type: 'INCOMPATIBLE'; readonly reason: string }

const AS_IS: SchemaCompatibility = { type: 'COMPATIBLE_AS_IS' }

/** Lossless widenings: a JS number of the first kind is also a valid value of the second. */
const WIDENINGS: ReadonlySet<string> = new Set(
  (
    [
      ['BYTE', 'SHORT'],
      ['BYTE', 'INT'],
      ['BYTE', 'LONG'],
      ['BYTE', 'FLOAT'],
      ['BYTE', 'DOUBLE'],
      ['SHORT', 'INT'],
      ['SHORT', 'LONG'],
      ['SHORT', 'FLOAT'],
      ['SHORT', 'DOUBLE'],
      ['INT', 'LONG'],
      ['INT', 'DOUBLE'],
      ['LONG', 'DOUBLE'],
      ['FLOAT', 'DOUBLE'],
    ] satisfies [BasicTypeKind, BasicTypeKind][]
  ).map(([from, to]) => `${from}>${to}`),
)

/**
 * How values stored with `stored` become values of `declared`. Field paths in reasons and in the
 * errors of `migrate` are prefixed by `path`.
 */
export function resolveSchemaCompatibility(
  stored: TypeDescriptor,
  declared: TypeDescriptor,
  path = '',
): SchemaCompatibility {
  if (declared.kind === 'GENERIC') return AS_IS
  if (stored.kind === 'GENERIC') return validating(declared, path)
  if (declared.kind === 'NULLABLE') {
    if (stored.kind !== 'NULLABLE') return resolveSchemaCompatibility(stored, declared.type, path)
    return nullSafe(resolveSchemaCompatibility(stored.type, declared.type, path))
  }
  if (stored.kind === 'NULLABLE') {
    return incompatible(stored, declared, path, 'restored values may be null')
  }
  switch (declared.kind) {
    case 'ROW':
      return stored.kind === 'ROW'
        ? resolveRow(stored, declared, path)
        : mismatch(stored, declared, path)
    case 'TUPLE':
      return stored.kind === 'TUPLE' && stored.elements.length === declared.elements.length
        ? resolveTuple(stored.elements, declared.elements, path)
        : mismatch(stored, declared, path)
    case 'LIST':
      return stored.kind === 'LIST'
        ? resolveList(resolveSchemaCompatibility(stored.element, declared.element, `${path}[]`))
        : mismatch(stored, declared, path)
    case 'MAP':
      return stored.kind === 'MAP'
        ? resolveMap(stored, declared, path)
        : mismatch(stored, declared, path)
    default:
      if (stored.kind === declared.kind || WIDENINGS.has(`${stored.kind}>${declared.kind}`)) {
        return AS_IS
      }
      return mismatch(stored, declared, path)
  }
}

/** The type a descriptor describes, as messages show it (`ROW<a INT, b STRING>`). */
export function describeSchema(descriptor: TypeDescriptor): string {
  return typeFromDescriptor(descriptor).toString()
}

function resolveRow(
  stored: Extract<TypeDescriptor, { kind: 'ROW' }>,
  declared: Extract<TypeDescriptor, { kind: 'ROW' }>,
  path: string,
): SchemaCompatibility {
  const storedFields = new Map(stored.fields.map((f) => [f.name, f.type]))
  const names: string[] = []
  // undefined: an added field, which restored rows hold as null.
  const migrations: (ValueMigration | null | undefined)[] = []
  let isAsIs = stored.fields.length === declared.fields.length
  for (const field of declared.fields) {
    const fieldAt = path === '' ? field.name : `${path}.${field.name}`
    const storedType = storedFields.get(field.name)
    names.push(field.name)
    if (storedType === undefined) {
      if (field.type.kind !== 'NULLABLE' && field.type.kind !== 'GENERIC') {
        return {
          type: 'INCOMPATIBLE',
          reason:
            `field '${fieldAt}' was added as ${describeSchema(field.type)}, which cannot hold ` +
            `null; declare an added field as Types.NULLABLE(...) so that restored rows can leave ` +
            `it null`,
        }
      }
      migrations.push(undefined)
      isAsIs = false
      continue
    }
    const c = resolveSchemaCompatibility(storedType, field.type, fieldAt)
    if (c.type === 'INCOMPATIBLE') return c
    migrations.push(c.type === 'COMPATIBLE_AS_IS' ? null : c.migrate)
    if (c.type !== 'COMPATIBLE_AS_IS') isAsIs = false
  }
  if (isAsIs) return AS_IS
  return {
    type: 'COMPATIBLE_AFTER_MIGRATION',
    // A new object with the declared fields only, in declared order: removed fields are dropped.
    migrate: (value) => {
      const row = value as Record<string, unknown>
      const result: Record<string, unknown> = {}
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!
        const migrate = migrations[i]
        result[name] =
          migrate === undefined ? null : migrate === null ? row[name] : migrate(row[name])
      }
      return result
    },
  }
}

function resolveTuple(
  stored: readonly TypeDescriptor[],
  declared: readonly TypeDescriptor[],
  path: string,
): SchemaCompatibility {
  const migrations: (ValueMigration | null)[] = []
  let isAsIs = true
  for (let i = 0; i < declared.length; i++) {
    const c = resolveSchemaCompatibility(stored[i]!, declared[i]!, `${path}[${i}]`)
    if (c.type === 'INCOMPATIBLE') return c
    migrations.push(c.type === 'COMPATIBLE_AS_IS' ? null : c.migrate)
    if (c.type !== 'COMPATIBLE_AS_IS') isAsIs = false
  }
  if (isAsIs) return AS_IS
  return {
    type: 'COMPATIBLE_AFTER_MIGRATION',
    migrate: (value) =>
      (value as unknown[]).map((element, i) => {
        const migrate = migrations[i]
        return migrate === null || migrate === undefined ? element : migrate(element)
      }),
  }
}

function resolveList(element: SchemaCompatibility): SchemaCompatibility {
  if (element.type !== 'COMPATIBLE_AFTER_MIGRATION') return element
  const migrate = element.migrate
  return {
    type: 'COMPATIBLE_AFTER_MIGRATION',
    migrate: (value) => (value as unknown[]).map(migrate),
  }
}

function resolveMap(
  stored: Extract<TypeDescriptor, { kind: 'MAP' }>,
  declared: Extract<TypeDescriptor, { kind: 'MAP' }>,
  path: string,
): SchemaCompatibility {
  const keys = resolveSchemaCompatibility(stored.key, declared.key, `${path}<key>`)
  if (keys.type === 'INCOMPATIBLE') return keys
  const values = resolveSchemaCompatibility(stored.value, declared.value, `${path}<value>`)
  if (values.type === 'INCOMPATIBLE') return values
  if (keys.type === 'COMPATIBLE_AS_IS' && values.type === 'COMPATIBLE_AS_IS') return AS_IS
  const migrateKey = keys.type === 'COMPATIBLE_AS_IS' ? undefined : keys.migrate
  const migrateValue = values.type === 'COMPATIBLE_AS_IS' ? undefined : values.migrate
  return {
    type: 'COMPATIBLE_AFTER_MIGRATION',
    migrate: (value) => {
      const result = new Map<unknown, unknown>()
      for (const [k, v] of value as Map<unknown, unknown>) {
        result.set(
          migrateKey === undefined ? k : migrateKey(k),
          migrateValue === undefined ? v : migrateValue(v),
        )
      }
      return result
    },
  }
}

/** Values written without a declared type: usable as they are if each one fits `declared`. */
function validating(declared: TypeDescriptor, path: string): SchemaCompatibility {
  const type = typeFromDescriptor(declared)
  return {
    type: 'COMPATIBLE_AFTER_MIGRATION',
    migrate: (value) => {
      const problem = type.validate(value, path)
      if (problem !== undefined) throw new Error(problem)
      return value
    },
  }
}

function nullSafe(c: SchemaCompatibility): SchemaCompatibility {
  if (c.type !== 'COMPATIBLE_AFTER_MIGRATION') return c
  const migrate = c.migrate
  return {
    type: 'COMPATIBLE_AFTER_MIGRATION',
    migrate: (value) => (value === null ? null : migrate(value)),
  }
}

function mismatch(
  stored: TypeDescriptor,
  declared: TypeDescriptor,
  path: string,
): SchemaCompatibility {
  return incompatible(stored, declared, path, 'the types differ')
}

function incompatible(
  stored: TypeDescriptor,
  declared: TypeDescriptor,
  path: string,
  why: string,
): SchemaCompatibility {
  const where = path === '' ? '' : `field '${path}': `
  return {
    type: 'INCOMPATIBLE',
    reason:
      `${where}stored as ${describeSchema(stored)}, ` +
      `declared as ${describeSchema(declared)} (${why})`,
  }
}
