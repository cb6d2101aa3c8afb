// The reduce functions behind KeyedStream's sum/min/max/minBy/maxBy. As Flink's: `sum`, `min` and
// `max` keep the other fields of the first record of the key and update only the aggregated field;
// `minBy`/`maxBy` return the whole record holding the extreme, the earlier one on ties (first=true).
// Flink: org.apache.flink.streaming.api.functions.aggregation.{SumAggregator, ComparableAggregator}.
import { InvalidProgramError } from '../../core/errors.js'

/** A field by name (dot paths reach nested fields) or, for arrays (tuples), by index. */
export type FieldRef = string | number

export type AggregationType = 'SUM' | 'MIN' | 'MAX' | 'MINBY' | 'MAXBY'

type Path = readonly (string | number)[]

function parsePath(field: FieldRef): Path {
  if (typeof field === 'number') return [field]
  return field.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p))
}

function getAt(value: unknown, path: Path, field: FieldRef): unknown {
  let v = value
  for (const p of path) {
    if (v === null || typeof v !== 'object') {
      throw new InvalidProgramError(
        `Aggregation field '${String(field)}' does not exist on record ${String(value)}`,
        { field: String(field) },
      )
    }
    v = (v as Record<string | number, unknown>)[p]
  }
  if (v === undefined) {
    throw new InvalidProgramError(`Aggregation field '${String(field)}' is missing in a record`, {
      field: String(field),
    })
  }
  return v
}

/** A copy of `value` along `path` with the leaf replaced; other fields are shared. */
function setAt(value: unknown, path: Path, depth: number, leaf: unknown): unknown {
  const key = path[depth] as string | number
  const copy: Record<string | number, unknown> = Array.isArray(value)
    ? (value.slice() as unknown as Record<number, unknown>)
    : { ...(value as Record<string, unknown>) }
  copy[key] = depth === path.length - 1 ? leaf : setAt(copy[key], path, depth + 1, leaf)
  return copy
}

function add(a: unknown, b: unknown, field: FieldRef): unknown {
  if (typeof a === 'number' && typeof b === 'number') return a + b
  if (typeof a === 'bigint' && typeof b === 'bigint') return a + b
  throw new InvalidProgramError(
    `sum('${String(field)}') needs numbers (or bigints) of one kind, got ${typeof a} and ${typeof b}`,
    { field: String(field) },
  )
}

/** Negative when a < b, zero when equal, positive when a > b. */
function compare(a: unknown, b: unknown, field: FieldRef): number {
  const comparable =
    (typeof a === 'number' && typeof b === 'number') ||
    (typeof a === 'bigint' && typeof b === 'bigint') ||
    (typeof a === 'string' && typeof b === 'string')
  if (!comparable) {
    throw new InvalidProgramError(
      `Aggregation on '${String(field)}' needs comparable values of one kind, got ${typeof a} and ${typeof b}`,
      { field: String(field) },
    )
  }
  return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0
}

/** A shallow copy of a record (array or object): what Flink's serializer.copy gives a sum. */
function shallowCopy(value: unknown): Record<string | number, unknown> {
  return Array.isArray(value)
    ? (value.slice() as unknown as Record<number, unknown>)
    : { ...(value as Record<string, unknown>) }
}

/** A top-level field's sum: the common case, without walking a path (bench: keyed-sum-row). */
function topLevelSum<T>(field: string | number): (a: T, b: T) => T {
  return (a, b) => {
    const x = (a as Record<string | number, unknown>)[field]
    const y = (b as Record<string | number, unknown>)[field]
    if (typeof x === 'number' && typeof y === 'number') {
      const result = shallowCopy(a)
      result[field] = x + y
      return result as T
    }
    if (x === undefined || y === undefined) getAt(x === undefined ? a : b, [field], field)
    const result = shallowCopy(a)
    result[field] = add(x, y, field)
    return result as T
  }
}

/** The reduce function for one aggregation over one field. */
export function aggregationFunction<T>(
  type: AggregationType,
  field: FieldRef,
  first = true,
): (a: T, b: T) => T {
  const path = parsePath(field)
  if (type === 'SUM' && path.length === 1) return topLevelSum<T>(path[0]!)
  switch (type) {
    case 'SUM':
      return (a, b) =>
        setAt(a, path, 0, add(getAt(a, path, field), getAt(b, path, field), field)) as T
    case 'MIN':
    case 'MAX': {
      const sign = type === 'MIN' ? 1 : -1
      return (a, b) => {
        const va = getAt(a, path, field)
        const vb = getAt(b, path, field)
        return (sign * compare(vb, va, field) < 0 ? setAt(a, path, 0, vb) : a) as T
      }
    }
    case 'MINBY':
    case 'MAXBY': {
      const sign = type === 'MINBY' ? 1 : -1
      return (a, b) => {
        const c = sign * compare(getAt(b, path, field), getAt(a, path, field), field)
        return c < 0 || (c === 0 && !first) ? b : a
      }
    }
  }
}
