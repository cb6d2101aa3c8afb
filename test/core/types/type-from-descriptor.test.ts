import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { DataInputDeserializer } from '../../../src/core/memory/data-input-deserializer.js'
import { DataOutputSerializer } from '../../../src/core/memory/data-output-serializer.js'
import { typeFromDescriptor } from '../../../src/core/types/type-from-descriptor.js'
import type { TypeDescriptor } from '../../../src/core/types/type-information.js'
import { Types } from '../../../src/core/types/types.js'

const Order = Types.ROW({
  id: Types.LONG,
  amount: Types.NULLABLE(Types.DOUBLE),
  items: Types.LIST(Types.TUPLE([Types.STRING, Types.SHORT])),
  attrs: Types.MAP(Types.STRING, Types.BIGINT),
  extra: Types.GENERIC(),
  flags: Types.ROW({ a: Types.BOOLEAN, b: Types.BYTE, c: Types.INT, d: Types.FLOAT }),
})

describe('typeFromDescriptor', () => {
  it('describes a type as JSON', () => {
    assert.deepStrictEqual(
      Types.ROW({ a: Types.STRING, l: Types.LIST(Types.NULLABLE(Types.INT)) }).toDescriptor(),
      {
        kind: 'ROW',
        fields: [
          { name: 'a', type: { kind: 'STRING' } },
          {
            name: 'l',
            type: { kind: 'LIST', element: { kind: 'NULLABLE', type: { kind: 'INT' } } },
          },
        ],
      },
    )
  })

  it('rebuilds a type that prints, describes and serializes as the original', () => {
    const stored = JSON.parse(JSON.stringify(Order.toDescriptor())) as TypeDescriptor
    const restored = typeFromDescriptor(stored)
    assert.equal(String(restored), String(Order))
    assert.deepStrictEqual(restored.toDescriptor(), Order.toDescriptor())

    const value = {
      id: 7,
      amount: null,
      items: [['x', 3] as [string, number]],
      attrs: new Map([['k', -5n]]),
      extra: { any: ['thing'] },
      flags: { a: true, b: -1, c: 2, d: 0.5 },
    }
    const out = new DataOutputSerializer()
    Order.createSerializer().serialize(value, out)
    const result = restored
      .createSerializer()
      .deserialize(new DataInputDeserializer(out.toUint8Array()))
    assert.deepStrictEqual(result, value)
  })

  it('rejects a malformed descriptor with the path to the problem', () => {
    const bad = {
      kind: 'ROW',
      fields: [{ name: 'a', type: { kind: 'LIST', element: { kind: 'DECIMAL' } } }],
    }
    assert.throws(() => typeFromDescriptor(bad as unknown as TypeDescriptor), {
      name: 'SerializationError',
      code: 'serialization.invalid-descriptor',
      message: `Invalid type descriptor at '$.fields[0].type.element': unknown kind "DECIMAL"`,
    })
    const twice = {
      kind: 'ROW',
      fields: [
        { name: 'a', type: { kind: 'INT' } },
        { name: 'a', type: { kind: 'INT' } },
      ],
    }
    assert.throws(() => typeFromDescriptor(twice as TypeDescriptor), {
      code: 'serialization.invalid-descriptor',
      message: `Invalid type descriptor at '$.fields[1].name': field name "a" is not allowed here`,
    })
    assert.throws(() => typeFromDescriptor({ kind: 'TUPLE' } as unknown as TypeDescriptor), {
      message: `Invalid type descriptor at '$.elements': expected an array`,
    })
  })
})
