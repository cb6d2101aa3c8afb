// The frames of the TCP data plane between TaskManagers, their encoders and a streaming decoder.
// One connection per (consumer TaskManager → producer TaskManager) pair carries every channel,
// told apart by a receiver id the consumer picks. Flink: NettyMessage, NettyMessageDecoder.
//
// Frame: [u32 length][u8 type][body], big-endian; `length` counts the type byte and the body
// (1 + body bytes) and is at most maxFrameBytes. Bodies by type:
//   1 PARTITION_REQUEST  consumer → producer  [u32 receiverId][u32 credit][utf8 channelKey]
//   2 ADD_CREDIT         consumer → producer  [u32 receiverId][u32 credit]
//   3 BUFFER             producer → consumer  [u32 receiverId][buffer bytes]
//   4 ERROR              producer → consumer  [u32 receiverId, or 0xFFFFFFFF for all][utf8 message]
//   5 CANCEL             consumer → producer  [u32 receiverId]
// A receiver may hold `credit` unread buffers (the initial credit plus every ADD_CREDIT, minus
// every BUFFER); the producer sends a BUFFER only with credit left.
import { EddyError } from '../../core/errors.js'

export const PARTITION_REQUEST = 1
export const ADD_CREDIT = 2
export const BUFFER = 3
export const ERROR = 4
export const CANCEL = 5
/** The receiver id of an ERROR frame that concerns every channel of the connection. */
export const ALL_RECEIVERS = 0xffffffff
/** Default limit of a frame's `length`; a buffer holds whole records, so it may pass 32 KiB. */
export const DEFAULT_MAX_FRAME_BYTES = 64 * 1024 * 1024

const HEADER_BYTES = 5
/** Smallest body per type (index = type); ADD_CREDIT and CANCEL bodies are exactly this long. */
const MIN_BODY_BYTES = [0, 8, 8, 4, 4, 4]

/** Bytes on a data connection that do not decode: the connection is closed. */
export class NetworkProtocolError extends EddyError {
  constructor(message: string) {
    super(message, { code: 'network.protocol', domain: 'external' })
  }
}

export function encodePartitionRequest(
  receiverId: number,
  credit: number,
  channelKey: string,
): Buffer {
  const keyBytes = Buffer.byteLength(channelKey)
  const frame = Buffer.allocUnsafe(HEADER_BYTES + 8 + keyBytes)
  frame.writeUInt32BE(1 + 8 + keyBytes, 0)
  frame[4] = PARTITION_REQUEST
  frame.writeUInt32BE(receiverId, 5)
  frame.writeUInt32BE(credit, 9)
  frame.write(channelKey, 13, 'utf8')
  return frame
}

export function encodeAddCredit(receiverId: number, credit: number): Buffer {
  const frame = Buffer.allocUnsafe(HEADER_BYTES + 8)
  frame.writeUInt32BE(9, 0)
  frame[4] = ADD_CREDIT
  frame.writeUInt32BE(receiverId, 5)
  frame.writeUInt32BE(credit, 9)
  return frame
}

/** The header of a BUFFER frame; the payload is written after it as is (no copy). */
export function encodeBufferHeader(receiverId: number, payloadBytes: number): Buffer {
  const header = Buffer.allocUnsafe(HEADER_BYTES + 4)
  header.writeUInt32BE(1 + 4 + payloadBytes, 0)
  header[4] = BUFFER
  header.writeUInt32BE(receiverId, 5)
  return header
}

export function encodeError(receiverId: number, message: string): Buffer {
  const messageBytes = Buffer.byteLength(message)
  const frame = Buffer.allocUnsafe(HEADER_BYTES + 4 + messageBytes)
  frame.writeUInt32BE(1 + 4 + messageBytes, 0)
  frame[4] = ERROR
  frame.writeUInt32BE(receiverId, 5)
  frame.write(message, 9, 'utf8')
  return frame
}

export function encodeCancel(receiverId: number): Buffer {
  const frame = Buffer.allocUnsafe(HEADER_BYTES + 4)
  frame.writeUInt32BE(5, 0)
  frame[4] = CANCEL
  frame.writeUInt32BE(receiverId, 5)
  return frame
}

/** The size of a BUFFER frame's `length` field for a payload of this many bytes. */
export function bufferFrameLength(payloadBytes: number): number {
  return 1 + 4 + payloadBytes
}

/** What a decoded frame is handed to. Only the types a side accepts are ever called. */
export interface NetworkMessageHandler {
  onPartitionRequest(receiverId: number, credit: number, channelKey: string): void
  onAddCredit(receiverId: number, credit: number): void
  /** `bytes` is owned by the receiver (a view of a socket chunk or a fresh copy; never reused). */
  onBuffer(receiverId: number, bytes: Uint8Array): void
  onError(receiverId: number, message: string): void
  onCancel(receiverId: number): void
}

