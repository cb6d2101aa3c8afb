// Key identity for partitioning and keyed state: a hash and a Map key computed from a CANONICAL
// form of the key, so every process and every Eddy version agrees on which key group a key is in.
// Changing the form moves keys between key groups and breaks restoring savepoints: don't.
//
// Canonical form: a sequence of 32-bit words; hashKey = MurmurHash3 x86_32 (seed 0) over their
// little-endian bytes, as a signed int32. A value is a tag word and its content:
//   1 null      —
//   2 boolean   0 | 1
//   3 number    IEEE-754 float64 bits, low word then high word; -0 is 0, every NaN is
//               0x7ff8000000000000 (so 1 and 1.0 are one key; "1" and 1 are two)
//   4 string    length in UTF-16 code units, then the units two per word (unit 2i in the low half,
//               2i+1 in the high half, 0 after an odd last unit); no text encoding
//   5 bigint    word count n, then n words of two's complement, least significant first;
//               n = 2 within int64, else the fewest words >= 3 that hold it
//   6 Date      getTime() as a number's content
//   7 array     length, then each element
//   8 object    own enumerable string-keyed property count, then per property in ascending UTF-16
//               order of names: the name as a string's content (length, units), then the value
// undefined, functions, symbols and class instances (Map, Set, typed arrays, …) have no form:
// they throw InvalidKeyError. Nesting deeper than 64 levels throws too (a cycle, most likely).
import { InvalidKeyError } from './invalid-key-error.js'
import { murmur3Finish, murmur3MixWord } from './murmur-hash.js'

const TAG_NULL = 1
const TAG_BOOLEAN = 2
const TAG_NUMBER = 3
const TAG_STRING = 4
const TAG_BIGINT = 5
const TAG_DATE = 6
const TAG_ARRAY = 7
const TAG_OBJECT = 8
const MAX_DEPTH = 64

// One scratch buffer for float64/int64 bits, allocated once: the hot path allocates nothing.
const F64 = new Float64Array(1)
const I64 = new BigInt64Array(F64.buffer)
const I32 = new Int32Array(F64.buffer)
const LOW = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1
const HIGH = 1 - LOW
const INT64_MIN = -(1n << 63n)
const INT64_MAX = (1n << 63n) - 1n

/** Words mixed so far by the current hashKey call (for MurmurHash3's length step). */
let wordCount = 0

/**
 * The 32-bit hash of a key's canonical form (see the file header). Allocates nothing for
 * primitive keys. Throws InvalidKeyError for values that cannot be keys.
 *
 * @example
 * hashKey(1) === hashKey(1.0) // true
 * hashKey({ a: 1, b: 2 }) === hashKey({ b: 2, a: 1 }) // true
 * hashKey('1') === hashKey(1) // false
 */
export function hashKey(key: unknown): number {
  // Fast paths for the common key kinds; the same canonical form as mixValue.
  if (typeof key === 'string') return hashString(key)
  if (typeof key === 'number') return hashNumber(key)
  const saved = wordCount
  wordCount = 0
  const h = mixValue(0, key, key, 0)
  const bytes = wordCount * 4
  wordCount = saved
  return murmur3Finish(h, bytes)
}

function hashString(s: string): number {
  const n = s.length
  let h = murmur3MixWord(murmur3MixWord(0, TAG_STRING), n)
  let i = 0
  for (; i + 1 < n; i += 2) h = murmur3MixWord(h, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16))
  if (i < n) h = murmur3MixWord(h, s.charCodeAt(i))
  return murmur3Finish(h, (2 + ((n + 1) >> 1)) * 4)
}

function hashNumber(v: number): number {
  let h = murmur3MixWord(0, TAG_NUMBER)
  if (v !== v) {
    h = murmur3MixWord(murmur3MixWord(h, 0), 0x7ff80000)
  } else {
    F64[0] = v === 0 ? 0 : v
    h = murmur3MixWord(murmur3MixWord(h, I32[LOW]!), I32[HIGH]!)
  }
  return murmur3Finish(h, 12)
}

/** A key as a JS Map key: what `normalizeKey` returns. */
export type NormalizedKey = string | number | bigint | boolean | null

/**
 * A value usable as a Map key with the key's canonical identity: `normalizeKey(a)` and
 * `normalizeKey(b)` are the same Map key (SameValueZero) iff a and b have the same canonical form,
 * i.e. iff they are the same key for `hashKey`. Primitives are returned as themselves (-0 as 0),
 * so primitive keys allocate nothing. Arrays, plain objects and Dates become a canonical string
 * starting with '\u0000'; a string key starting with '\u0000' is escaped ('\u0000s' + key) so it
 * cannot equal one. Throws InvalidKeyError like `hashKey`.
 */
export function normalizeKey(key: unknown): NormalizedKey {
  switch (typeof key) {
    case 'string':
      return key.length > 0 && key.charCodeAt(0) === 0 ? `\u0000s${key}` : key
    case 'number':
      return key === 0 ? 0 : key
    case 'boolean':
    case 'bigint':
      return key
    case 'object':
      return key === null ? null : `\u0000${encode(key, key, 0)}`
    case 'undefined':
    case 'function':
    case 'symbol':
      throw invalidKeyError(key)
  }
}

