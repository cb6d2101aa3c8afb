// Failures on the TCP data plane: bytes that do not decode close only their own connection (one
// onError line, no crash), a lost producer fails the consumer's channels with a RemoteChannelError
// naming it, and a released subpartition is refused with an ERROR frame.
import { afterEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { connect, createServer } from 'node:net'
import { InputGate } from '../../../src/runtime/network/input-gate.js'
import { RemoteChannelError } from '../../../src/runtime/network/remote-channel-error.js'
import type { ShuffleEnvironment } from '../../../src/runtime/network/shuffle-environment.js'
import {
  closeEnvironments,
  numberOf,
  numbered,
  startEnvironment,
  startProxy,
  thrownBy,
  waitFor,
} from './shuffle-support.js'

/** Sends `bytes` to `address` (then half-closes if `end`) and returns all it got back until close. */
function rawExchange(
  address: string,
  bytes: Uint8Array,
  end: boolean,
): Promise<{ local: string; received: Buffer }> {
  const [host, port] = address.split(':') as [string, string]
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port: Number(port) })
    const chunks: Buffer[] = []
    let local = ''
    socket.on('connect', () => {
      local = `${socket.localAddress}:${socket.localPort}`
      if (end) socket.end(bytes)
      else socket.write(bytes)
    })
    socket.on('data', (chunk: Buffer) => chunks.push(chunk))
    socket.on('error', reject)
    socket.on('close', () => resolve({ local, received: Buffer.concat(chunks) }))
  })
}

/** An ERROR frame for all receivers carrying `message`, as the server sends before closing. */
function errorForAll(message: string): Buffer {
  const body = Buffer.from(message)
  const frame = Buffer.alloc(9 + body.length)
  frame.writeUInt32BE(5 + body.length, 0)
  frame[4] = 4
  frame.writeUInt32BE(0xffffffff, 5)
  body.copy(frame, 9)
  return frame
}

/** A working channel from `producer` to `consumer`, checked by one buffer. */
async function openWorkingChannel(
  producer: ShuffleEnvironment,
  consumer: ShuffleEnvironment,
  key: string,
): Promise<{ push: (n: number) => void; next: () => Promise<number> }> {
  const subpartition = producer.subpartition(key, 4)
  const channel = consumer.inputChannel(key, producer.dataAddress, 4)
  const next = async (): Promise<number> => {
    await waitFor(`a buffer on ${key}`, () => channel.size() > 0)
    return numberOf(channel.poll()!)
  }
  subpartition.push(numbered(1))
  assert.equal(await next(), 1)
  return { push: (n) => subpartition.push(numbered(n)), next }
}

/** A port nothing listens on. */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

