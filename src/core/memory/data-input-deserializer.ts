// Reads what DataOutputSerializer wrote, from a window of a Uint8Array that can be swapped per
// buffer (`setBuffer`). Reading past the window throws SerializationError 'serialization.eof'.
// Flink: org.apache.flink.core.memory.DataInputDeserializer.
import { Buffer } from 'node:buffer'
import { SerializationError } from '../errors.js'
import { readUtf8 } from './node-utf8.js'

// Up to this many bytes, String.fromCharCode over 8-byte chunks beat Buffer#toString, whose fixed
// cost was about 50 ns per call (TextDecoder's is 80; measured on Node 20 for ASCII strings).
// Longer strings now go through readUtf8, ~10 ns cheaper per call; the limit was not measured again.
const DECODE_LOOP_MAX_LENGTH = 16
const TWO_POW_32 = 4294967296
// int64 high words whose values are safe integers: [-2^21, 2^21).
const SAFE_HIGH_WORD = 0x200000

const fromCharCode = String.fromCharCode
const EMPTY = new Uint8Array(0)

/**
 * Reads primitive values from bytes.
 *
 * @example
 * const input = new DataInputDeserializer(bytes)
 * const key = input.readString()
 * const n = input.readFloat64()
 */
export class DataInputDeserializer {
  // `buffer` and `view` span the whole ArrayBuffer behind the bytes being read, so switching
  // to another window of the same memory allocates nothing; `pos` and `end` index into it.
  private buffer: Uint8Array = EMPTY
  private view: DataView = new DataView(EMPTY.buffer)
  /** `buffer` as a Node Buffer (the same memory), for its UTF-8 decoder; made on first use. */
  private nodeBuffer: Buffer | undefined = undefined
  private origin = 0
  private pos = 0
  private end = 0

  constructor(bytes?: Uint8Array, offset?: number, length?: number) {
    if (bytes !== undefined) this.setBuffer(bytes, offset, length)
  }

  /** Reads `length` bytes of `bytes` from `offset` (default: all of it), from the start. */
  setBuffer(bytes: Uint8Array, offset = 0, length = bytes.length - offset): void {
    if (offset < 0 || length < 0 || offset + length > bytes.length) {
      throw new SerializationError(
        `Cannot read ${length} bytes from offset ${offset} of a ${bytes.length}-byte buffer`,
        { code: 'serialization.out-of-range', domain: 'internal' },
      )
    }
    if (bytes.buffer !== this.buffer.buffer) {
      this.buffer = new Uint8Array(bytes.buffer)
      this.view = new DataView(bytes.buffer)
      this.nodeBuffer = undefined
    }
    this.origin = bytes.byteOffset
    this.pos = bytes.byteOffset + offset
    this.end = this.pos + length
  }

  /** The read position, as an index into the bytes given to `setBuffer`. */
  get position(): number {
    return this.pos - this.origin
  }

  /** Moves the read position (an index into the bytes given to `setBuffer`) within the window. */
  setPosition(position: number): void {
    if (!Number.isInteger(position) || position < 0 || this.origin + position > this.end) {
      throw new SerializationError(`Cannot set the input position to ${position}`, {
        code: 'serialization.out-of-range',
        domain: 'internal',
      })
    }
    this.pos = this.origin + position
  }

  /** The number of bytes left to read. */
  available(): number {
    return this.end - this.pos
  }

  skipBytes(count: number): void {
    if (this.pos + count > this.end) throw this.eof(count)
    this.pos += count
  }

  readByte(): number {
    if (this.pos >= this.end) throw this.eof(1)
    return this.buffer[this.pos++]!
  }

  readBoolean(): boolean {
    if (this.pos >= this.end) throw this.eof(1)
    return this.buffer[this.pos++] !== 0
  }

  readInt8(): number {
    if (this.pos >= this.end) throw this.eof(1)
    return this.view.getInt8(this.pos++)
  }

  readInt16(): number {
    if (this.pos + 2 > this.end) throw this.eof(2)
    const value = this.view.getInt16(this.pos)
    this.pos += 2
    return value
  }

  readInt32(): number {
    if (this.pos + 4 > this.end) throw this.eof(4)
    const value = this.view.getInt32(this.pos)
    this.pos += 4
    return value
  }

  /** Reads an int64 written by `writeInt64`; one outside the safe-integer range is corrupt. */
  readInt64(): number {
    if (this.pos + 8 > this.end) throw this.eof(8)
    const high = this.view.getInt32(this.pos)
    if (high >= SAFE_HIGH_WORD || high < -SAFE_HIGH_WORD) {
      throw this.corrupt('an int64 outside the safe-integer range')
    }
    const value = high * TWO_POW_32 + this.view.getUint32(this.pos + 4)
    this.pos += 8
    return value
  }

