// The records of bench/shuffle.ts and the hand-written transport it compares Eddy's shuffle with:
// a hand codec into ~32 KiB batches, length-prefixed on a loopback socket, and a consumer that
// reassembles the batches and decodes every record into the count and checksum that Eddy's
// consumer computes (each side with its own code, so V8's type feedback stays apart).
import type { Socket } from 'node:net'
import { Types } from '../src/core/types/types.js'

// ---------------------------------------------------------------------------------------------
// The records: the same on both sides, built from the index.

export interface Event {
  id: number
  key: string
  value: number
  ts: number
}

export const EventType = Types.ROW({
  id: Types.LONG,
  key: Types.STRING,
  value: Types.DOUBLE,
  ts: Types.LONG,
})
export const DISTINCT_KEYS = 10_000
export const KEYS: readonly string[] = Array.from({ length: DISTINCT_KEYS }, (_, i) => `key-${i}`)
export const BASE_TS = 1_700_000_000_000
/** Network buffer size of both sides (Eddy's taskmanager.memory.segment-size default). */
export const SEGMENT_SIZE = 32 * 1024

// ---------------------------------------------------------------------------------------------
// The hand-written codec: per record [f64 id][u8 key length][key bytes][f64 value][f64 ts],
// little-endian, ASCII fast path for the key (UTF-8 otherwise); batches of whole records, each
// sent as [u32 length][batch].

const BATCH_HEADER = 4

function writeKey(buf: Buffer, pos: number, key: string): number {
  const n = key.length
  let p = pos + 1
  for (let i = 0; i < n; i++) {
    const c = key.charCodeAt(i)
    if (c >= 0x80) {
      const written = buf.write(key, pos + 1, 'utf8')
      buf[pos] = written
      return pos + 1 + written
    }
    buf[p++] = c
  }
  buf[pos] = n
  return p
}

// Short ASCII keys: String.fromCharCode over 4 bytes at a time is the fastest decoding measured
// for 'key-1234' on Node 20 (27 ns, against 41 for latin1Slice and 55 for toString('utf8')).
const fromCharCode = String.fromCharCode

function readKey(buf: Buffer, pos: number, n: number): string {
  let isAscii = n <= 32
  for (let i = 0; i < n && isAscii; i++) if (buf[pos + i]! >= 0x80) isAscii = false
  if (!isAscii) return buf.toString('utf8', pos, pos + n)
  let s = ''
  let i = pos
  const end = pos + n
  for (; i + 4 <= end; i += 4) s += fromCharCode(buf[i]!, buf[i + 1]!, buf[i + 2]!, buf[i + 3]!)
  for (; i < end; i++) s += fromCharCode(buf[i]!)
  return s
}

export function runBaselineProducer(socket: Socket, records: number): void {
  let i = 1
  const produce = (): void => {
    while (i <= records) {
      const batch = Buffer.allocUnsafe(SEGMENT_SIZE + 1024)
      const view = new DataView(batch.buffer, batch.byteOffset, batch.length)
      let pos = BATCH_HEADER
      while (i <= records && pos < SEGMENT_SIZE) {
        const e: Event = { id: i, key: KEYS[i % DISTINCT_KEYS]!, value: i * 0.25, ts: BASE_TS + i }
        view.setFloat64(pos, e.id, true)
        pos = writeKey(batch, pos + 8, e.key)
        view.setFloat64(pos, e.value, true)
        view.setFloat64(pos + 8, e.ts, true)
        pos += 16
        i++
      }
      view.setUint32(0, pos - BATCH_HEADER, true)
      if (!socket.write(batch.subarray(0, pos))) {
        socket.once('drain', produce)
        return
      }
    }
    socket.end()
  }
  produce()
}

/** Reassembles batches from socket chunks (a view when a batch lies in one chunk) and decodes. */
export class BaselineConsumer {
  /** Records decoded, and the checksum both consumers compute: id + key length + value + ts. */
  count = 0
  checksum = 0
  bytes = 0
  private pending: Buffer | null = null
  private pendingFill = 0
  private readonly header = Buffer.alloc(BATCH_HEADER)
  private headerFill = 0

  feed(chunk: Buffer): void {
    this.bytes += chunk.length
    let off = 0
    const n = chunk.length
    while (off < n) {
      const pending = this.pending
      if (pending !== null) {
        const take = Math.min(pending.length - this.pendingFill, n - off)
        chunk.copy(pending, this.pendingFill, off, off + take)
        this.pendingFill += take
        off += take
        if (this.pendingFill === pending.length) {
          this.pending = null
          this.decode(pending, 0, pending.length)
        }
        continue
      }
      let length: number
      if (this.headerFill === 0 && n - off >= BATCH_HEADER) {
        length = chunk.readUInt32LE(off)
        off += BATCH_HEADER
      } else {
        const take = Math.min(BATCH_HEADER - this.headerFill, n - off)
        chunk.copy(this.header, this.headerFill, off, off + take)
        this.headerFill += take
        off += take
        if (this.headerFill < BATCH_HEADER) return
        this.headerFill = 0
        length = this.header.readUInt32LE(0)
      }
      if (n - off >= length) {
        this.decode(chunk, off, length)
        off += length
      } else {
        const assembled = Buffer.allocUnsafe(length)
        chunk.copy(assembled, 0, off, n)
        this.pending = assembled
        this.pendingFill = n - off
        off = n
      }
    }
  }

  private decode(buf: Buffer, from: number, length: number): void {
    const view = new DataView(buf.buffer, buf.byteOffset, buf.length)
    const end = from + length
    let pos = from
    while (pos < end) {
      const id = view.getFloat64(pos, true)
      const keyLength = buf[pos + 8]!
      const key = readKey(buf, pos + 9, keyLength)
      pos += 9 + keyLength
      const value = view.getFloat64(pos, true)
      const ts = view.getFloat64(pos + 8, true)
      pos += 16
      this.count++
      this.checksum += id + key.length + value + (ts - BASE_TS)
    }
  }
}