describe('the data server', () => {
  afterEach(closeEnvironments)

  const cases: {
    name: string
    bytes: number[]
    end: boolean
    reason: string
    isToldToPeer: boolean
  }[] = [
    {
      name: 'garbage bytes',
      bytes: [...Buffer.from('GET / HTTP/1.1\r\n\r\n')],
      end: false,
      reason: 'frame length 1195725856 exceeds the maximum of 67108864 bytes',
      isToldToPeer: true,
    },
    {
      name: 'an unknown frame type',
      bytes: [0, 0, 0, 5, 9, 0, 0, 0, 1],
      end: false,
      reason: 'unknown frame type 9',
      isToldToPeer: true,
    },
    {
      name: 'an oversize length',
      bytes: [0xff, 0xff, 0xff, 0xff, 1],
      end: false,
      reason: 'frame length 4294967295 exceeds the maximum of 67108864 bytes',
      isToldToPeer: true,
    },
    {
      name: 'a frame type only producers send',
      bytes: [0, 0, 0, 6, 3, 0, 0, 0, 1, 42],
      end: false,
      reason: 'unexpected frame type 3 on this side of the connection',
      isToldToPeer: true,
    },
    {
      name: 'an ADD_CREDIT of the wrong length',
      bytes: [0, 0, 0, 6, 2, 0, 0, 0, 1, 0],
      end: false,
      reason: 'frame of type 2 has a malformed length 6',
      isToldToPeer: true,
    },
    {
      name: 'a truncated frame',
      bytes: [0, 0, 0, 20, 1, 0, 0, 0, 1],
      end: true,
      reason: 'truncated frame at end of stream',
      isToldToPeer: false,
    },
  ]
  for (const c of cases) {
    it(`closes a connection that sends ${c.name}, and only that one`, async () => {
      const errors: string[] = []
      const producer = await startEnvironment(errors)
      const consumer = await startEnvironment(errors)
      const working = await openWorkingChannel(producer, consumer, 'job1/e1/0/0')

      const { local, received } = await rawExchange(
        producer.dataAddress,
        Uint8Array.from(c.bytes),
        c.end,
      )
      assert.deepStrictEqual(received, c.isToldToPeer ? errorForAll(c.reason) : Buffer.alloc(0))
      assert.deepStrictEqual(errors, [`Closing data connection from ${local}: ${c.reason}`])

      working.push(2)
      assert.equal(await working.next(), 2)
      assert.deepStrictEqual(producer.numberOfConnections(), { inbound: 1, outbound: 0 })
    })
  }

  it('applies its maxFrameBytes to incoming frames', async () => {
    const errors: string[] = []
    const producer = await startEnvironment(errors, { maxFrameBytes: 1024 })
    await rawExchange(producer.dataAddress, Uint8Array.from([0, 0, 4, 1, 1]), false)
    assert.deepStrictEqual(
      errors.map((e) => e.replace(/from [^ ]+:/, 'from *:')),
      ['Closing data connection from *: frame length 1025 exceeds the maximum of 1024 bytes'],
    )
  })

  it('answers a request for a released subpartition with an ERROR frame', async () => {
    const producer = await startEnvironment()
    const consumer = await startEnvironment()
    producer.subpartition('job9/e1/0/0', 4).push(numbered(1))
    producer.release('job9/')
    const channel = consumer.inputChannel('job9/e1/0/0', producer.dataAddress, 2)
    const gate = new InputGate([channel])
    await gate.getAvailableFuture()
    const error = new RemoteChannelError(
      'network.remote-error',
      `The producer TaskManager at ${producer.dataAddress} failed the subpartition while reading ` +
        'job9/e1/0/0: Subpartition job9/e1/0/0 was released',
      { producerAddress: producer.dataAddress, channelKey: 'job9/e1/0/0' },
    )
    assert.throws(() => gate.pollNext(), error)
    assert.throws(() => gate.pollNext(), error)
    assert.equal(gate.hasData(), true)
  })

  it('fails a waiting request when its job is released before the subpartition exists', async () => {
    const producer = await startEnvironment()
    const consumer = await startEnvironment()
    const channel = consumer.inputChannel('job9/e1/0/0', producer.dataAddress, 2)
    const barrier = consumer.inputChannel('job8/barrier', producer.dataAddress, 1)
    producer.subpartition('job8/barrier', 1).push(numbered(0))
    await waitFor('the request to reach the producer', () => barrier.size() === 1)
    producer.release('job9/')
    await waitFor('the ERROR frame', () => channel.size() === 1)
    assert.throws(() => channel.poll(), {
      name: 'RemoteChannelError',
      code: 'network.remote-error',
      message:
        `The producer TaskManager at ${producer.dataAddress} failed the subpartition while ` +
        'reading job9/e1/0/0: Subpartition job9/e1/0/0 was released',
    })
  })

  it('refuses a second consumer of one subpartition', async () => {
    const producer = await startEnvironment()
    const consumers = [await startEnvironment(), await startEnvironment()]
    const first = consumers[0]!.inputChannel('job1/e1/0/0', producer.dataAddress, 2)
    const barrier = consumers[0]!.inputChannel('job1/barrier', producer.dataAddress, 1)
    producer.subpartition('job1/barrier', 1).push(numbered(0))
    await waitFor('the first request to reach the producer', () => barrier.size() === 1)
    const second = consumers[1]!.inputChannel('job1/e1/0/0', producer.dataAddress, 2)
    await waitFor('the refusal', () => second.size() === 1)
    assert.throws(() => second.poll(), {
      code: 'network.remote-error',
      message:
        `The producer TaskManager at ${producer.dataAddress} failed the subpartition while ` +
        'reading job1/e1/0/0: Subpartition job1/e1/0/0 is already consumed',
    })
    assert.equal(first.size(), 0)
    assert.throws(() => producer.inputChannel('job1/e1/0/0', producer.dataAddress, 2), {
      code: 'network.duplicate-consumer',
      message: 'Subpartition job1/e1/0/0 is already consumed',
    })
  })
})

