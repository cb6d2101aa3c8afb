import { test } from 'node:test'
import assert from 'node:assert/strict'
import { Configuration } from '../../../src/index.js'
import {
  ExponentialDelayRestartBackoffTimeStrategy,
  createRestartBackoffTimeStrategy,
  mayRestartAfter,
} from '../../../src/runtime/scheduler/restart-backoff-time-strategy.js'
import { EddyError } from '../../../src/core/errors.js'

const strategy = (map: Record<string, unknown>) =>
  createRestartBackoffTimeStrategy(Configuration.fromMap(map))

test('unset: no restarts without checkpointing, exponential-delay with it (as Flink)', () => {
  const none = strategy({})
  none.notifyFailure(0)
  assert.equal(none.canRestart(), false)
  assert.equal(none.toString(), 'NoRestartBackoffTimeStrategy')
  assert.match(
    strategy({ 'execution.checkpointing.interval': '1 s' }).toString(),
    /^ExponentialDelayRestartBackoffTimeStrategy\(initialBackoffMS=1000, maxBackoffMS=60000, backoffMultiplier=1.5/,
  )
})

test('fixed-delay restarts `attempts` times with its delay', () => {
  const s = strategy({
    'restart-strategy.type': 'fixed-delay',
    'restart-strategy.fixed-delay.attempts': 2,
    'restart-strategy.fixed-delay.delay': '50 ms',
  })
  const seen: [boolean, number][] = []
  for (let i = 0; i < 3; i++) {
    s.notifyFailure(i)
    seen.push([s.canRestart(), s.getBackoffTime()])
  }
  assert.deepEqual(seen, [
    [true, 50],
    [true, 50],
    [false, 50],
  ])
})

test('failure-rate tolerates max failures per interval, counting only recent ones', () => {
  const s = strategy({
    'restart-strategy.type': 'failure-rate',
    'restart-strategy.failure-rate.max-failures-per-interval': 2,
    'restart-strategy.failure-rate.failure-rate-interval': '10 s',
    'restart-strategy.failure-rate.delay': '5 ms',
  })
  const at = (now: number): boolean => {
    s.notifyFailure(now)
    return s.canRestart()
  }
  assert.deepEqual(
    [at(0), at(1000), at(2000), at(30_000), at(31_000)],
    [true, true, false, true, true],
  )
  assert.equal(s.getBackoffTime(), 5)
})

test('exponential-delay multiplies the delay up to its maximum and resets after a quiet time', () => {
  const s = new ExponentialDelayRestartBackoffTimeStrategy({
    initialBackoffMs: 100,
    maxBackoffMs: 500,
    multiplier: 2,
    resetThresholdMs: 10_000,
    jitterFactor: 0.1,
    attemptsBeforeReset: 4,
    random: () => 0.5, // no jitter
  })
  const delays: number[] = []
  for (const now of [0, 1, 2, 3]) {
    s.notifyFailure(now)
    delays.push(s.getBackoffTime())
  }
  assert.deepEqual(delays, [100, 200, 400, 500])
  assert.equal(s.canRestart(), true)
  s.notifyFailure(4)
  assert.equal(s.canRestart(), false)
  s.notifyFailure(20_000)
  assert.deepEqual([s.canRestart(), s.getBackoffTime()], [true, 100])
})

test('a NonRecoverableError never restarts, and does not use up an attempt', () => {
  const s = strategy({
    'restart-strategy.type': 'fixed-delay',
    'restart-strategy.fixed-delay.attempts': 1,
  })
  const fatal = new EddyError('no slots', {
    code: 'slot.timeout',
    failureType: 'NonRecoverableError',
  })
  assert.deepEqual(
    [
      mayRestartAfter(s, fatal, 0),
      mayRestartAfter(s, new Error('a task failed'), 1),
      mayRestartAfter(s, new Error('a task failed again'), 2),
      mayRestartAfter(undefined, new Error('no strategy'), 3),
    ],
    [false, true, false, false],
  )
})
