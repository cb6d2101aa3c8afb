import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { DataInputDeserializer } from '../../../src/core/memory/data-input-deserializer.js'
import { DataOutputSerializer } from '../../../src/core/memory/data-output-serializer.js'
import { Types } from '../../../src/core/types/types.js'

const PLAIN_DATA_HINT =
  'records crossing a task boundary must be plain data or have a declared type'
const serializer = Types.GENERIC().createSerializer()

function roundTrip(value: unknown): unknown {
  const out = new DataOutputSerializer()
  serializer.serialize(value, out)
  const input = new DataInputDeserializer(out.toUint8Array())
  const result = serializer.deserialize(input)
  assert.equal(input.available(), 0)
  return result
}

function messageOf(value: unknown): string {
  const out = new DataOutputSerializer()
  out.writeByte(9)
  try {
    serializer.serialize(value, out)
  } catch (e: unknown) {
    assert.equal(out.position, 1, 'the output is restored')
    assert.equal((e as { code?: string }).code, 'serialization.type-mismatch')
    return (e as Error).message
  }
  assert.fail('the value was accepted')
}

class Foo {
  readonly a = 1
}

describe('GenericTypeSerializer', () => {
  it('round-trips primitives, keeping -0, NaN and numbers beyond int32', () => {
    const values = [
      undefined,
      null,
      true,
      false,
      0,
      -0,
      NaN,
      Infinity,
      -Infinity,
      2 ** 31 - 1,
      -(2 ** 31),
      2 ** 31,
      0.5,
      Number.MAX_SAFE_INTEGER,
      '',
      'héllo 😀',
      'z'.repeat(50_000),
    ]
    assert.deepStrictEqual(values.map(roundTrip), values)
  })

  it('round-trips bigints of any size', () => {
    const values = [
      0n,
      -1n,
      -(2n ** 63n),
      2n ** 63n - 1n,
      2n ** 63n,
      -(2n ** 63n) - 1n,
      3n ** 200n,
      -(7n ** 99n),
    ]
    assert.deepStrictEqual(values.map(roundTrip), values)
  })

  it('round-trips arrays, plain objects, Maps, Sets, Dates and byte arrays', () => {
    const nullProto = Object.assign(Object.create(null) as Record<string, unknown>, { k: 1 })
    const values = [
      [],
      [1, 'a', [2, [3]]],
      {},
      { a: 1, b: { c: [true, null] }, 1: 'integer key' },
      nullProto,
      new Map<unknown, unknown>([
        [1, 'one'],
        ['1', 'string one'],
        [{ k: 1 }, new Set([1, 2])],
      ]),
      new Set(['a', -0, NaN]),
      new Date(1700000000000),
      new Uint8Array([0, 255, 7]),
    ]
    assert.deepStrictEqual(values.map(roundTrip), values)
  })

  it('round-trips an invalid Date', () => {
    const result = roundTrip(new Date(NaN))
    assert.ok(result instanceof Date && Number.isNaN(result.getTime()))
  })

  it('round-trips a Map nested in an object nested in an array', () => {
    const value = [
      { m: new Map<unknown, unknown>([['k', { d: new Date(0), s: new Set([[1n]]) }]]) },
      2,
    ]
    assert.deepStrictEqual(roundTrip(value), value)
  })

  it('reads holes as undefined', () => {
    // eslint-disable-next-line no-sparse-arrays -- the hole is the point
    assert.deepStrictEqual(roundTrip([1, , 3]), [1, undefined, 3])
  })

  it('reads Buffers back as Uint8Arrays', () => {
    assert.deepStrictEqual(roundTrip(Buffer.from([1, 2])), new Uint8Array([1, 2]))
  })

  it('keeps a __proto__ key as an own property', () => {
    const value = JSON.parse('{"__proto__": {"polluted": true}}') as object
    const result = roundTrip(value) as object
    assert.deepStrictEqual(Object.getOwnPropertyNames(result), ['__proto__'])
    assert.equal(Object.getPrototypeOf(result), Object.prototype)
    assert.deepStrictEqual(result, value)
  })

  it('rejects class instances, functions and symbols with their path', () => {
    assert.deepStrictEqual(
      [
        messageOf({ x: { y: new Foo() } }),
        messageOf(new Foo()),
        messageOf([1, { f: function handler() {} }]),
        messageOf(new Map([['k', Symbol('s')]])),
        messageOf(new Set([new Float64Array(1)])),
      ],
      [
        `Cannot serialize value as GENERIC: value at 'x.y' is an instance of class Foo; ${PLAIN_DATA_HINT}`,
        `Cannot serialize value as GENERIC: value is an instance of class Foo; ${PLAIN_DATA_HINT}`,
        `Cannot serialize value as GENERIC: value at '[1].f' is a function (handler); ${PLAIN_DATA_HINT}`,
        `Cannot serialize value as GENERIC: value at '["k"]' is a symbol; ${PLAIN_DATA_HINT}`,
        `Cannot serialize value as GENERIC: value at '[element #0]' is an instance of class Float64Array; ${PLAIN_DATA_HINT}`,
      ],
    )
  })

  it('rejects cycles with a clear message instead of overflowing the stack', () => {
    const root: Record<string, unknown> = { a: { list: [] as unknown[] } }
    ;(root['a'] as { list: unknown[] }).list.push(root['a'])
    const self: Record<string, unknown> = {}
    self['self'] = self
    assert.deepStrictEqual(
      [messageOf(root), messageOf(self)],
      [
        `Cannot serialize value as GENERIC: value at 'a.list[0]' refers back to 'a' (a cycle); ${PLAIN_DATA_HINT}`,
        `Cannot serialize value as GENERIC: value at 'self' refers back to the root value (a cycle); ${PLAIN_DATA_HINT}`,
      ],
    )
  })

  it('writes shared (acyclic) references once per use', () => {
    const shared = { n: 1 }
    assert.deepStrictEqual(roundTrip([shared, shared]), [{ n: 1 }, { n: 1 }])
  })

  it('rejects values nested deeper than 1000 levels', () => {
    let deep: unknown = 0
    for (let i = 0; i < 1001; i++) deep = [deep]
    assert.match(
      messageOf(deep),
      /^Cannot serialize value as GENERIC: value at '(\[0\]){1000}' is nested more than 1000 levels deep;/,
    )
  })

  it('rejects an unknown tag as corrupt', () => {
    assert.throws(() => serializer.deserialize(new DataInputDeserializer(new Uint8Array([200]))), {
      code: 'serialization.corrupt',
      message: 'Corrupt input: found unknown GENERIC tag 200 at byte offset 1',
    })
  })
})