describe('a remote input channel', () => {
  afterEach(closeEnvironments)

  it('delivers what it received, then fails naming the producer when the connection drops', async () => {
    const errors: string[] = []
    const producer = await startEnvironment(errors)
    const consumer = await startEnvironment(errors)
    const subpartition = producer.subpartition('job1/e1/0/0', 4)
    const channels = ['job1/e1/0/0', 'job1/e2/0/0'].map((k) =>
      consumer.inputChannel(k, producer.dataAddress, 4),
    )
    const gate = new InputGate(channels)
    subpartition.push(numbered(5))
    await waitFor('the first buffer', () => channels[0]!.size() === 1)
    await waitFor(
      'the credit frames to arrive',
      () => producer.stats.bytesReceived === consumer.stats.bytesSent,
    )

    await producer.close()
    await waitFor(
      'both channels to fail',
      () => channels[0]!.size() === 2 && channels[1]!.size() === 1,
    )
    const failure = (key: string): RemoteChannelError =>
      new RemoteChannelError(
        'network.connection-lost',
        `Lost the connection to the producer TaskManager at ${producer.dataAddress} while reading ${key}: ` +
          'the connection was closed',
        { producerAddress: producer.dataAddress, channelKey: key },
      )
    // The buffer that arrived first, then the error of the channel that failed while empty.
    assert.equal(numberOf(gate.pollNext()!), 5)
    assert.throws(() => gate.pollNext(), failure('job1/e2/0/0'))
    assert.throws(() => gate.pollNext(), failure('job1/e2/0/0'))
    assert.throws(() => channels[0]!.poll(), failure('job1/e1/0/0'))
    assert.deepStrictEqual(errors, [])
  })

  it('wakes a waiting gate when the producer TaskManager cannot be reached', async () => {
    const consumer = await startEnvironment()
    const port = await freePort()
    const address = `127.0.0.1:${port}`
    const channel = consumer.inputChannel('job1/e1/0/0', address, 2)
    const gate = new InputGate([channel])
    await gate.getAvailableFuture()
    assert.throws(() => gate.pollNext(), {
      name: 'RemoteChannelError',
      code: 'network.connection-lost',
      domain: 'external',
      failureType: 'PartitionDataMissingError',
      producerAddress: address,
      message:
        `Lost the connection to the producer TaskManager at ${address} while reading job1/e1/0/0: ` +
        `connect ECONNREFUSED ${address}`,
    })
    assert.deepStrictEqual(consumer.numberOfConnections(), { inbound: 0, outbound: 0 })
  })

  it('fails on a dropped connection, and the next channel opens a new one', async () => {
    const producer = await startEnvironment()
    const consumer = await startEnvironment()
    const proxy = await startProxy(producer.dataAddress)
    try {
      const subpartition = producer.subpartition('job1/e1/0/0', 4)
      const channel = consumer.inputChannel('job1/e1/0/0', proxy.address, 4)
      const gate = new InputGate([channel])
      subpartition.push(numbered(1))
      await waitFor('the first buffer', () => channel.size() === 1)
      assert.equal(numberOf(gate.pollNext()!), 1)

      proxy.dropConnections()
      await gate.getAvailableFuture()
      assert.throws(() => gate.pollNext(), {
        name: 'RemoteChannelError',
        code: 'network.connection-lost',
        producerAddress: proxy.address,
        context: { producerAddress: proxy.address, channelKey: 'job1/e1/0/0' },
      })
      const error = thrownBy(() => gate.pollNext())
      assert.ok(error instanceof RemoteChannelError)
      assert.match(
        error.message,
        new RegExp(
          `^Lost the connection to the producer TaskManager at ${proxy.address} while reading ` +
            'job1/e1/0/0: (the connection was closed|read ECONNRESET)$',
        ),
      )
      await waitFor(
        'the consumer to forget the connection',
        () => consumer.numberOfConnections().outbound === 0,
      )
      await waitFor(
        'the producer to close its side',
        () => producer.numberOfConnections().inbound === 0,
      )

      const again = consumer.inputChannel('job1/e2/0/0', proxy.address, 4)
      producer.subpartition('job1/e2/0/0', 4).push(numbered(2))
      await waitFor('a buffer over the new connection', () => again.size() === 1)
      assert.equal(numberOf(again.poll()!), 2)
      assert.deepStrictEqual(
        [producer.stats.connectionsAccepted, consumer.stats.connectionsOpened],
        [2, 2],
      )
    } finally {
      await proxy.close()
    }
  })

  it('fails its channel when the producer sends a buffer larger than maxFrameBytes', async () => {
    const errors: string[] = []
    const producer = await startEnvironment(errors, { maxFrameBytes: 4096 })
    const consumer = await startEnvironment(errors)
    producer.subpartition('job1/e1/0/0', 4).push(numbered(1, 8192))
    const channel = consumer.inputChannel('job1/e1/0/0', producer.dataAddress, 2)
    await waitFor('the refusal', () => channel.size() === 1)
    assert.throws(() => channel.poll(), {
      code: 'network.remote-error',
      message:
        `The producer TaskManager at ${producer.dataAddress} failed the subpartition while ` +
        'reading job1/e1/0/0: a buffer of 8192 bytes exceeds the maximum frame size of 4096 bytes ' +
        '(a record too large?)',
    })
    assert.deepStrictEqual(errors, [])
  })
})
