// The valve's answers follow Flink's StatusWatermarkValve: the minimum over active, aligned,
// open channels; an idle channel does not hold time back; a channel that becomes active again
// counts only once it has caught up; when every channel is idle the input goes idle at the
// furthest watermark any open channel reached.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { StatusWatermarkValve } from '../../../src/runtime/task/input/status-watermark-valve.js'

function valve(channels: number): { v: StatusWatermarkValve; out: (number | string)[] } {
  const out: (number | string)[] = []
  const v = new StatusWatermarkValve(
    channels,
    (wm) => out.push(wm),
    (idle) => out.push(idle ? 'IDLE' : 'ACTIVE'),
  )
  return { v, out }
}

describe('StatusWatermarkValve', () => {
  it('emits the minimum over channels when it advances', () => {
    const { v, out } = valve(3)
    v.inputWatermark(10, 0)
    v.inputWatermark(5, 1)
    assert.deepEqual(out, [])
    v.inputWatermark(7, 2)
    v.inputWatermark(8, 1)
    v.inputWatermark(12, 2)
    v.inputWatermark(20, 1)
    assert.deepEqual(out, [5, 7, 8, 10])
  })

  it('an idle channel does not hold time back, and its watermarks are ignored while idle', () => {
    const { v, out } = valve(2)
    v.inputWatermark(10, 0)
    v.inputWatermarkStatus(true, 1)
    assert.deepEqual(out, [10])
    v.inputWatermark(3, 1)
    v.inputWatermark(15, 0)
    assert.deepEqual(out, [10, 15])
  })

  it('a channel active again counts only once it has caught up with the emitted watermark', () => {
    const { v, out } = valve(2)
    v.inputWatermarkStatus(true, 1)
    v.inputWatermark(20, 0)
    v.inputWatermarkStatus(false, 1)
    v.inputWatermark(5, 1)
    v.inputWatermark(30, 0)
    assert.deepEqual(out, [20, 30])
    v.inputWatermark(25, 1)
    v.inputWatermark(40, 0)
    assert.deepEqual(out, [20, 30, 40])
    v.inputWatermark(45, 1)
    v.inputWatermark(50, 0)
    assert.deepEqual(out, [20, 30, 40, 45])
  })

  it('all channels idle: the input goes idle at the furthest watermark, then active again', () => {
    const { v, out } = valve(2)
    v.inputWatermark(10, 0)
    v.inputWatermark(4, 1)
    v.inputWatermarkStatus(true, 0)
    assert.deepEqual(out, [4])
    v.inputWatermarkStatus(true, 1)
    assert.deepEqual(out, [4, 10, 'IDLE'])
    v.inputWatermarkStatus(false, 0)
    v.inputWatermark(12, 0)
    assert.deepEqual(out, [4, 10, 'IDLE', 'ACTIVE', 12])
  })

  it('a finished channel neither holds time back nor ends it for idle ones', () => {
    const { v, out } = valve(2)
    v.inputWatermark(3, 1)
    v.inputWatermark(Number.POSITIVE_INFINITY, 0)
    v.channelFinished(0)
    assert.deepEqual(out, [3])
    v.inputWatermarkStatus(true, 1)
    assert.deepEqual(out, [3, 'IDLE'])
  })
})
