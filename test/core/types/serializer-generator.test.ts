import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { DataInputDeserializer } from '../../../src/core/memory/data-input-deserializer.js'
import { DataOutputSerializer } from '../../../src/core/memory/data-output-serializer.js'
import type { TypeInformation } from '../../../src/core/types/type-information.js'
import { Types } from '../../../src/core/types/types.js'
import {
  generateCopy,
  generateInstanceCheck,
} from '../../../src/core/types/serializer-generator.js'

const PLAIN_DATA_HINT =
  'records crossing a task boundary must be plain data or have a declared type'

class Foo {
  readonly x = 1
}

/** The message of the SerializationError that serializing `value` as `type` throws. */
function mismatchOf(type: TypeInformation<unknown>, value: unknown): string {
  const out = new DataOutputSerializer()
  try {
    type.createSerializer().serialize(value, out)
  } catch (e: unknown) {
    assert.ok(
      e instanceof Error && e.name === 'SerializationError',
      `unexpected error ${String(e)}`,
    )
    assert.equal((e as { code?: string }).code, 'serialization.type-mismatch')
    return e.message
  }
  assert.fail(`${String(type)} accepted ${String(value)}`)
}

describe('generated serializers', () => {
  it('name the declared type, the field path and the value of a mismatch', () => {
    const type = Types.ROW({ a: Types.ROW({ b: Types.LIST(Types.INT) }) })
    assert.equal(
      mismatchOf(type, { a: { b: [1, 2, 'x'] } }),
      `Cannot serialize value as ROW<a ROW<b LIST<INT>>>: field 'a.b[2]': expected INT, got string "x"`,
    )
  })

  it('reject missing fields and nulls in fields that are not NULLABLE', () => {
    const type = Types.ROW({ a: Types.STRING, n: Types.INT })
    assert.deepStrictEqual(
      [mismatchOf(type, { a: 'x' }), mismatchOf(type, { a: null, n: 1 }), mismatchOf(type, null)],
      [
        `Cannot serialize value as ROW<a STRING, n INT>: field 'n': expected INT, got undefined`,
        `Cannot serialize value as ROW<a STRING, n INT>: field 'a': expected STRING, got null`,
        `Cannot serialize value as ROW<a STRING, n INT>: expected ROW<a STRING, n INT>, got null`,
      ],
    )
  })

  it('reject numbers outside the range of the integer types', () => {
    assert.deepStrictEqual(
      [
        mismatchOf(Types.BYTE, 128),
        mismatchOf(Types.SHORT, -32769),
        mismatchOf(Types.INT, 2 ** 31),
        mismatchOf(Types.INT, 1.5),
        mismatchOf(Types.INT, NaN),
        mismatchOf(Types.LONG, 2 ** 53),
        mismatchOf(Types.LONG, '1'),
        mismatchOf(Types.BIGINT, 2n ** 63n),
        mismatchOf(Types.BIGINT, -(2n ** 63n) - 1n),
        mismatchOf(Types.BIGINT, 1),
        mismatchOf(Types.DOUBLE, 1n),
      ],
      [
        'Cannot serialize value as BYTE: expected BYTE, got number 128 (outside the int8 range)',
        'Cannot serialize value as SHORT: expected SHORT, got number -32769 (outside the int16 range)',
        'Cannot serialize value as INT: expected INT, got number 2147483648 (outside the int32 range)',
        'Cannot serialize value as INT: expected INT, got number 1.5 (not an integer)',
        'Cannot serialize value as INT: expected INT, got number NaN (not an integer)',
        'Cannot serialize value as LONG: expected LONG, got number 9007199254740992 (outside the safe-integer range)',
        'Cannot serialize value as LONG: expected LONG, got string "1"',
        'Cannot serialize value as BIGINT: expected BIGINT, got bigint 9223372036854775808n (outside the int64 range)',
        'Cannot serialize value as BIGINT: expected BIGINT, got bigint -9223372036854775809n (outside the int64 range)',
        'Cannot serialize value as BIGINT: expected BIGINT, got number 1',
        'Cannot serialize value as DOUBLE: expected DOUBLE, got bigint 1n',
      ],
    )
  })

  it('name tuple elements, map keys and map values', () => {
    const tuple = Types.TUPLE([Types.STRING, Types.INT])
    const map = Types.MAP(Types.STRING, Types.INT)
    assert.deepStrictEqual(
      [
        mismatchOf(tuple, ['a']),
        mismatchOf(tuple, ['a', true]),
        mismatchOf(map, new Map([['k', 'v']])),
        mismatchOf(map, new Map([[1, 1]])),
        mismatchOf(map, { k: 1 }),
        mismatchOf(Types.LIST(Types.STRING), 'abc'),
      ],
      [
        'Cannot serialize value as TUPLE<STRING, INT>: expected TUPLE<STRING, INT>, got array of length 1',
        `Cannot serialize value as TUPLE<STRING, INT>: field '[1]': expected INT, got boolean true`,
        `Cannot serialize value as MAP<STRING, INT>: field '["k"]': expected INT, got string "v"`,
        `Cannot serialize value as MAP<STRING, INT>: field '[key #0]': expected STRING, got number 1`,
        'Cannot serialize value as MAP<STRING, INT>: expected MAP<STRING, INT>, got object',
        'Cannot serialize value as LIST<STRING>: expected LIST<STRING>, got string "abc"',
      ],
    )
  })

  it('reject holes in lists', () => {
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    const sparse = [1, , 3]
    assert.equal(
      mismatchOf(Types.LIST(Types.INT), sparse),
      `Cannot serialize value as LIST<INT>: field '[1]': expected INT, got undefined`,
    )
  })

  it('report the path inside a GENERIC field', () => {
    const type = Types.ROW({ id: Types.INT, g: Types.GENERIC() })
    assert.equal(
      mismatchOf(type, { id: 1, g: { x: new Foo() } }),
      `Cannot serialize value as ROW<id INT, g GENERIC>: value at 'g.x' is an instance of class Foo; ${PLAIN_DATA_HINT}`,
    )
  })

  it('truncate long strings in messages', () => {
    assert.equal(
      mismatchOf(Types.INT, 'y'.repeat(100)),
      `Cannot serialize value as INT: expected INT, got string "${'y'.repeat(40)}…"`,
    )
  })

  it('leave the output where it was when a value is rejected', () => {
    const type = Types.ROW({ a: Types.STRING, b: Types.INT })
    const out = new DataOutputSerializer()
    out.writeInt32(7)
    assert.throws(() =>
      type.createSerializer().serialize({ a: 'written first', b: 0.5 } as never, out),
    )
    assert.equal(out.position, 4)
  })

  it('let errors other than mismatches through unchanged', () => {
    const type = Types.ROW({ a: Types.INT })
    const boom = new Error('getter failed')
    const row = {
      get a(): number {
        throw boom
      },
    }
    assert.throws(() => type.createSerializer().serialize(row, new DataOutputSerializer()), boom)
  })

  it('reject a NULLABLE flag other than 0 or 1 as corrupt', () => {
    const input = new DataInputDeserializer(new Uint8Array([2]))
    assert.throws(() => Types.NULLABLE(Types.INT).createSerializer().deserialize(input), {
      code: 'serialization.corrupt',
      message: 'Corrupt input: found a NULLABLE flag that is neither 0 nor 1 at byte offset 1',
    })
  })

  it('throw serialization.eof for truncated input', () => {
    const out = new DataOutputSerializer()
    const serializer = Types.ROW({ key: Types.STRING, n: Types.DOUBLE }).createSerializer()
    serializer.serialize({ key: 'k', n: 1 }, out)
    const input = new DataInputDeserializer(out.toUint8Array(), 0, 5)
    assert.throws(() => serializer.deserialize(input), {
      code: 'serialization.eof',
      message: 'Unexpected end of input: needed 8 bytes at byte offset 2 but only 3 remain',
    })
  })

  it('keep field names out of the generated code path as literals only', () => {
    const name = `x"]; throw new Error('injected'); //`
    const type = Types.ROW({ [name]: Types.INT })
    const out = new DataOutputSerializer()
    type.createSerializer().serialize({ [name]: 5 }, out)
    const result = type
      .createSerializer()
      .deserialize(new DataInputDeserializer(out.toUint8Array()))
    assert.deepStrictEqual(result, { [name]: 5 })
  })
})

