// The wire format: frames cut correctly from any chunking of the stream, messages validated
// field by field, and responses that cannot be sent replaced by an error the caller can read.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  decodeMessage,
  encodeFrame,
  encodeResponseFrame,
  FrameDecoder,
  type RpcMessage,
} from '../../../src/runtime/rpc/rpc-codec.js'

const MESSAGES: RpcMessage[] = [
  { t: 0, id: 0, endpoint: 'dispatcher', method: 'submitJob', args: [{ name: 'job' }] },
  { t: 0, id: 1, endpoint: 'jobmanager_1', method: 'ping', args: [], token: 'leader-7' },
  { t: 1, id: 1, ok: true, value: new Uint8Array([1, 2, 3]) },
  {
    t: 1,
    id: 0,
    ok: false,
    error: {
      name: 'EddyError',
      message: 'no slots',
      stack: 'EddyError: no slots\n    at x',
      code: 'scheduler.no-slots',
      domain: 'external',
      failureType: 'EnvironmentError',
    },
  },
]

function payloads(chunks: Buffer[], maxFrameBytes = 1024): RpcMessage[] {
  const decoder = new FrameDecoder(maxFrameBytes)
  const out: RpcMessage[] = []
  for (const chunk of chunks) decoder.push(chunk, (p) => out.push(decodeMessage(p)))
  assert.equal(decoder.bufferedBytes, 0)
  return out
}

describe('rpc-codec', () => {
  it('frames a message as a big-endian u32 length and its MessagePack payload', () => {
    const frame = encodeFrame({ t: 1, id: 5, ok: true, value: null }, 1024)
    assert.equal(frame.readUInt32BE(0), frame.length - 4)
    assert.deepStrictEqual(decodeMessage(frame.subarray(4)), { t: 1, id: 5, ok: true, value: null })
  })

  it('cuts the same messages from one chunk, from single bytes and from every split point', () => {
    const stream = Buffer.concat(MESSAGES.map((m) => encodeFrame(m, 1024)))
    assert.deepStrictEqual(payloads([stream]), MESSAGES)
    assert.deepStrictEqual(payloads([...stream].map((b) => Buffer.from([b]))), MESSAGES)
    for (let split = 1; split < stream.length; split++) {
      assert.deepStrictEqual(
        payloads([stream.subarray(0, split), stream.subarray(split)]),
        MESSAGES,
        `split at byte ${split}`,
      )
    }
  })

  it('counts the bytes of an incomplete frame, header included', () => {
    const decoder = new FrameDecoder(1024)
    const frame = encodeFrame(MESSAGES[0]!, 1024)
    decoder.push(frame.subarray(0, 2), () => assert.fail('no frame is complete'))
    const afterHalfHeader = decoder.bufferedBytes
    decoder.push(frame.subarray(2, 9), () => assert.fail('no frame is complete'))
    assert.deepStrictEqual([afterHalfHeader, decoder.bufferedBytes], [2, 9])
  })

  it('rejects a frame announcing more than maxFrameBytes as soon as its header arrives', () => {
    const decoder = new FrameDecoder(16)
    assert.throws(() => decoder.push(Buffer.from([0, 0, 0, 17]), () => {}), {
      name: 'EddyError',
      code: 'rpc.protocol-violation',
      message: 'RPC protocol violation: frame of 17 bytes announced, the maximum is 16',
    })
  })

  it('refuses to encode a message over maxFrameBytes', () => {
    assert.throws(() => encodeFrame({ t: 1, id: 0, ok: true, value: 'x'.repeat(20) }, 16), {
      name: 'EddyError',
      code: 'rpc.frame-too-large',
      message: 'RPC message of 41 bytes exceeds the maximum frame size of 16 bytes',
    })
  })

  it('names the field that makes a message invalid', () => {
    const problems = [
      { t: 1, id: 1 },
      { t: 1, id: 1.5, ok: true },
      { t: 1, id: 1, ok: false, error: 'boom' },
      { t: 1, id: 1, ok: false, error: { name: 'E', message: 'm', code: 7 } },
      { t: 1, id: 1, ok: false, error: { name: 'E', message: 'm', domain: 'moon' } },
      { t: 1, id: 1, ok: false, error: { name: 'E', message: 'm', failureType: 'Fatal' } },
      { t: 0, id: 1, endpoint: 3, method: 'm', args: [] },
      'just a string',
    ].map((m) => {
      try {
        decodeMessage(encodeFrame(m as unknown as RpcMessage, 1024).subarray(4))
        return 'accepted'
      } catch (e: unknown) {
        return (e as Error).message.replace('RPC protocol violation: ', '')
      }
    })
    assert.deepStrictEqual(problems, [
      'response ok is not a boolean',
      'message id is not a non-negative integer',
      'response error has no name and message',
      'response error stack or code is not a string',
      'response error domain is unknown',
      'response error failureType is unknown',
      'request endpoint is not a string',
      'message is not a map',
    ])
  })

  it('replaces a response that cannot be sent with the error saying why', () => {
    const frame = encodeResponseFrame({ t: 1, id: 9, ok: true, value: 'x'.repeat(500) }, 300)
    const reply = decodeMessage(frame.subarray(4))
    assert.deepStrictEqual(reply, {
      t: 1,
      id: 9,
      ok: false,
      error: {
        name: 'EddyError',
        message: 'RPC message of 523 bytes exceeds the maximum frame size of 300 bytes',
        code: 'rpc.frame-too-large',
        domain: 'user',
        failureType: 'RecoverableError',
      },
    })
  })
})