  readBigInt64(): bigint {
    if (this.pos + 8 > this.end) throw this.eof(8)
    const value = this.view.getBigInt64(this.pos)
    this.pos += 8
    return value
  }

  readFloat32(): number {
    if (this.pos + 4 > this.end) throw this.eof(4)
    const value = this.view.getFloat32(this.pos)
    this.pos += 4
    return value
  }

  readFloat64(): number {
    if (this.pos + 8 > this.end) throw this.eof(8)
    const value = this.view.getFloat64(this.pos)
    this.pos += 8
    return value
  }

  readVarUint(): number {
    const buf = this.buffer
    let p = this.pos
    if (p >= this.end) throw this.eof(1)
    let b = buf[p++]!
    if (b < 0x80) {
      this.pos = p
      return b
    }
    let value = b & 0x7f
    let scale = 0x80
    for (let i = 1; i < 8; i++) {
      if (p >= this.end) throw this.eof(1)
      b = buf[p++]!
      value += (b & 0x7f) * scale
      if (b < 0x80) {
        if (value > Number.MAX_SAFE_INTEGER) break
        this.pos = p
        return value
      }
      scale *= 0x80
    }
    throw this.corrupt('a varint longer than a safe integer')
  }

  /** Reads a string written by `writeString`. Invalid UTF-8 decodes to U+FFFD. */
  readString(): string {
    const length = this.readVarUint()
    const start = this.pos
    if (start + length > this.end) throw this.eof(length)
    this.pos = start + length
    if (length <= DECODE_LOOP_MAX_LENGTH) {
      const ascii = decodeShortAscii(this.buffer, start, start + length)
      if (ascii !== undefined) return ascii
    }
    // Unlike TextDecoder, Node's UTF-8 decoder keeps a leading U+FEFF (it is part of the string).
    this.nodeBuffer ??= Buffer.from(this.buffer.buffer)
    return readUtf8(this.nodeBuffer, start, start + length)
  }

  /** Reads `length` bytes into a new array (a copy: it stays valid when the buffer is reused). */
  readBytes(length: number): Uint8Array {
    if (this.pos + length > this.end) throw this.eof(length)
    const bytes = this.buffer.slice(this.pos, this.pos + length)
    this.pos += length
    return bytes
  }

  /** An error for bytes that do not decode, naming where they are. */
  corrupt(what: string): SerializationError {
    const position = this.pos - this.origin
    return new SerializationError(`Corrupt input: found ${what} at byte offset ${position}`, {
      code: 'serialization.corrupt',
      context: { position },
    })
  }

  private eof(needed: number): SerializationError {
    const position = this.pos - this.origin
    return new SerializationError(
      `Unexpected end of input: needed ${needed} bytes at byte offset ${position} but only ${this.end - this.pos} remain`,
      { code: 'serialization.eof', context: { position, needed } },
    )
  }
}

/** The bytes (at most 16) as a string if they are all ASCII, else undefined. */
function decodeShortAscii(buf: Uint8Array, start: number, end: number): string | undefined {
  let any = 0
  for (let i = start; i < end; i++) any |= buf[i]!
  if (any >= 0x80) return undefined
  const length = end - start
  if (length === 0) return ''
  // One fromCharCode call per 8 characters: each call allocates a flat string, where appending
  // a character at a time allocates one per character (about 14 ns per short key).
  if (length <= 8) return fromBytes(buf, start, length)
  return fromBytes(buf, start, 8) + fromBytes(buf, start + 8, length - 8)
}

/** The `length` (1 to 8) bytes from `p` as character codes. */
function fromBytes(b: Uint8Array, p: number, length: number): string {
  // prettier-ignore
  switch (length) {
    case 1: return fromCharCode(b[p]!)
    case 2: return fromCharCode(b[p]!, b[p + 1]!)
    case 3: return fromCharCode(b[p]!, b[p + 1]!, b[p + 2]!)
    case 4: return fromCharCode(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!)
    case 5: return fromCharCode(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!)
    case 6: return fromCharCode(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!)
    case 7:
      return fromCharCode(b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!)
    default:
      return fromCharCode(
        b[p]!, b[p + 1]!, b[p + 2]!, b[p + 3]!, b[p + 4]!, b[p + 5]!, b[p + 6]!, b[p + 7]!,
      )
  }
}