describe('generated instance checks', () => {
  const row = Types.ROW({
    key: Types.STRING,
    n: Types.INT,
    t: Types.LONG,
    pair: Types.TUPLE([Types.DOUBLE, Types.NULLABLE(Types.BIGINT)]),
  })
  const values: unknown[] = [
    { key: 'a', n: 1, t: 2, pair: [0.5, null] },
    { key: 'a', n: 1, t: 2, pair: [0.5, 3n], extra: true },
    { key: 'a', n: 1.5, t: 2, pair: [0.5, null] },
    { key: 'a', n: 2 ** 31, t: 2, pair: [0.5, null] },
    { key: 'a', n: 1, t: 2 ** 53, pair: [0.5, null] },
    { key: 1, n: 1, t: 2, pair: [0.5, null] },
    { key: 'a', n: 1, t: 2, pair: [0.5] },
    { key: 'a', n: 1, t: 2, pair: [0.5, 2n ** 63n] },
    { key: 'a', n: 1, t: 2 },
    null,
    'a',
    [],
  ]

  it('answer as isInstance does, field checks inlined', () => {
    const check = generateInstanceCheck(row)!
    assert.deepEqual(
      values.map((v) => check(v)),
      values.map((v) => row.isInstance(v)),
    )
    assert.deepEqual(
      values.map((v) => check(v)),
      [true, true, false, false, false, false, false, false, false, false, false, false],
    )
  })

  it('are not generated for types with a list, map or generic part', () => {
    assert.equal(generateInstanceCheck(Types.ROW({ xs: Types.LIST(Types.INT) })), undefined)
    assert.equal(generateInstanceCheck(Types.MAP(Types.STRING, Types.INT)), undefined)
    assert.equal(typeof generateInstanceCheck(Types.NULLABLE(Types.STRING)), 'function')
  })
})

