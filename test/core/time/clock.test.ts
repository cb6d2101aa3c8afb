import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { type Clock, ManualClock, SystemClock } from '../../../src/core/time/clock.js'

describe('SystemClock', () => {
  it('is one shared instance reading the real clocks', () => {
    const clock: Clock = SystemClock.INSTANCE
    assert.equal(SystemClock.INSTANCE, clock)
    const before = Date.now()
    const now = clock.now()
    assert.ok(now >= before && now <= Date.now())
  })

  it('has a monotonic nanoTime in milliseconds', () => {
    const a = SystemClock.INSTANCE.nanoTime()
    const b = SystemClock.INSTANCE.nanoTime()
    assert.ok(b >= a)
    assert.ok(Math.abs(a - performance.now()) < 1000)
  })
})

describe('ManualClock', () => {
  it('moves only when told to', () => {
    const clock = new ManualClock(1000)
    assert.deepStrictEqual([clock.now(), clock.nanoTime()], [1000, 0])
    clock.advanceTime(250)
    assert.deepStrictEqual([clock.now(), clock.nanoTime()], [1250, 250])
  })

  it('sets the wall clock, keeping nanoTime monotonic when it moves back', () => {
    const clock = new ManualClock()
    clock.setTime(500)
    assert.deepStrictEqual([clock.now(), clock.nanoTime()], [500, 500])
    clock.setTime(100)
    assert.deepStrictEqual([clock.now(), clock.nanoTime()], [100, 500])
    clock.advanceTime(10)
    assert.deepStrictEqual([clock.now(), clock.nanoTime()], [110, 510])
  })

  it('refuses to advance backwards', () => {
    assert.throws(() => new ManualClock().advanceTime(-1), {
      name: 'InvalidProgramError',
      message: 'ManualClock cannot advance by -1 ms: time only moves forward',
    })
    assert.throws(() => new ManualClock().advanceTime(NaN), { name: 'InvalidProgramError' })
  })
})
