// The frame codec of the TCP data plane: what is encoded decodes to the same messages however the
// byte stream is cut into chunks, and malformed input is rejected with a NetworkProtocolError.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import {
  ADD_CREDIT,
  ALL_RECEIVERS,
  BUFFER,
  CANCEL,
  ERROR,
  NetworkMessageDecoder,
  NetworkProtocolError,
  PARTITION_REQUEST,
  encodeAddCredit,
  encodeBufferHeader,
  encodeCancel,
  encodeError,
  encodePartitionRequest,
} from '../../../src/runtime/network/network-message.js'
import type { NetworkMessageHandler } from '../../../src/runtime/network/network-message.js'

type Message = (string | number | number[])[]

function recorder(): {
  handler: NetworkMessageHandler
  messages: Message[]
  buffers: Uint8Array[]
} {
  const messages: Message[] = []
  const buffers: Uint8Array[] = []
  const handler: NetworkMessageHandler = {
    onPartitionRequest: (id, credit, key) => messages.push(['request', id, credit, key]),
    onAddCredit: (id, credit) => messages.push(['credit', id, credit]),
    onBuffer: (id, bytes) => {
      buffers.push(bytes)
      messages.push(['buffer', id, [...bytes]])
    },
    onError: (id, message) => messages.push(['error', id, message]),
    onCancel: (id) => messages.push(['cancel', id]),
  }
  return { handler, messages, buffers }
}

const ALL_TYPES = [PARTITION_REQUEST, ADD_CREDIT, BUFFER, ERROR, CANCEL]
const payload = Buffer.from([9, 8, 7, 6, 5])
const stream = Buffer.concat([
  encodePartitionRequest(1, 10, 'job1/e1/0/ü'),
  encodeAddCredit(1, 3),
  encodeBufferHeader(1, payload.length),
  payload,
  encodeBufferHeader(2, 0),
  encodeError(2, 'Subpartition x was released'),
  encodeError(ALL_RECEIVERS, 'bye'),
  encodeCancel(1),
])
const expectedMessages: Message[] = [
  ['request', 1, 10, 'job1/e1/0/ü'],
  ['credit', 1, 3],
  ['buffer', 1, [9, 8, 7, 6, 5]],
  ['buffer', 2, []],
  ['error', 2, 'Subpartition x was released'],
  ['error', ALL_RECEIVERS, 'bye'],
  ['cancel', 1],
]

describe('NetworkMessageDecoder', () => {
  it('decodes every frame type from one chunk, handing buffers on as views of it', () => {
    const { handler, messages, buffers } = recorder()
    const decoder = new NetworkMessageDecoder(handler, ALL_TYPES, 1024)
    decoder.feed(stream)
    assert.deepStrictEqual(messages, expectedMessages)
    assert.equal(buffers[0]!.buffer, stream.buffer)
    assert.equal(decoder.hasPartialFrame(), false)
  })

  it('decodes the same whatever the chunk boundaries', () => {
    for (let size = 1; size <= stream.length; size++) {
      const { handler, messages } = recorder()
      const decoder = new NetworkMessageDecoder(handler, ALL_TYPES, 1024)
      for (let off = 0; off < stream.length; off += size) {
        decoder.feed(stream.subarray(off, off + size))
      }
      assert.deepStrictEqual(messages, expectedMessages, `chunks of ${size} bytes`)
      assert.equal(decoder.hasPartialFrame(), false)
    }
  })

  it('reports a partial frame', () => {
    const decoder = new NetworkMessageDecoder(recorder().handler, ALL_TYPES, 1024)
    decoder.feed(encodeAddCredit(1, 3).subarray(0, 3))
    assert.equal(decoder.hasPartialFrame(), true)
  })

  const rejected: [string, number[], string][] = [
    ['an unknown type', [0, 0, 0, 1, 6], 'unknown frame type 6'],
    ['type 0', [0, 0, 0, 1, 0], 'unknown frame type 0'],
    ['a zero length', [0, 0, 0, 0, 2], 'frame of type 2 has a malformed length 0'],
    ['a too long length', [0, 0, 4, 1, 3], 'frame length 1025 exceeds the maximum of 1024 bytes'],
    ['a short ERROR', [0, 0, 0, 4, 4], 'frame of type 4 has a malformed length 4'],
    ['a long CANCEL', [0, 0, 0, 6, 5], 'frame of type 5 has a malformed length 6'],
    [
      'a type the side does not accept',
      [0, 0, 0, 5, 1],
      'unexpected frame type 1 on this side of the connection',
    ],
  ]
  for (const [name, bytes, message] of rejected) {
    it(`rejects ${name}`, () => {
      const { handler, messages } = recorder()
      const decoder = new NetworkMessageDecoder(handler, [ADD_CREDIT, BUFFER, ERROR, CANCEL], 1024)
      assert.throws(() => decoder.feed(Buffer.from(bytes)), new NetworkProtocolError(message))
      assert.deepStrictEqual(messages, [])
    })
  }
})
