// A growable byte buffer that serializers write records into; one per writer, reused across
// records (`clear()`), not shared between threads. Multi-byte numbers are big-endian.
// Flink: org.apache.flink.core.memory.DataOutputSerializer.
import { Buffer } from 'node:buffer'
import { SerializationError } from '../errors.js'
import { writeUtf8 } from './node-utf8.js'

const INITIAL_CAPACITY = 256
// Below this many UTF-16 units a charCodeAt loop beat Buffer#write, whose fixed cost was about
// 40 ns per call (TextEncoder.encodeInto's is 55; measured on Node 20 for ASCII strings). Longer
// strings now go through writeUtf8, ~10 ns cheaper per call; the limit was not measured again.
const ENCODE_LOOP_MAX_LENGTH = 32
const TWO_POW_32 = 4294967296

/**
 * Writes primitive values into a byte array that grows as needed.
 *
 * @example
 * const out = new DataOutputSerializer()
 * out.writeString('key')
 * out.writeFloat64(1.5)
 * send(out.toUint8Array())
 */
export class DataOutputSerializer {
  private buffer: Uint8Array
  private view: DataView
  /** `buffer` as a Node Buffer (the same memory), for its UTF-8 encoder; made on first use. */
  private nodeBuffer: Buffer | undefined = undefined
  private pos = 0

  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.buffer = new Uint8Array(Math.max(16, initialCapacity))
    this.view = new DataView(this.buffer.buffer)
  }

  /** The number of bytes written since the last `clear()`. */
  get position(): number {
    return this.pos
  }

  /** Moves the write position back (or forward, within what was written or allocated). */
  setPosition(position: number): void {
    if (!Number.isInteger(position) || position < 0 || position > this.buffer.length) {
      throw new SerializationError(
        `Cannot set the output position to ${position}; the buffer holds ${this.buffer.length} bytes`,
        { code: 'serialization.out-of-range', domain: 'internal' },
      )
    }
    this.pos = position
  }

  /** Makes room for `bytes` more bytes at once (one allocation instead of several doublings). */
  reserve(bytes: number): void {
    if (this.pos + bytes > this.buffer.length) this.grow(bytes)
  }

  /** Forgets what was written; keeps the allocated memory. */
  clear(): void {
    this.pos = 0
  }

  /**
   * The bytes written so far, as a view that shares memory with this serializer (no copy).
   * It is valid only until the next write or `clear()`.
   */
  getSharedBuffer(): Uint8Array {
    return this.buffer.subarray(0, this.pos)
  }

  /** The bytes it holds before it has to grow. */
  get capacity(): number {
    return this.buffer.length
  }

  /**
   * The bytes from `start` to the position, as a view (no copy) that keeps them: later writes go
   * after them, or into a grown copy. Only moving the position back (`clear`, `setPosition`)
   * lets later writes change them.
   */
  viewFrom(start: number): Uint8Array {
    return this.buffer.subarray(start, this.pos)
  }

  /** A copy of the bytes written so far; later writes do not change it. */
  toUint8Array(): Uint8Array {
    return this.buffer.slice(0, this.pos)
  }

  writeByte(value: number): void {
    if (this.pos >= this.buffer.length) this.grow(1)
    this.buffer[this.pos++] = value
  }

  writeBoolean(value: boolean): void {
    if (this.pos >= this.buffer.length) this.grow(1)
    this.buffer[this.pos++] = value ? 1 : 0
  }

  /** Writes the low 8 bits of `value`, as DataView.setInt8 does; so do the other integer writes. */
  writeInt8(value: number): void {
    if (this.pos >= this.buffer.length) this.grow(1)
    this.view.setInt8(this.pos, value)
    this.pos += 1
  }

  writeInt16(value: number): void {
    if (this.pos + 2 > this.buffer.length) this.grow(2)
    this.view.setInt16(this.pos, value)
    this.pos += 2
  }

  writeInt32(value: number): void {
    if (this.pos + 4 > this.buffer.length) this.grow(4)
    this.view.setInt32(this.pos, value)
    this.pos += 4
  }

  /** Writes a safe integer as a two's complement int64 (Java's long), without a bigint. */
  writeInt64(value: number): void {
    if (this.pos + 8 > this.buffer.length) this.grow(8)
    const high = Math.floor(value / TWO_POW_32)
    this.view.setInt32(this.pos, high)
    this.view.setUint32(this.pos + 4, value - high * TWO_POW_32)
    this.pos += 8
  }

  writeBigInt64(value: bigint): void {
    if (this.pos + 8 > this.buffer.length) this.grow(8)
    this.view.setBigInt64(this.pos, value)
    this.pos += 8
  }

  writeFloat32(value: number): void {
    if (this.pos + 4 > this.buffer.length) this.grow(4)
    this.view.setFloat32(this.pos, value)
    this.pos += 4
  }

  writeFloat64(value: number): void {
    if (this.pos + 8 > this.buffer.length) this.grow(8)
    this.view.setFloat64(this.pos, value)
    this.pos += 8
  }

  /** Writes a non-negative safe integer as an unsigned LEB128 varint (1 to 8 bytes). */
  writeVarUint(value: number): void {
    if (this.pos + 8 > this.buffer.length) this.grow(8)
    const buf = this.buffer
    let p = this.pos
    if (value >>> 0 === value) {
      while (value >= 0x80) {
        buf[p++] = (value & 0x7f) | 0x80
        value >>>= 7
      }
    } else {
      if (!Number.isSafeInteger(value) || value < 0) {
        throw new SerializationError(
          `Cannot write ${value} as a varint: expected a non-negative safe integer`,
          { code: 'serialization.out-of-range', domain: 'internal' },
        )
      }
      while (value >= 0x80) {
        buf[p++] = (value % 0x80) | 0x80
        value = Math.floor(value / 0x80)
      }
    }
    buf[p++] = value
    this.pos = p
  }

  /**
   * Writes a string as its UTF-8 byte length (varint) and the UTF-8 bytes. Lone surrogates
   * become U+FFFD, as TextEncoder makes them.
   */
  writeString(value: string): void {
    const length = value.length
    // A UTF-16 unit never takes more than 3 UTF-8 bytes; 8 more for the length prefix.
    if (this.pos + length * 3 + 8 > this.buffer.length) this.grow(length * 3 + 8)
    const buf = this.buffer
    const start = this.pos
    const prefixSize = varUintSize(length)
    let p = start + prefixSize
    let i = 0
    if (length <= ENCODE_LOOP_MAX_LENGTH) {
      for (; i < length; i++) {
        const c = value.charCodeAt(i)
        if (c >= 0x80) break
        buf[p++] = c
      }
    }
    if (i < length) {
      // Re-encodes from the start: cheaper than slicing the string at the first non-ASCII unit.
      this.nodeBuffer ??= Buffer.from(buf.buffer)
      p = start + prefixSize + writeUtf8(this.nodeBuffer, value, start + prefixSize)
    }
    const byteLength = p - start - prefixSize
    const actualPrefixSize = varUintSize(byteLength)
    if (actualPrefixSize !== prefixSize) {
      // Multi-byte characters made the length prefix longer than guessed: shift the bytes.
      buf.copyWithin(start + actualPrefixSize, start + prefixSize, p)
      p += actualPrefixSize - prefixSize
    }
    this.pos = start
    this.writeVarUint(byteLength)
    this.pos = p
  }

  /** Writes the bytes as they are, with no length prefix. */
  writeBytes(bytes: Uint8Array): void {
    if (this.pos + bytes.length > this.buffer.length) this.grow(bytes.length)
    this.buffer.set(bytes, this.pos)
    this.pos += bytes.length
  }

  private grow(needed: number): void {
    const capacity = Math.max(this.buffer.length * 2, this.pos + needed)
    const next = new Uint8Array(capacity)
    next.set(this.buffer.subarray(0, this.pos))
    this.buffer = next
    this.view = new DataView(next.buffer)
    this.nodeBuffer = undefined
  }
}

function varUintSize(value: number): number {
  let size = 1
  while (value >= 0x80) {
    value = Math.floor(value / 0x80)
    size++
  }
  return size
}
