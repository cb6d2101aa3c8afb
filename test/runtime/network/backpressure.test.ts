// A fast source into a slow consumer across a network edge: bounded channels make the producer
// wait, so it can never run further ahead of the consumer than the channel credit allows.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DiscardingSink, StreamExecutionEnvironment, Types } from '../../../src/index.js'

describe('local channels', () => {
  it('slow the producer down to the consumer: the lead stays within the channels credit', async () => {
    const records = 300_000
    let produced = 0
    let consumed = 0
    let maxLead = 0
    const env = StreamExecutionEnvironment.getExecutionEnvironment()
    env.setParallelism(1)
    env
      .fromSequence(1, records)
      .map((n) => {
        produced++
        return n
      })
      .returns(Types.DOUBLE)
      .rebalance()
      .map((n) => {
        consumed++
        maxLead = Math.max(maxLead, produced - consumed)
        // A slow consumer: busy work per record.
        let x = n
        for (let i = 0; i < 200; i++) x = (x * 31 + i) % 1_000_003
        return x
      })
      .sinkTo(new DiscardingSink())
    await env.execute('backpressure')
    assert.equal(consumed, records)
    // One channel of 10 buffers (2 exclusive + 8 floating) of 32 KiB holds at most ~37k
    // nine-byte records, plus the producer's unfinished buffer and one polling batch.
    const recordsPerBuffer = Math.ceil((32 * 1024) / 9)
    assert.ok(maxLead <= 11 * recordsPerBuffer + 256, `producer ran ${maxLead} records ahead`)
    assert.ok(maxLead > 0)
  })
})
