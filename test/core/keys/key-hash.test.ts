import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { EddyError } from '../../../src/core/errors.js'
import { InvalidKeyError } from '../../../src/core/keys/invalid-key-error.js'
import { hashKey, normalizeKey } from '../../../src/core/keys/key-hash.js'

describe('hashKey', () => {
  it('treats 1 and 1.0 as one key, and "1" and 1 as two', () => {
    assert.equal(hashKey(1), hashKey(1.0))
    assert.notEqual(hashKey('1'), hashKey(1))
    assert.notEqual(hashKey(1n), hashKey(1))
    assert.notEqual(hashKey(true), hashKey(1))
  })

  it('normalizes -0 to 0 and every NaN to one NaN', () => {
    assert.equal(hashKey(-0), hashKey(0))
    assert.equal(hashKey(NaN), hashKey(Number.NaN))
    assert.equal(hashKey(NaN), hashKey(0 / 0))
  })

  it('ignores the order of object properties', () => {
    assert.equal(hashKey({ a: 1, b: 'x' }), hashKey({ b: 'x', a: 1 }))
    assert.notEqual(hashKey({ a: 1, b: 'x' }), hashKey({ a: 'x', b: 1 }))
  })

  it('keeps tuple order and structure', () => {
    assert.notEqual(hashKey([1, 2]), hashKey([2, 1]))
    assert.notEqual(hashKey([[1], 2]), hashKey([1, [2]]))
    assert.notEqual(hashKey(['ab']), hashKey(['a', 'b']))
    assert.notEqual(hashKey([]), hashKey({}))
  })

  it('hashes a Date as its time, distinct from the number', () => {
    assert.equal(hashKey(new Date(1000)), hashKey(new Date(1000)))
    assert.notEqual(hashKey(new Date(1000)), hashKey(1000))
  })

  it('is MurmurHash3 x86_32 over the documented canonical bytes', () => {
    const keys: unknown[] = [
      null,
      true,
      false,
      0,
      -0,
      NaN,
      -1.5,
      2 ** 60,
      '',
      'a',
      'héllo',
      '日本語\u{1F600}',
      0n,
      -1n,
      2n ** 63n - 1n,
      -(2n ** 63n),
      2n ** 63n,
      2n ** 64n,
      -(2n ** 95n) - 1n,
      new Date(1_700_000_000_000),
      [1, 'a', null],
      { b: [true], a: { z: 1n } },
    ]
    assert.deepStrictEqual(
      keys.map((k) => hashKey(k)),
      keys.map((k) => referenceMurmur3(canonicalBytes(k)) | 0),
    )
  })

  it('keeps the canonical form stable (pinned values)', () => {
    const keys: unknown[] = [
      1,
      'a',
      'user-42',
      true,
      null,
      7n,
      [1, 'a'],
      { a: 1, b: 2 },
      new Date(0),
    ]
    assert.deepStrictEqual(
      keys.map((k) => hashKey(k)),
      PINNED,
    )
  })

  it('throws InvalidKeyError for values that cannot be keys', () => {
    const cases: [unknown, string][] = [
      [undefined, 'key selector returned undefined'],
      [() => 1, 'key selector returned a function' + HINT],
      [Symbol('s'), 'key selector returned a symbol' + HINT],
      [new Map(), 'key selector returned an instance of Map' + HINT],
      [[1, undefined], 'key selector returned a key containing undefined at [1]'],
      [{ a: [{ b: undefined }] }, 'key selector returned a key containing undefined at a[0].b'],
      [
        { 'x y': new Set() },
        'key selector returned a key containing an instance of Set at ["x y"]' + HINT,
      ],
    ]
    for (const [key, message] of cases) {
      assert.throws(() => hashKey(key), { name: 'InvalidKeyError', message })
      assert.throws(() => normalizeKey(key), { name: 'InvalidKeyError', message })
    }
  })

  it('classifies InvalidKeyError as a non-recoverable user error', () => {
    const error = catchError(() => hashKey(undefined))
    assert.ok(error instanceof InvalidKeyError && error instanceof EddyError)
    assert.deepStrictEqual(
      [error.code, error.domain, error.failureType],
      ['key.invalid', 'user', 'NonRecoverableError'],
    )
  })

  it('rejects cyclic keys instead of overflowing the stack', () => {
    const cyclic: unknown[] = []
    cyclic.push(cyclic)
    assert.throws(() => hashKey(cyclic), { name: 'InvalidKeyError' })
  })
})