/**
 * Splits the byte stream of one connection into frames. A BUFFER payload that lies within one
 * socket chunk is handed on as a view of it; one spanning chunks is copied once. `feed` throws
 * NetworkProtocolError on an unknown or unexpected type, a bad length or a malformed body; the
 * decoder is then unusable and the connection must be closed.
 */
export class NetworkMessageDecoder {
  private readonly handler: NetworkMessageHandler
  private readonly isAllowed: boolean[]
  private readonly maxFrameBytes: number
  private readonly header = Buffer.alloc(HEADER_BYTES)
  private headerFill = 0
  private body: Buffer | null = null
  private bodyType = 0
  private bodyFill = 0

  constructor(
    handler: NetworkMessageHandler,
    allowedTypes: readonly number[],
    maxFrameBytes: number,
  ) {
    this.handler = handler
    this.isAllowed = MIN_BODY_BYTES.map((_, type) => allowedTypes.includes(type))
    this.maxFrameBytes = maxFrameBytes
  }

  /** True when the bytes fed so far end inside a frame. */
  hasPartialFrame(): boolean {
    return this.headerFill > 0 || this.body !== null
  }

  feed(chunk: Buffer): void {
    const n = chunk.length
    let off = 0
    while (off < n) {
      const body = this.body
      if (body !== null) {
        const take = Math.min(body.length - this.bodyFill, n - off)
        chunk.copy(body, this.bodyFill, off, off + take)
        this.bodyFill += take
        off += take
        if (this.bodyFill === body.length) {
          this.body = null
          this.dispatch(this.bodyType, body, 0, body.length)
        }
        continue
      }
      let length: number
      let type: number
      if (this.headerFill === 0 && n - off >= HEADER_BYTES) {
        length = chunk.readUInt32BE(off)
        type = chunk[off + 4]!
        off += HEADER_BYTES
      } else {
        const take = Math.min(HEADER_BYTES - this.headerFill, n - off)
        chunk.copy(this.header, this.headerFill, off, off + take)
        this.headerFill += take
        off += take
        if (this.headerFill < HEADER_BYTES) return
        this.headerFill = 0
        length = this.header.readUInt32BE(0)
        type = this.header[4]!
      }
      const bodyBytes = this.checkHeader(length, type)
      if (n - off >= bodyBytes) {
        this.dispatch(type, chunk, off, bodyBytes)
        off += bodyBytes
      } else {
        const assembled = Buffer.allocUnsafe(bodyBytes)
        chunk.copy(assembled, 0, off, n)
        this.body = assembled
        this.bodyType = type
        this.bodyFill = n - off
        off = n
      }
    }
  }

  /** Validates a frame header; returns the body length. */
  private checkHeader(length: number, type: number): number {
    if (length > this.maxFrameBytes) {
      throw new NetworkProtocolError(
        `frame length ${length} exceeds the maximum of ${this.maxFrameBytes} bytes`,
      )
    }
    if (type >= MIN_BODY_BYTES.length || type === 0) {
      throw new NetworkProtocolError(`unknown frame type ${type}`)
    }
    if (!this.isAllowed[type]) {
      throw new NetworkProtocolError(`unexpected frame type ${type} on this side of the connection`)
    }
    const bodyBytes = length - 1
    const min = MIN_BODY_BYTES[type]!
    const isExact = type === ADD_CREDIT || type === CANCEL
    if (bodyBytes < min || (isExact && bodyBytes !== min)) {
      throw new NetworkProtocolError(`frame of type ${type} has a malformed length ${length}`)
    }
    return bodyBytes
  }

  private dispatch(type: number, buf: Buffer, off: number, len: number): void {
    const h = this.handler
    const receiverId = buf.readUInt32BE(off)
    switch (type) {
      case PARTITION_REQUEST:
        h.onPartitionRequest(
          receiverId,
          buf.readUInt32BE(off + 4),
          buf.toString('utf8', off + 8, off + len),
        )
        return
      case ADD_CREDIT:
        h.onAddCredit(receiverId, buf.readUInt32BE(off + 4))
        return
      case BUFFER:
        h.onBuffer(receiverId, buf.subarray(off + 4, off + len))
        return
      case ERROR:
        h.onError(receiverId, buf.toString('utf8', off + 4, off + len))
        return
      case CANCEL:
        h.onCancel(receiverId)
        return
      default:
        throw new NetworkProtocolError(`unknown frame type ${type}`)
    }
  }
}
