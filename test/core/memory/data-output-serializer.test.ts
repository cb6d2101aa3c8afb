import assert from 'node:assert/strict'
import { describe, it } from 'node:test'

import { DataOutputSerializer } from '../../../src/core/memory/data-output-serializer.js'

describe('DataOutputSerializer', () => {
  it('writes multi-byte numbers big-endian', () => {
    const out = new DataOutputSerializer()
    out.writeInt16(0x0102)
    out.writeInt32(-2)
    out.writeInt64(-1)
    out.writeBigInt64(0x0102030405060708n)
    assert.deepStrictEqual(
      [...out.toUint8Array()],
      [1, 2, 255, 255, 255, 254, 255, 255, 255, 255, 255, 255, 255, 255, 1, 2, 3, 4, 5, 6, 7, 8],
    )
  })

  it('writes varints as LEB128', () => {
    const out = new DataOutputSerializer()
    out.writeVarUint(0)
    out.writeVarUint(127)
    out.writeVarUint(128)
    out.writeVarUint(300)
    assert.deepStrictEqual([...out.toUint8Array()], [0, 127, 0x80, 1, 0xac, 2])
  })

  it('rejects varints that are negative, fractional or beyond 2^53', () => {
    const out = new DataOutputSerializer()
    for (const bad of [-1, 1.5, 2 ** 53]) {
      assert.throws(() => out.writeVarUint(bad), {
        name: 'SerializationError',
        code: 'serialization.out-of-range',
        message: `Cannot write ${bad} as a varint: expected a non-negative safe integer`,
      })
    }
  })

  it('prefixes strings with their UTF-8 byte length', () => {
    const out = new DataOutputSerializer()
    out.writeString('ab')
    out.writeString('é')
    out.writeString('')
    assert.deepStrictEqual([...out.toUint8Array()], [2, 97, 98, 2, 0xc3, 0xa9, 0])
  })

  it('moves the bytes when the UTF-8 length needs a longer prefix than the UTF-16 length', () => {
    const out = new DataOutputSerializer()
    out.writeString('é'.repeat(100))
    const bytes = out.toUint8Array()
    assert.deepStrictEqual([...bytes.subarray(0, 4)], [200, 1, 0xc3, 0xa9])
    assert.equal(bytes.length, 202)
  })

  it('grows past its initial capacity and keeps what was written', () => {
    const out = new DataOutputSerializer(16)
    for (let i = 0; i < 1000; i++) out.writeInt32(i)
    out.writeBytes(new Uint8Array(5000).fill(7))
    const view = new DataView(out.toUint8Array().buffer)
    assert.equal(out.position, 9000)
    assert.equal(view.getInt32(999 * 4), 999)
    assert.equal(out.toUint8Array()[8999], 7)
  })

  it('shares memory in getSharedBuffer and copies in toUint8Array', () => {
    const out = new DataOutputSerializer()
    out.writeByte(1)
    const shared = out.getSharedBuffer()
    const copy = out.toUint8Array()
    out.setPosition(0)
    out.writeByte(2)
    assert.deepStrictEqual([...shared], [2])
    assert.deepStrictEqual([...copy], [1])
  })

  it('forgets what was written on clear', () => {
    const out = new DataOutputSerializer()
    out.writeFloat64(1)
    out.clear()
    out.writeBoolean(true)
    assert.deepStrictEqual([...out.toUint8Array()], [1])
  })
})
