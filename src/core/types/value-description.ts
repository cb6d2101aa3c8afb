// How type errors name values and field paths: `field 'a.b[2]': expected INT, got string "x"`.
// Shared by the described types and the generic serializer so every message reads the same.

const MAX_STRING_SHOWN = 40
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/

/** `value` as a type error shows it: its JS type and a short rendering. */
export function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'undefined':
      return 'undefined'
    case 'string':
      return `string ${JSON.stringify(value.length > MAX_STRING_SHOWN ? value.slice(0, MAX_STRING_SHOWN) + '…' : value)}`
    case 'number':
      return `number ${Object.is(value, -0) ? '-0' : String(value)}`
    case 'bigint':
      return `bigint ${value}n`
    case 'boolean':
      return `boolean ${value}`
    case 'symbol':
      return `symbol ${String(value)}`
    case 'function':
      return `function ${value.name === '' ? '(anonymous)' : value.name}`
    case 'object':
      if (value === null) return 'null'
      if (Array.isArray(value)) return `array of length ${value.length}`
      if (value instanceof Map) return `Map of size ${value.size}`
      if (value instanceof Set) return `Set of size ${value.size}`
      if (value instanceof Date)
        return `Date ${Number.isNaN(value.getTime()) ? 'Invalid' : value.toISOString()}`
      if (isPlainObject(value)) return 'object'
      return `instance of class ${className(value)}`
  }
}

/** Whether `value`'s prototype is Object.prototype or null. */
export function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

/** The name of the class `value` was made by, for messages. */
export function className(value: object): string {
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto === null) return 'Object'
  const ctor: unknown = (proto as { constructor?: unknown }).constructor
  return typeof ctor === 'function' && ctor.name !== '' ? ctor.name : '(anonymous)'
}

/** The path of property `name` inside `parent` ('' is the root): `a.b`, `a["x y"]`. */
export function fieldPath(parent: string, name: string): string {
  if (!IDENTIFIER.test(name)) return `${parent}[${JSON.stringify(name)}]`
  return parent === '' ? name : `${parent}.${name}`
}

/** The path of element `index` (or a rendered map key) inside `parent`: `a[2]`, `m["k"]`. */
export function indexPath(parent: string, index: number | string): string {
  return `${parent}[${index}]`
}

/** The map key as shown in a path: strings quoted, other values as describeValue shows them. */
export function keyInPath(key: unknown): string {
  if (typeof key === 'string') return JSON.stringify(key)
  if (typeof key === 'number' || typeof key === 'boolean') return String(key)
  if (typeof key === 'bigint') return `${key}n`
  return describeValue(key)
}

/** The standard mismatch message: `field 'p': expected T, got <value>` (no prefix at the root). */
export function mismatch(path: string, expected: string, value: unknown): string {
  const problem = `expected ${expected}, got ${describeValue(value)}`
  return path === '' ? problem : `field '${path}': ${problem}`
}
