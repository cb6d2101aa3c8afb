// The wire format of Eddy's RPC, shared by the TCP and the in-process transport.
//
//   frame    = [u32 big-endian payload length][payload]
//   payload  = MessagePack (msgpackr, no records, `moreTypes`) of one message:
//   request  = {t: 0, id, endpoint, method, args, token?}
//   response = {t: 1, id, ok: true, value}
//            | {t: 1, id, ok: false, error: {name, message, stack?, code?, domain?, failureType?}}
//
// Requests flow client → server only: each process runs its own server, and a call in the other
// direction opens its own connection. Ids are chosen by the client, unique per connection; the
// server answers each request once, in any order, with the request's id. A frame that is too
// long, does not decode, or is not a valid message is a protocol violation: the receiver closes
// the connection. Values: null, undefined, booleans, numbers, bigints, strings, Uint8Array and
// Buffer, arrays and plain objects round-trip; class instances arrive as plain objects.
import { Packr } from 'msgpackr'
import { EddyError, describe, type ErrorDomain, type FailureType } from '../../core/errors.js'
import { toRemoteErrorData, type RemoteErrorData } from './rpc-errors.js'

export interface RpcRequest {
  readonly t: 0
  readonly id: number
  readonly endpoint: string
  readonly method: string
  readonly args: readonly unknown[]
  /** The caller's fencing token, if it has one. */
  readonly token?: string
}

export type RpcResponse =
  | { readonly t: 1; readonly id: number; readonly ok: true; readonly value: unknown }
  | { readonly t: 1; readonly id: number; readonly ok: false; readonly error: RemoteErrorData }

export type RpcMessage = RpcRequest | RpcResponse

/** Flink's default `pekko.framesize` is 10 MiB; Eddy ships job bundles over RPC, hence more. */
export const DEFAULT_MAX_FRAME_BYTES = 256 * 1024 * 1024

/** The u32 length in front of every payload. */
export const FRAME_HEADER_BYTES = 4

const DOMAINS: ReadonlySet<unknown> = new Set<ErrorDomain>(['user', 'external', 'internal'])
const FAILURE_TYPES: ReadonlySet<unknown> = new Set<FailureType>([
  'NonRecoverableError',
  'PartitionDataMissingError',
  'EnvironmentError',
  'RecoverableError',
])

const packr = new Packr({ useRecords: false, moreTypes: true })

/**
 * The frame of one message. Throws an EddyError (code `rpc.frame-too-large` or
 * `serialization.failed`) when the message does not encode or its payload exceeds `maxFrameBytes`.
 */
export function encodeFrame(message: RpcMessage, maxFrameBytes: number): Buffer {
  let payload: Buffer
  try {
    payload = packr.pack(message)
  } catch (e: unknown) {
    throw new EddyError(`RPC message could not be encoded: ${describe(e)}`, {
      code: 'serialization.failed',
      domain: 'user',
      cause: e,
    })
  }
  if (payload.length > maxFrameBytes) {
    throw new EddyError(
      `RPC message of ${payload.length} bytes exceeds the maximum frame size of ${maxFrameBytes} bytes`,
      {
        code: 'rpc.frame-too-large',
        domain: 'user',
        context: { bytes: payload.length, maxFrameBytes },
      },
    )
  }
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length)
  frame.writeUInt32BE(payload.length, 0)
  payload.copy(frame, FRAME_HEADER_BYTES)
  return frame
}

/**
 * The frame of a response; when its value does not encode or is too large, the frame of a failed
 * response with that error instead, so the caller learns why (without the stack if even that is
 * too large for `maxFrameBytes`).
 */
export function encodeResponseFrame(response: RpcResponse, maxFrameBytes: number): Buffer {
  try {
    return encodeFrame(response, maxFrameBytes)
  } catch (e: unknown) {
    const { stack: _, ...withoutStack } = toRemoteErrorData(e)
    try {
      return encodeFrame(
        { t: 1, id: response.id, ok: false, error: toRemoteErrorData(e) },
        maxFrameBytes,
      )
    } catch {
      return encodeFrame({ t: 1, id: response.id, ok: false, error: withoutStack }, maxFrameBytes)
    }
  }
}

