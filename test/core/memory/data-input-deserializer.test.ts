import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { DataInputDeserializer } from '../../../src/core/memory/data-input-deserializer.js'
import { DataOutputSerializer } from '../../../src/core/memory/data-output-serializer.js'

function written(write: (out: DataOutputSerializer) => void): Uint8Array {
  const out = new DataOutputSerializer()
  write(out)
  return out.toUint8Array()
}

describe('DataInputDeserializer', () => {
  it('reads back every primitive the output wrote', () => {
    const input = new DataInputDeserializer(
      written((out) => {
        out.writeByte(255)
        out.writeBoolean(true)
        out.writeInt8(-128)
        out.writeInt16(-32768)
        out.writeInt32(-(2 ** 31))
        out.writeInt64(Number.MIN_SAFE_INTEGER)
        out.writeInt64(Number.MAX_SAFE_INTEGER)
        out.writeBigInt64(-(2n ** 63n))
        out.writeFloat32(1.5)
        out.writeFloat64(-0)
        out.writeVarUint(Number.MAX_SAFE_INTEGER)
        out.writeString('héllo 😀')
        out.writeBytes(new Uint8Array([1, 2, 3]))
      }),
    )
    const values = [
      input.readByte(),
      input.readBoolean(),
      input.readInt8(),
      input.readInt16(),
      input.readInt32(),
      input.readInt64(),
      input.readInt64(),
      input.readBigInt64(),
      input.readFloat32(),
      input.readFloat64(),
      input.readVarUint(),
      input.readString(),
      input.readBytes(3),
    ]
    assert.deepStrictEqual(values, [
      255,
      true,
      -128,
      -32768,
      -(2 ** 31),
      Number.MIN_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER,
      -(2n ** 63n),
      1.5,
      -0,
      Number.MAX_SAFE_INTEGER,
      'héllo 😀',
      new Uint8Array([1, 2, 3]),
    ])
    assert.equal(input.available(), 0)
  })

  it('reads a window of a larger array', () => {
    const bytes = new Uint8Array([9, 9, 0, 0, 0, 42, 9])
    const input = new DataInputDeserializer(bytes.subarray(1), 1, 4)
    assert.equal(input.position, 1)
    assert.equal(input.readInt32(), 42)
    assert.equal(input.available(), 0)
  })

  it('throws serialization.eof, not a RangeError, when reading past the window', () => {
    const input = new DataInputDeserializer(new Uint8Array([1, 2, 3, 4]), 0, 3)
    assert.throws(() => input.readInt32(), {
      name: 'SerializationError',
      code: 'serialization.eof',
      message: 'Unexpected end of input: needed 4 bytes at byte offset 0 but only 3 remain',
    })
    input.readByte()
    assert.throws(() => input.readFloat64(), {
      code: 'serialization.eof',
      message: 'Unexpected end of input: needed 8 bytes at byte offset 1 but only 2 remain',
    })
  })

  it('throws serialization.eof for a string whose bytes are cut off', () => {
    const bytes = written((out) => out.writeString('abcdef'))
    const input = new DataInputDeserializer(bytes, 0, 4)
    assert.throws(() => input.readString(), {
      code: 'serialization.eof',
      message: 'Unexpected end of input: needed 6 bytes at byte offset 1 but only 3 remain',
    })
  })

  it('rejects a varint longer than 8 bytes as corrupt', () => {
    const input = new DataInputDeserializer(new Uint8Array(9).fill(0xff))
    assert.throws(() => input.readVarUint(), {
      code: 'serialization.corrupt',
      message: 'Corrupt input: found a varint longer than a safe integer at byte offset 0',
    })
  })

  it('rejects an int64 outside the safe-integer range as corrupt', () => {
    const input = new DataInputDeserializer(written((out) => out.writeBigInt64(2n ** 53n)))
    assert.throws(() => input.readInt64(), {
      code: 'serialization.corrupt',
      message: 'Corrupt input: found an int64 outside the safe-integer range at byte offset 0',
    })
  })

  it('decodes short and long, ASCII and non-ASCII strings', () => {
    const strings = [
      '',
      'a',
      'abcd',
      'abcdefghijklmnop',
      'abcdefghijklmnopq',
      'abcé',
      'x'.repeat(40),
      `${'y'.repeat(40)}é😀`,
      // A leading byte-order mark is part of the string, short or long.
      '\ufeffa',
      `\ufeff${'z'.repeat(40)}`,
    ]
    const input = new DataInputDeserializer(
      written((out) => {
        for (const s of strings) out.writeString(s)
      }),
    )
    assert.deepStrictEqual(
      strings.map(() => input.readString()),
      strings,
    )
  })

  it('decodes strings of every short length, with a non-ASCII character at any place', () => {
    const strings: string[] = []
    for (let length = 0; length <= 18; length++) {
      const ascii = Array.from({ length }, (_, i) => String.fromCharCode(33 + ((i * 7) % 90)))
      strings.push(ascii.join(''))
      for (let at = 0; at < length; at++) {
        strings.push(ascii.map((c, i) => (i === at ? '\u00e9' : c)).join(''))
        // The highest ASCII code next to the lowest non-ASCII one: 0x7f stays a character.
        strings.push(ascii.map((c, i) => (i === at ? '\u007f' : c)).join(''))
      }
    }
    const input = new DataInputDeserializer(
      written((out) => {
        for (const s of strings) out.writeString(s)
      }),
    )
    assert.equal(strings.length, 361)
    assert.deepStrictEqual(
      strings.map(() => input.readString()),
      strings,
    )
  })

  it('reuses itself across buffers with setBuffer', () => {
    const input = new DataInputDeserializer()
    assert.equal(input.available(), 0)
    input.setBuffer(written((out) => out.writeInt32(1)))
    assert.equal(input.readInt32(), 1)
    input.setBuffer(written((out) => out.writeInt32(2)))
    assert.equal(input.readInt32(), 2)
  })
})
