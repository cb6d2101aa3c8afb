// Two ShuffleEnvironments in one process, on 127.0.0.1: records through RecordWriter →
// subpartition → TCP → RemoteInputChannel → InputGate → StreamTaskNetworkInput, credit-based flow
// control, one multiplexed connection per TaskManager pair, and the local (no socket) path.
import { afterEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Types } from '../../../src/core/types/types.js'
import type { TypeSerializer } from '../../../src/core/types/type-serializer.js'
import type { StreamRecord } from '../../../src/runtime/common/stream-element.js'
import { createChannelSelector } from '../../../src/runtime/network/channel-selector.js'
import type { InputChannel } from '../../../src/runtime/network/input-channel.js'
import { InputGate } from '../../../src/runtime/network/input-gate.js'
import type { LocalChannel } from '../../../src/runtime/network/local-channel.js'
import { RecordWriter } from '../../../src/runtime/network/record-writer.js'
import { encodePriorityBarrier } from '../../../src/runtime/network/priority-barrier.js'
import { StreamTaskNetworkInput } from '../../../src/runtime/task/input/stream-task-network-input.js'
import {
  closeEnvironments,
  numberOf,
  numbered,
  settle,
  startEnvironment,
  waitFor,
} from './shuffle-support.js'

const Row = Types.ROW({ n: Types.LONG, s: Types.STRING })
type Row = { n: number; s: string }

async function produce(writer: RecordWriter, count: number): Promise<void> {
  for (let n = 0; n < count; n++) {
    if (!writer.isAvailable()) await writer.whenAvailable()
    writer.emit({ n, s: `record-${n}` }, n * 10)
    if (n === count / 2) writer.broadcastWatermark(n)
  }
  writer.broadcastEndOfPartition()
}

interface Consumed {
  /** [value, timestamp] per channel, in arrival order. */
  perChannel: [Row, number][][]
  watermarks: number[]
}

async function consume(
  channels: InputChannel[],
  serializer: TypeSerializer<unknown>,
): Promise<Consumed> {
  const gate = new InputGate(channels)
  const consumed: Consumed = { perChannel: channels.map(() => []), watermarks: [] }
  const target = {
    processElement(record: StreamRecord): void {
      consumed.perChannel[gate.lastChannel]!.push([record.value as Row, record.timestamp])
    },
    processWatermark(watermark: number): void {
      consumed.watermarks.push(watermark)
    },
    processWatermarkStatus(): void {},
  }
  const input = new StreamTaskNetworkInput(
    gate,
    channels.map(() => serializer),
    target,
  )
  for (;;) {
    const status = input.processInput()
    if (status === 'END_OF_INPUT') return consumed
    if (status === 'NOTHING_AVAILABLE') await input.getAvailableFuture()
  }
}

/** What round-robin over two channels from producer 0 must deliver: even n to 0, odd to 1. */
function expected(count: number): Consumed {
  const perChannel: [Row, number][][] = [[], []]
  for (let n = 0; n < count; n++) perChannel[n % 2]!.push([{ n, s: `record-${n}` }, n * 10])
  return { perChannel, watermarks: [count / 2] }
}

function rebalanceWriter(
  channels: LocalChannel[],
  serializer: TypeSerializer<unknown>,
): RecordWriter {
  const selector = createChannelSelector({ type: 'REBALANCE' }, channels.length, 0, 128)
  return new RecordWriter(channels, selector, serializer, 32 * 1024)
}