describe('generated copies', () => {
  const type = Types.ROW({
    id: Types.LONG,
    name: Types.STRING,
    inner: Types.NULLABLE(Types.ROW({ x: Types.INT, tags: Types.LIST(Types.STRING) })),
    pair: Types.TUPLE([Types.STRING, Types.ROW({ y: Types.DOUBLE })]),
    counts: Types.MAP(Types.STRING, Types.ROW({ n: Types.INT })),
    any: Types.GENERIC<{ set: Set<number> }>(),
  })
  const copy = generateCopy(type)
  const value = () => ({
    id: 7,
    name: 'seven',
    inner: { x: 1, tags: ['a', 'b'] },
    pair: ['p', { y: 0.5 }] as [string, { y: number }],
    counts: new Map([['k', { n: 2 }]]),
    any: { set: new Set([1, 2]) },
  })

  it('copy every declared field, sharing no object with the original', () => {
    const original = value()
    const c = copy(original)
    assert.deepEqual(c, value())
    assert.notEqual(c, original)
    assert.notEqual(c.inner, original.inner)
    assert.notEqual(c.inner!.tags, original.inner.tags)
    assert.notEqual(c.pair, original.pair)
    assert.notEqual(c.pair[1], original.pair[1])
    assert.notEqual(c.counts, original.counts)
    assert.notEqual(c.counts.get('k'), original.counts.get('k'))
    assert.notEqual(c.any, original.any)
    assert.notEqual(c.any.set, original.any.set)
    assert.deepEqual(copy({ ...value(), inner: null }).inner, null)
  })

  it('leave out fields the type does not declare, as the network does', () => {
    const c = copy({ ...value(), extra: 'x' } as ReturnType<typeof value>)
    assert.equal('extra' in c, false)
    const bytes = new DataOutputSerializer()
    type.createSerializer().serialize({ ...value(), extra: 'x' } as ReturnType<typeof value>, bytes)
    const read = type
      .createSerializer()
      .deserialize(new DataInputDeserializer(bytes.toUint8Array()))
    assert.deepEqual(c, read)
  })

  it('copy a value holding a class instance whole, keeping its classes', () => {
    class Inner {
      x = 1
      tags = ['a']
      sum(): number {
        return this.x + this.tags.length
      }
    }
    const original = { ...value(), inner: new Inner(), extra: 'kept' }
    const c = copy(original) as typeof original
    assert.ok(c.inner instanceof Inner)
    assert.equal(c.inner.sum(), 2)
    assert.notEqual(c.inner, original.inner)
    assert.equal(c.extra, 'kept')
  })
})