describe('normalizeKey', () => {
  it('returns primitives as themselves, with -0 as 0', () => {
    assert.deepStrictEqual(
      ['k', 3, true, null, 5n].map((k) => normalizeKey(k)),
      ['k', 3, true, null, 5n],
    )
    assert.ok(Object.is(normalizeKey(-0), 0))
  })

  it('gives composite keys one identity iff their canonical forms are equal', () => {
    assert.equal(normalizeKey({ a: 1, b: [2, 'x'] }), normalizeKey({ b: [2, 'x'], a: 1 }))
    assert.equal(normalizeKey([1, -0]), normalizeKey([1.0, 0]))
    assert.notEqual(normalizeKey([1]), normalizeKey(['1']))
    assert.notEqual(normalizeKey([1n]), normalizeKey([1]))
    assert.notEqual(normalizeKey(new Date(5)), normalizeKey([5]))
    assert.equal(normalizeKey(new Date(5)), normalizeKey(new Date(5)))
  })

  it('works as a Map key with canonical identity', () => {
    const map = new Map<unknown, number>()
    for (const key of [{ a: 1, b: 2 }, { b: 2, a: 1 }, NaN, NaN, -0, 0, 'x', ['x']]) {
      const n = normalizeKey(key)
      map.set(n, (map.get(n) ?? 0) + 1)
    }
    assert.deepStrictEqual([...map.values()], [2, 2, 2, 1, 1])
  })

  it('escapes strings that start with \\u0000 so they never equal a composite key', () => {
    const composite = normalizeKey([1])
    assert.equal(typeof composite, 'string')
    assert.notEqual(normalizeKey(composite), composite)
    assert.equal(normalizeKey('\u0000x'), normalizeKey('\u0000x'))
    assert.notEqual(normalizeKey('\u0000x'), normalizeKey('x'))
  })
})

const HINT =
  '; a key must be a string, number, bigint, boolean, null, Date, array or plain object of these'

// If these change, keys move between key groups and savepoints no longer restore.
const PINNED = [
  -470236224, 1984965732, -1606392777, 1479626947, -68075478, -766117911, -279885082, 670455401,
  -1091788038,
]

function catchError(fn: () => unknown): unknown {
  try {
    fn()
  } catch (e: unknown) {
    return e
  }
  return undefined
}

/** The canonical form of the file header of key-hash.ts, written independently with a DataView. */
function canonicalBytes(key: unknown): Uint8Array {
  const words: number[] = []
  const str = (s: string): void => {
    words.push(s.length)
    for (let i = 0; i < s.length; i += 2) {
      words.push(s.charCodeAt(i) + (i + 1 < s.length ? s.charCodeAt(i + 1) * 65536 : 0))
    }
  }
  const num = (v: number): void => {
    if (Number.isNaN(v)) return void words.push(0, 0x7ff80000)
    const view = new DataView(new ArrayBuffer(8))
    view.setFloat64(0, Object.is(v, -0) ? 0 : v, true)
    words.push(view.getUint32(0, true), view.getUint32(4, true))
  }
  const value = (v: unknown): void => {
    if (v === null) {
      words.push(1)
    } else if (typeof v === 'boolean') {
      words.push(2, v ? 1 : 0)
    } else if (typeof v === 'number') {
      words.push(3)
      num(v)
    } else if (typeof v === 'string') {
      words.push(4)
      str(v)
    } else if (typeof v === 'bigint') {
      let n = 2
      while (v < -(2n ** BigInt(32 * n - 1)) || v >= 2n ** BigInt(32 * n - 1)) n++
      words.push(5, n)
      const unsigned = BigInt.asUintN(32 * n, v)
      for (let i = 0; i < n; i++) words.push(Number((unsigned >> BigInt(32 * i)) & 0xffffffffn))
    } else if (v instanceof Date) {
      words.push(6)
      num(v.getTime())
    } else if (Array.isArray(v)) {
      words.push(7, v.length)
      v.forEach(value)
    } else {
      const record = v as Record<string, unknown>
      const names = Object.keys(record).sort()
      words.push(8, names.length)
      for (const name of names) {
        str(name)
        value(record[name])
      }
    }
  }
  value(key)
  const bytes = new Uint8Array(words.length * 4)
  const view = new DataView(bytes.buffer)
  words.forEach((w, i) => view.setUint32(i * 4, w >>> 0, true))
  return bytes
}

/** MurmurHash3 x86_32, seed 0, byte by byte as in the reference C code. */
function referenceMurmur3(data: Uint8Array): number {
  let h = 0
  const blocks = data.length >> 2
  for (let i = 0; i < blocks; i++) {
    let k = data[4 * i] | (data[4 * i + 1] << 8) | (data[4 * i + 2] << 16) | (data[4 * i + 3] << 24)
    k = Math.imul(k, 0xcc9e2d51)
    k = (k << 15) | (k >>> 17)
    k = Math.imul(k, 0x1b873593)
    h ^= k
    h = (h << 13) | (h >>> 19)
    h = (Math.imul(h, 5) + 0xe6546b64) | 0
  }
  h ^= data.length
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}