/** Decodes and validates one payload. Throws a protocol violation naming what is wrong. */
export function decodeMessage(payload: Uint8Array): RpcMessage {
  let message: unknown
  try {
    message = packr.unpack(payload)
  } catch (e: unknown) {
    throw protocolViolation(`undecodable payload of ${payload.length} bytes (${describe(e)})`)
  }
  const problem = validate(message)
  if (problem !== undefined) throw protocolViolation(problem)
  return message as RpcMessage
}

/**
 * Cuts a byte stream into frame payloads. `push` throws a protocol violation on a frame longer
 * than `maxFrameBytes`; the decoder is unusable afterwards, as is the connection.
 */
export class FrameDecoder {
  readonly #maxFrameBytes: number
  /** Bytes received but not yet part of a returned payload. */
  #parts: Buffer[] = []
  #bufferedBytes = 0
  /** The payload length of the frame being received, once its header is complete. */
  #expected = -1

  constructor(maxFrameBytes: number) {
    this.#maxFrameBytes = maxFrameBytes
  }

  /** Appends received bytes and calls `onPayload` for each frame they complete, in order. */
  push(chunk: Buffer, onPayload: (payload: Buffer) => void): void {
    this.#parts.push(chunk)
    this.#bufferedBytes += chunk.length
    for (;;) {
      if (this.#expected < 0) {
        if (this.#bufferedBytes < FRAME_HEADER_BYTES) return
        this.#expected = this.#take(FRAME_HEADER_BYTES).readUInt32BE(0)
        if (this.#expected > this.#maxFrameBytes) {
          throw protocolViolation(
            `frame of ${this.#expected} bytes announced, the maximum is ${this.#maxFrameBytes}`,
          )
        }
      }
      if (this.#bufferedBytes < this.#expected) return
      const payload = this.#take(this.#expected)
      this.#expected = -1
      onPayload(payload)
    }
  }

  /** Bytes of an incomplete frame; a connection that closes with some was cut mid-frame. */
  get bufferedBytes(): number {
    return this.#bufferedBytes + (this.#expected < 0 ? 0 : FRAME_HEADER_BYTES)
  }

  /** Removes the first `n` buffered bytes; concatenates only when they span several chunks. */
  #take(n: number): Buffer {
    if (n === 0) return Buffer.alloc(0)
    const first = this.#parts[0]!
    let taken: Buffer
    if (first.length >= n) {
      taken = first.subarray(0, n)
      if (first.length === n) this.#parts.shift()
      else this.#parts[0] = first.subarray(n)
    } else {
      const all = Buffer.concat(this.#parts)
      taken = all.subarray(0, n)
      this.#parts = all.length === n ? [] : [all.subarray(n)]
    }
    this.#bufferedBytes -= n
    return taken
  }
}

function protocolViolation(problem: string): EddyError {
  return new EddyError(`RPC protocol violation: ${problem}`, {
    code: 'rpc.protocol-violation',
    domain: 'external',
  })
}

/** What makes `m` not a valid message, or undefined when it is one. */
function validate(m: unknown): string | undefined {
  if (!isRecord(m)) return 'message is not a map'
  if (typeof m.id !== 'number' || !Number.isSafeInteger(m.id) || m.id < 0) {
    return 'message id is not a non-negative integer'
  }
  if (m.t === 0) {
    if (typeof m.endpoint !== 'string') return 'request endpoint is not a string'
    if (typeof m.method !== 'string') return 'request method is not a string'
    if (!Array.isArray(m.args)) return 'request args is not an array'
    if (m.token !== undefined && typeof m.token !== 'string') return 'request token is not a string'
    return undefined
  }
  if (m.t === 1) {
    if (m.ok === true) return undefined
    if (m.ok !== false) return 'response ok is not a boolean'
    const e = m.error
    if (!isRecord(e) || typeof e.name !== 'string' || typeof e.message !== 'string') {
      return 'response error has no name and message'
    }
    if (!isOptional(e.stack, 'string') || !isOptional(e.code, 'string')) {
      return 'response error stack or code is not a string'
    }
    if (e.domain !== undefined && !DOMAINS.has(e.domain)) return 'response error domain is unknown'
    if (e.failureType !== undefined && !FAILURE_TYPES.has(e.failureType)) {
      return 'response error failureType is unknown'
    }
    return undefined
  }
  return 'message type t is neither 0 (request) nor 1 (response)'
}

function isOptional(v: unknown, type: 'string'): boolean {
  return v === undefined || typeof v === type
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array)
}