function mixValue(h: number, value: unknown, root: unknown, depth: number): number {
  switch (typeof value) {
    case 'string':
      return mixString(mix(h, TAG_STRING), value)
    case 'number':
      return mixDouble(mix(h, TAG_NUMBER), value)
    case 'boolean':
      return mix(mix(h, TAG_BOOLEAN), value ? 1 : 0)
    case 'bigint':
      return mixBigInt(mix(h, TAG_BIGINT), value)
    case 'object':
      if (value === null) return mix(h, TAG_NULL)
      if (depth >= MAX_DEPTH) throw invalidKeyError(root)
      if (Array.isArray(value)) {
        h = mix(mix(h, TAG_ARRAY), value.length)
        for (let i = 0; i < value.length; i++) h = mixValue(h, value[i], root, depth + 1)
        return h
      }
      if (value instanceof Date) return mixDouble(mix(h, TAG_DATE), value.getTime())
      if (isPlainObject(value)) {
        const names = Object.keys(value).sort()
        h = mix(mix(h, TAG_OBJECT), names.length)
        for (let i = 0; i < names.length; i++) {
          const name = names[i]
          h = mixValue(
            mixString(h, name),
            (value as Record<string, unknown>)[name],
            root,
            depth + 1,
          )
        }
        return h
      }
      throw invalidKeyError(root)
    case 'undefined':
    case 'function':
    case 'symbol':
      throw invalidKeyError(root)
  }
}

function mix(h: number, word: number): number {
  wordCount++
  return murmur3MixWord(h, word)
}

function mixString(h: number, s: string): number {
  const n = s.length
  h = mix(h, n)
  let i = 0
  for (; i + 1 < n; i += 2) h = mix(h, s.charCodeAt(i) | (s.charCodeAt(i + 1) << 16))
  return i < n ? mix(h, s.charCodeAt(i)) : h
}

function mixDouble(h: number, v: number): number {
  if (v !== v) return mix(mix(h, 0), 0x7ff80000)
  F64[0] = v === 0 ? 0 : v
  return mix(mix(h, I32[LOW]), I32[HIGH])
}

function mixBigInt(h: number, v: bigint): number {
  if (v >= INT64_MIN && v <= INT64_MAX) {
    I64[0] = v
    return mix(mix(mix(h, 2), I32[LOW]), I32[HIGH])
  }
  let n = 3
  while (v < -(1n << BigInt(32 * n - 1)) || v >= 1n << BigInt(32 * n - 1)) n++
  h = mix(h, n)
  for (let i = 0; i < n; i++) h = mix(h, Number(BigInt.asIntN(32, v >> BigInt(32 * i))))
  return h
}

/** The composite part of normalizeKey: an injective text form with a type marker per value. */
function encode(value: unknown, root: unknown, depth: number): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value)
    case 'number':
      return `n${value}` // String(-0) is '0'
    case 'boolean':
      return value ? 't' : 'f'
    case 'bigint':
      return `b${value}`
    case 'object':
      if (value === null) return 'z'
      if (depth >= MAX_DEPTH) throw invalidKeyError(root)
      if (Array.isArray(value)) {
        return `[${value.map((v: unknown) => encode(v, root, depth + 1)).join(',')}]`
      }
      if (value instanceof Date) return `D${value.getTime()}`
      if (isPlainObject(value)) {
        const record = value as Record<string, unknown>
        const fields = Object.keys(record)
          .sort()
          .map((name) => `${JSON.stringify(name)}:${encode(record[name], root, depth + 1)}`)
        return `{${fields.join(',')}}`
      }
      throw invalidKeyError(root)
    case 'undefined':
    case 'function':
    case 'symbol':
      throw invalidKeyError(root)
  }
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value)
  // Object.prototype of any realm (vm contexts, worker-created objects) has a null prototype.
  return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null
}

/** Builds the error for a key with no canonical form, naming what and where (cold path). */
function invalidKeyError(root: unknown): InvalidKeyError {
  const found = findInvalid(root, '', 0) ?? { what: 'an invalid key', path: '', isType: true }
  const path = found.path.startsWith('.') ? found.path.slice(1) : found.path
  const message =
    path === ''
      ? `key selector returned ${found.what}`
      : `key selector returned a key containing ${found.what} at ${path}`
  const hint = found.isType ? `; ${KEY_TYPES_HINT}` : ''
  return new InvalidKeyError(message + hint, path === '' ? {} : { path })
}

const KEY_TYPES_HINT =
  'a key must be a string, number, bigint, boolean, null, Date, array or plain object of these'

function findInvalid(
  value: unknown,
  path: string,
  depth: number,
): { what: string; path: string; isType: boolean } | undefined {
  switch (typeof value) {
    case 'undefined':
      return { what: 'undefined', path, isType: false }
    case 'function':
      return { what: 'a function', path, isType: true }
    case 'symbol':
      return { what: 'a symbol', path, isType: true }
    case 'object': {
      if (value === null || value instanceof Date) return undefined
      if (depth >= MAX_DEPTH) {
        return { what: `nesting deeper than ${MAX_DEPTH} levels (a cycle?)`, path, isType: false }
      }
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const found = findInvalid(value[i], `${path}[${i}]`, depth + 1)
          if (found !== undefined) return found
        }
        return undefined
      }
      if (!isPlainObject(value)) {
        const name = (value as { constructor?: { name?: unknown } }).constructor?.name
        const what = `an instance of ${typeof name === 'string' ? name : 'a class'}`
        return { what, path, isType: true }
      }
      for (const name of Object.keys(value).sort()) {
        const step = /^[A-Za-z_$][\w$]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`
        const found = findInvalid((value as Record<string, unknown>)[name], path + step, depth + 1)
        if (found !== undefined) return found
      }
      return undefined
    }
    case 'string':
    case 'number':
    case 'bigint':
    case 'boolean':
      return undefined
  }
}
