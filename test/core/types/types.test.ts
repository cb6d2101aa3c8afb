import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { DataInputDeserializer } from '../../../src/core/memory/data-input-deserializer.js'
import { DataOutputSerializer } from '../../../src/core/memory/data-output-serializer.js'
import type { TypeInformation } from '../../../src/core/types/type-information.js'
import { Types } from '../../../src/core/types/types.js'

function roundTrip<T>(type: TypeInformation<T>, value: T): T {
  const out = new DataOutputSerializer()
  type.createSerializer().serialize(value, out)
  const input = new DataInputDeserializer(out.toUint8Array())
  const result = type.createSerializer().deserialize(input)
  assert.equal(input.available(), 0, 'the serializer reads exactly what it wrote')
  return result
}

function assertRoundTrips<T>(type: TypeInformation<T>, values: readonly T[]): void {
  assert.deepStrictEqual(
    values.map((v) => roundTrip(type, v)),
    values,
  )
}

describe('Types', () => {
  it('round-trips strings, including empty, unicode and long ones', () => {
    const surrogates = '😀𝄞'.repeat(20_000)
    assertRoundTrips(Types.STRING, [
      '',
      'a',
      'héllo wörld',
      'ascii then é',
      '日本語のテキスト',
      surrogates,
      'x'.repeat(100_000),
      'é'.repeat(40_000),
      'abc'.repeat(12_000) + '€',
    ])
    assert.ok(surrogates.length === 80_000)
  })

  it('writes a lone surrogate as U+FFFD, as TextEncoder does', () => {
    assert.equal(roundTrip(Types.STRING, 'a\uD800b'), 'a\uFFFDb')
  })

  it('round-trips booleans and the integer types at their limits', () => {
    assertRoundTrips(Types.BOOLEAN, [true, false])
    assertRoundTrips(Types.BYTE, [-128, 0, 127])
    assertRoundTrips(Types.SHORT, [-32768, 0, 32767])
    assertRoundTrips(Types.INT, [-(2 ** 31), -1, 0, 2 ** 31 - 1])
    assertRoundTrips(Types.LONG, [
      Number.MIN_SAFE_INTEGER,
      -(2 ** 32),
      -1,
      0,
      2 ** 32,
      Number.MAX_SAFE_INTEGER,
    ])
  })

  it('reads -0 back as 0 for the integer types', () => {
    assert.deepStrictEqual([roundTrip(Types.INT, -0), roundTrip(Types.LONG, -0)], [0, 0])
  })

  it('keeps NaN, -0 and infinities for DOUBLE and FLOAT', () => {
    const specials = [NaN, -0, 0, Infinity, -Infinity]
    assertRoundTrips(Types.DOUBLE, [...specials, Number.MIN_VALUE, Number.MAX_VALUE, 0.1])
    assertRoundTrips(Types.FLOAT, [...specials, 1.5, -3.25])
  })

  it('rounds FLOAT to float32 precision', () => {
    assert.equal(roundTrip(Types.FLOAT, 0.1), Math.fround(0.1))
  })

  it('round-trips BIGINT at the int64 limits', () => {
    assertRoundTrips(Types.BIGINT, [-(2n ** 63n), -1n, 0n, 2n ** 63n - 1n])
  })

  it('round-trips rows, nested rows, lists and maps', () => {
    const Order = Types.ROW({
      id: Types.LONG,
      customer: Types.ROW({ name: Types.STRING, vip: Types.BOOLEAN }),
      lines: Types.LIST(Types.ROW({ sku: Types.STRING, qty: Types.INT })),
      attrs: Types.MAP(Types.STRING, Types.LIST(Types.DOUBLE)),
      matrix: Types.LIST(Types.LIST(Types.INT)),
    })
    assertRoundTrips(Order, [
      {
        id: 1,
        customer: { name: 'Ann', vip: true },
        lines: [
          { sku: 'a', qty: 2 },
          { sku: 'b', qty: 0 },
        ],
        attrs: new Map([
          ['w', [1.5, NaN]],
          ['empty', []],
        ]),
        matrix: [[1, 2], [], [3]],
      },
      {
        id: 2,
        customer: { name: '', vip: false },
        lines: [],
        attrs: new Map(),
        matrix: [],
      },
    ])
  })

  it('round-trips tuples as arrays', () => {
    const Pair = Types.TUPLE([Types.STRING, Types.INT, Types.LIST(Types.BIGINT)])
    assertRoundTrips(Pair, [
      ['a', 1, [1n]],
      ['', -1, []],
    ])
  })

  it('accepts null only where NULLABLE allows it', () => {
    const Row = Types.ROW({
      name: Types.NULLABLE(Types.STRING),
      scores: Types.LIST(Types.NULLABLE(Types.DOUBLE)),
      tags: Types.NULLABLE(Types.MAP(Types.STRING, Types.NULLABLE(Types.INT))),
    })
    assertRoundTrips(Row, [
      { name: null, scores: [null, 1, null], tags: null },
      {
        name: 'x',
        scores: [],
        tags: new Map([
          ['a', null],
          ['b', 2],
        ]),
      },
    ])
  })

  it('drops properties a row does not declare', () => {
    const Row = Types.ROW({ a: Types.INT })
    const extra: { a: number; b: string } = { a: 1, b: 'dropped' }
    assert.deepStrictEqual(roundTrip(Row, extra), { a: 1 })
  })

  it('round-trips GENERIC fields inside declared types', () => {
    const Row = Types.ROW({ key: Types.STRING, payload: Types.GENERIC<unknown>() })
    assertRoundTrips(Row, [
      { key: 'a', payload: { nested: new Map([[1, new Set([-0])]]) } },
      { key: 'b', payload: undefined },
    ])
  })

  it('writes ROW<key STRING, n DOUBLE> as its fields and nothing else', () => {
    const out = new DataOutputSerializer()
    Types.ROW({ key: Types.STRING, n: Types.DOUBLE })
      .createSerializer()
      .serialize({ key: 'k', n: 1 }, out)
    assert.deepStrictEqual([...out.toUint8Array()], [1, 107, 0x3f, 0xf0, 0, 0, 0, 0, 0, 0])
  })

  it('prints types as Flink does', () => {
    const type = Types.ROW({
      a: Types.STRING,
      'odd name': Types.NULLABLE(Types.INT),
      t: Types.TUPLE([Types.BIGINT, Types.LIST(Types.LONG)]),
      m: Types.MAP(Types.STRING, Types.GENERIC()),
    })
    assert.equal(
      String(type),
      'ROW<a STRING, `odd name` NULLABLE<INT>, t TUPLE<BIGINT, LIST<LONG>>, m MAP<STRING, GENERIC>>',
    )
  })

  it('caches the serializer of each type', () => {
    const type = Types.LIST(Types.STRING)
    assert.equal(type.createSerializer(), type.createSerializer())
    assert.equal(Types.GENERIC().createSerializer(), Types.GENERIC().createSerializer())
  })

  it('does not wrap a NULLABLE type twice', () => {
    const type = Types.NULLABLE(Types.INT)
    assert.equal(Types.NULLABLE(type), type)
  })

  it('refuses __proto__ as a field name', () => {
    const fields = JSON.parse('{"__proto__": null}') as Record<string, TypeInformation<unknown>>
    fields['__proto__'] = Types.INT
    assert.throws(() => Types.ROW(fields), {
      name: 'InvalidProgramError',
      message: "ROW field name '__proto__' is not allowed",
    })
  })
})
