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
