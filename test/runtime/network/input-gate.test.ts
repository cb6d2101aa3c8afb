// InputGate over the InputChannel interface: turn order, a failed channel's error, and a finished
// channel that is never polled again.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type { InputChannel } from '../../../src/runtime/network/input-channel.js'
import { InputGate } from '../../../src/runtime/network/input-gate.js'
import { LocalChannel } from '../../../src/runtime/network/local-channel.js'

/** A channel that returns its buffers, then throws `error` if one is set. */
class ScriptedChannel implements InputChannel {
  readonly buffers: Uint8Array[]
  error: Error | null = null
  private listener: () => void = () => {}
  constructor(buffers: Uint8Array[]) {
    this.buffers = buffers
  }
  setConsumerListener(listener: () => void): void {
    this.listener = listener
    if (this.size() > 0) listener()
  }
  size(): number {
    return this.buffers.length + (this.error === null ? 0 : 1)
  }
  poll(): Uint8Array | null {
    const buffer = this.buffers.shift()
    if (buffer !== undefined) return buffer
    if (this.error !== null) throw this.error
    return null
  }
  peek(index: number): Uint8Array | null {
    return this.buffers[index] ?? null
  }
  fail(error: Error): void {
    this.error = error
    this.listener()
  }
}

describe('InputGate', () => {
  it('learns of buffers queued before it was created, and takes channels in turn', () => {
    const a = new LocalChannel(4)
    const b = new LocalChannel(4)
    a.push(Uint8Array.of(1))
    a.push(Uint8Array.of(2))
    b.push(Uint8Array.of(3))
    const gate = new InputGate([a, b])
    const polled: number[][] = []
    for (let buffer = gate.pollNext(); buffer !== null; buffer = gate.pollNext()) {
      polled.push([gate.lastChannel, buffer[0]!])
    }
    assert.deepStrictEqual(polled, [
      [0, 1],
      [1, 3],
      [0, 2],
    ])
  })

  it('keeps throwing the error of a failed channel', async () => {
    const channel = new ScriptedChannel([])
    const gate = new InputGate([channel])
    const available = gate.getAvailableFuture()
    channel.fail(new Error('producer gone'))
    await available
    assert.throws(() => gate.pollNext(), new Error('producer gone'))
    assert.throws(() => gate.pollNext(), new Error('producer gone'))
    assert.equal(gate.hasData(), true)
  })

  it('never polls a channel again once it finished', () => {
    const channel = new ScriptedChannel([Uint8Array.of(7)])
    const gate = new InputGate([channel])
    assert.deepStrictEqual(gate.pollNext(), Uint8Array.of(7))
    gate.finishChannel(0)
    channel.fail(new Error('released after end-of-partition'))
    assert.equal(gate.pollNext(), null)
    assert.equal(gate.hasData(), false)
    assert.equal(gate.isFinishedAll(), true)
  })
})