describe('ShuffleEnvironment', () => {
  afterEach(closeEnvironments)

  it('moves 100k records to another environment over TCP, in order and complete', async () => {
    const errors: string[] = []
    const producer = await startEnvironment(errors)
    const consumer = await startEnvironment(errors)
    const serializer = Row.createSerializer() as TypeSerializer<unknown>
    const keys = ['job1/e1/0/0', 'job1/e1/0/1']
    const writer = rebalanceWriter(
      keys.map((k) => producer.subpartition(k, 10)),
      serializer,
    )
    const channels = keys.map((k) => consumer.inputChannel(k, producer.dataAddress, 10))
    const [, consumed] = await Promise.all([
      produce(writer, 100_000),
      consume(channels, serializer),
    ])
    assert.deepStrictEqual(consumed, expected(100_000))

    await waitFor(
      'the credit announcements to arrive',
      () => producer.stats.bytesReceived === consumer.stats.bytesSent,
    )
    assert.equal(consumer.stats.bytesReceived, producer.stats.bytesSent)
    assert.ok(producer.stats.bytesSent > writer.bytesOut, `${producer.stats.bytesSent} bytes sent`)
    assert.deepStrictEqual(
      [
        producer.stats.connectionsAccepted,
        consumer.stats.connectionsOpened,
        consumer.stats.connectionsAccepted,
      ],
      [1, 1, 0],
    )
    assert.deepStrictEqual(errors, [])
  })

  it('hands the subpartition itself to a consumer in the same environment, with no socket', async () => {
    const env = await startEnvironment()
    const serializer = Row.createSerializer() as TypeSerializer<unknown>
    const keys = ['job1/e1/0/0', 'job1/e1/0/1']
    const subpartitions = keys.map((k) => env.subpartition(k, 10))
    const channels = keys.map((k) => env.inputChannel(k, env.dataAddress, 10))
    assert.deepStrictEqual(channels, subpartitions)
    assert.equal(channels[0], subpartitions[0])

    const [, consumed] = await Promise.all([
      produce(rebalanceWriter(subpartitions, serializer), 100_000),
      consume(channels, serializer),
    ])
    assert.deepStrictEqual(consumed, expected(100_000))
    assert.deepStrictEqual(env.stats, {
      bytesSent: 0,
      bytesReceived: 0,
      connectionsAccepted: 0,
      connectionsOpened: 0,
    })
  })

  it('creates the local queue with the consumer credit when the consumer comes first', async () => {
    const env = await startEnvironment()
    const channel = env.inputChannel('job1/e1/0/0', env.dataAddress, 3)
    const subpartition = env.subpartition('job1/e1/0/0', 10)
    assert.equal(channel, subpartition)
    assert.equal(subpartition.capacity, 3)
  })

  it('bounds memory by capacity + credit when the consumer never polls, then resumes', async () => {
    const producer = await startEnvironment()
    const consumer = await startEnvironment()
    const capacity = 4
    const credit = 3
    const subpartition = producer.subpartition('job1/e1/0/0', capacity)
    let pushed = 0
    let isStopped = false
    const pump = async (): Promise<void> => {
      while (!isStopped) {
        while (subpartition.hasCredit()) subpartition.push(numbered(pushed++))
        await subpartition.whenCredit()
      }
    }
    void pump()
    const channel = consumer.inputChannel('job1/e1/0/0', producer.dataAddress, credit)
    await waitFor('the consumer to hold its credit', () => channel.size() === credit)
    // A round trip on the same connection: whatever the producer sent before has arrived.
    producer.subpartition('job1/barrier', 1).push(numbered(0))
    const barrier = consumer.inputChannel('job1/barrier', producer.dataAddress, 1)
    await waitFor('the barrier buffer', () => barrier.size() === 1)
    await settle()
    assert.deepStrictEqual(
      {
        pushed,
        producerHeld: subpartition.size(),
        hasCredit: subpartition.hasCredit(),
        consumerHeld: channel.size(),
      },
      { pushed: capacity + credit, producerHeld: capacity, hasCredit: false, consumerHeld: credit },
    )

    // One poll frees one slot on each side: one more buffer crosses and one more is produced.
    assert.equal(numberOf(channel.poll()!), 0)
    await waitFor('the freed slot to be refilled', () => channel.size() === credit && pushed === 8)
    await settle()
    assert.deepStrictEqual(
      { pushed, producerHeld: subpartition.size(), consumerHeld: channel.size() },
      { pushed: capacity + credit + 1, producerHeld: capacity, consumerHeld: credit },
    )

    // Reading on, buffers keep coming in order and the bound holds throughout.
    const received = [0]
    while (received.length < 200) {
      const buffer = channel.poll()
      if (buffer === null) {
        await waitFor('more buffers', () => channel.size() > 0)
        continue
      }
      received.push(numberOf(buffer))
      assert.ok(channel.size() <= credit && subpartition.size() <= capacity)
    }
    isStopped = true
    assert.deepStrictEqual(
      received,
      Array.from({ length: 200 }, (_, i) => i),
    )
  })

  it('lets an unaligned checkpoint barrier pass without credit, ahead of every queued buffer', async () => {
    const producer = await startEnvironment()
    const consumer = await startEnvironment()
    const subpartition = producer.subpartition('job1/e1/0/0', 4)
    const channel = consumer.inputChannel('job1/e1/0/0', producer.dataAddress, 3)
    for (let n = 0; n < 7; n++) subpartition.push(numbered(n))
    await waitFor('the consumer to hold its credit', () => channel.size() === 3)
    const barrier = { checkpointId: 5, timestamp: 1, mode: 'EXACTLY_ONCE' as const }
    subpartition.pushFirst(encodePriorityBarrier(barrier, subpartition.size()))
    await waitFor('the barrier, without credit', () => channel.size() === 4)
    // It overtook the 4 buffers still at the producer and the 3 held by the consumer.
    assert.deepStrictEqual(
      Buffer.from(channel.poll()!).equals(Buffer.from(encodePriorityBarrier(barrier, 7))),
      true,
    )
    const received: number[] = []
    while (received.length < 7) {
      const buffer = channel.poll()
      if (buffer === null) await waitFor('more buffers', () => channel.size() > 0)
      else received.push(numberOf(buffer))
    }
    assert.deepStrictEqual(received, [0, 1, 2, 3, 4, 5, 6])
    // The barrier took no credit: the consumer still holds at most its credit.
    for (let n = 7; n < 12; n++) subpartition.push(numbered(n))
    await waitFor('the credit to be used', () => channel.size() === 3)
    await settle()
    assert.deepStrictEqual([channel.size(), subpartition.size()], [3, 2])
  })

  it('multiplexes every channel between two environments over one connection', async () => {
    const producer = await startEnvironment()
    const consumer = await startEnvironment()
    const keys = Array.from({ length: 6 }, (_, i) => `job1/e${i}/0/0`)
    const channels = keys.map((k) => consumer.inputChannel(k, producer.dataAddress, 2))
    keys.forEach((k, i) => producer.subpartition(k, 2).push(numbered(i)))
    await waitFor('a buffer on every channel', () => channels.every((c) => c.size() === 1))
    assert.deepStrictEqual(
      channels.map((c) => numberOf(c.poll()!)),
      [0, 1, 2, 3, 4, 5],
    )
    assert.deepStrictEqual(producer.numberOfConnections(), { inbound: 1, outbound: 0 })
    assert.deepStrictEqual(consumer.numberOfConnections(), { inbound: 0, outbound: 1 })
    assert.deepStrictEqual(
      [producer.stats.connectionsAccepted, consumer.stats.connectionsOpened],
      [1, 1],
    )
  })

  it('serves a request that arrives before the producer creates its subpartition', async () => {
    const producer = await startEnvironment()
    const consumer = await startEnvironment()
    const channel = consumer.inputChannel('job1/e1/0/0', producer.dataAddress, 2)
    const barrier = consumer.inputChannel('job1/barrier', producer.dataAddress, 1)
    producer.subpartition('job1/barrier', 1).push(numbered(0))
    await waitFor('the request to reach the producer', () => barrier.size() === 1)
    const subpartition = producer.subpartition('job1/e1/0/0', 4)
    subpartition.push(numbered(7))
    subpartition.push(numbered(8))
    await waitFor('both buffers', () => channel.size() === 2)
    assert.deepStrictEqual([numberOf(channel.poll()!), numberOf(channel.poll()!)], [7, 8])
  })

  it('sends what is still queued after the producer finished', async () => {
    const producer = await startEnvironment()
    const consumer = await startEnvironment()
    const subpartition = producer.subpartition('job1/e1/0/0', 10)
    for (let i = 0; i < 9; i++) subpartition.push(numbered(i))
    // The producer is done: nothing touches the subpartition any more.
    const channel = consumer.inputChannel('job1/e1/0/0', producer.dataAddress, 2)
    const received: number[] = []
    while (received.length < 9) {
      await waitFor('the next buffer', () => channel.size() > 0)
      received.push(numberOf(channel.poll()!))
    }
    assert.deepStrictEqual(received, [0, 1, 2, 3, 4, 5, 6, 7, 8])
    assert.equal(subpartition.size(), 0)
  })

  it('cancels the request of a released channel, so the key can be requested again', async () => {
    const producer = await startEnvironment()
    const consumer = await startEnvironment()
    const subpartition = producer.subpartition('job1/e1/0/0', 10)
    for (let i = 0; i < 5; i++) subpartition.push(numbered(i))
    const first = consumer.inputChannel('job1/e1/0/0', producer.dataAddress, 2)
    await waitFor('two buffers', () => first.size() === 2)
    consumer.release('job1/')
    assert.equal(first.size(), 0)
    const second = consumer.inputChannel('job1/e1/0/0', producer.dataAddress, 5)
    await waitFor('the rest', () => second.size() === 3)
    assert.deepStrictEqual(
      [second.poll(), second.poll(), second.poll()].map((b) => numberOf(b!)),
      [2, 3, 4],
    )
  })
})
