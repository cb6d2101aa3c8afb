// A deep copy that keeps prototypes, standing in for Flink's serialize-then-deserialize copies:
// of user function objects (one per parallel subtask, so fields set in `open()` are not shared)
// and of records where Flink copies them (object reuse off). Functions (lambdas and what they
// capture) cannot be copied in JavaScript and stay shared; `#private` fields cannot be copied, so
// a copied instance throws a TypeError when a method reads one.

export function deepCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value
  return copy(value, new Map<object, unknown>()) as T
}

function copy(value: unknown, seen: Map<object, unknown>): unknown {
  if (value === null || typeof value !== 'object') return value
  const existing = seen.get(value)
  if (existing !== undefined) return existing
  if (value instanceof Date) return new Date(value.getTime())
  if (value instanceof ArrayBuffer) return value.slice(0)
  if (ArrayBuffer.isView(value)) return structuredClone(value)
  if (value instanceof Map) {
    const m = new Map<unknown, unknown>()
    seen.set(value, m)
    for (const [k, v] of value) m.set(copy(k, seen), copy(v, seen))
    return m
  }
  if (value instanceof Set) {
    const s = new Set<unknown>()
    seen.set(value, s)
    for (const v of value) s.add(copy(v, seen))
    return s
  }
  if (Array.isArray(value)) {
    const a: unknown[] = []
    // An array subclass keeps its prototype, without running its constructor.
    const proto = Object.getPrototypeOf(value) as object | null
    if (proto !== Array.prototype) Object.setPrototypeOf(a, proto)
    seen.set(value, a)
    for (const v of value) a.push(copy(v, seen))
    return a
  }
  if (value instanceof Promise || value instanceof WeakMap || value instanceof WeakSet) return value
  const clone: Record<PropertyKey, unknown> = Object.create(
    Object.getPrototypeOf(value) as object | null,
  ) as Record<PropertyKey, unknown>
  seen.set(value, clone)
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key)!
    if ('value' in descriptor) descriptor.value = copy(descriptor.value, seen)
    Object.defineProperty(clone, key, descriptor)
  }
  return clone
}

/**
 * A record's copy where Flink copies records (object reuse off): plain data (arrays, and objects
 * whose prototype is Object.prototype or null) is copied field by field, as a serializer's copy
 * would, so a value referenced twice inside the record becomes two copies. Anything else, and
 * records nested deeper than 64 levels (or cyclic), get `deepCopy`. The plain path is what keeps
 * fan-out in a chain cheap: it allocates only the copy.
 */
export function copyRecord<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value
  const plain = copyPlain(value, 0)
  return (plain === NOT_PLAIN ? deepCopy(value) : plain) as T
}

const NOT_PLAIN = Symbol('not plain data')
const MAX_PLAIN_DEPTH = 64

function copyPlain(value: object, depth: number): unknown {
  if (depth > MAX_PLAIN_DEPTH) return NOT_PLAIN
  if (Array.isArray(value)) {
    // slice() would construct a subclass through Symbol.species (user code): those deepCopy.
    if (Object.getPrototypeOf(value) !== Array.prototype) return NOT_PLAIN
    const out = (value as unknown[]).slice()
    for (let i = 0; i < out.length; i++) {
      const v = out[i]
      if (v === null || typeof v !== 'object') continue
      const c = copyPlain(v, depth + 1)
      if (c === NOT_PLAIN) return NOT_PLAIN
      out[i] = c
    }
    return out
  }
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto === null) return copyNullPrototype(value as Record<string, unknown>, depth)
  if (proto !== Object.prototype) return NOT_PLAIN
  // A spread clones an object literal's shape in one step (V8's CloneObjectIC); only the
  // object-valued fields are then replaced by their copies. Symbol-keyed fields come along as
  // they are: they are not record data (no serializer writes them), and telling whether an
  // object has any costs more than the whole copy (Object.getOwnPropertySymbols allocates).
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) }
  for (const key in out) {
    const v = out[key]
    if (v === null || typeof v !== 'object') continue
    // Assigning '__proto__' would set the copy's prototype instead of a field.
    if (key === '__proto__') return NOT_PLAIN
    const c = copyPlain(v, depth + 1)
    if (c === NOT_PLAIN) return NOT_PLAIN
    out[key] = c
  }
  return out
}

function copyNullPrototype(source: Record<string, unknown>, depth: number): unknown {
  const out = Object.create(null) as Record<string, unknown>
  for (const key in source) {
    const c = copyField(source[key], depth)
    if (c === NOT_PLAIN) return NOT_PLAIN
    out[key] = c
  }
  return out
}

/** An element or field of a plain value at `depth`: primitives as they are, objects copied. */
function copyField(v: unknown, depth: number): unknown {
  return v !== null && typeof v === 'object' ? copyPlain(v, depth + 1) : v
}
