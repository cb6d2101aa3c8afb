import { test } from 'node:test'
import assert from 'node:assert/strict'
import { KeyGroupedTimerQueue } from '../../../../src/runtime/task/timers/key-grouped-timer-queue.js'
import { KeyGroupRange } from '../../../../src/core/keys/key-group-range.js'

type Timer = [timestamp: number, key: string, namespace: string]

function drain(queue: KeyGroupedTimerQueue<string>): Timer[] {
  const out: Timer[] = []
  for (let t = queue.poll(); t !== undefined; t = queue.poll())
    out.push([t.timestamp, t.key as string, t.namespace])
  return out
}

test('timers fire in time order, then registration order, across key groups', () => {
  const queue = new KeyGroupedTimerQueue<string>(KeyGroupRange.of(4, 7))
  queue.add('a', 'w', 30, 'a', 'w', 4)
  queue.add('b', 'w', 10, 'b', 'w', 7)
  queue.add('c', 'w', 20, 'c', 'w', 5)
  queue.add('d', 'w', 10, 'd', 'w', 4)
  queue.add('e', 'w', 20, 'e', 'w', 7)
  assert.equal(queue.size(), 5)
  assert.deepEqual(drain(queue), [
    [10, 'b', 'w'],
    [10, 'd', 'w'],
    [20, 'c', 'w'],
    [20, 'e', 'w'],
    [30, 'a', 'w'],
  ])
  assert.equal(queue.size(), 0)
})

test('a timer that exists is not added twice, and removal takes it out at once', () => {
  const queue = new KeyGroupedTimerQueue<string>(KeyGroupRange.of(0, 1))
  queue.add('a', 'w1', 10, 'a', 'w1', 0)
  queue.add('a', 'w1', 10, 'a', 'w1', 0)
  queue.add('a', 'w2', 10, 'a', 'w2', 0)
  queue.add('b', 'w1', 5, 'b', 'w1', 1)
  assert.equal(queue.size(), 3)
  queue.remove(5, 'b', 'w1', 1)
  queue.remove(5, 'b', 'w1', 1)
  queue.remove(99, 'a', 'w1', 0)
  assert.equal(queue.size(), 2)
  assert.deepEqual(queue.peek()?.timestamp, 10)
  assert.deepEqual(queue.timersOfKeyGroup(1), [])
  assert.deepEqual(drain(queue), [
    [10, 'a', 'w1'],
    [10, 'a', 'w2'],
  ])
})

test('timers are listed per key group for snapshots', () => {
  const queue = new KeyGroupedTimerQueue<string>(KeyGroupRange.of(0, 2))
  queue.add('a', 'w', 3, 'a', 'w', 0)
  queue.add('b', 'w', 1, 'b', 'w', 2)
  queue.add('c', 'w', 2, 'c', 'w', 0)
  const listed = (kg: number): Timer[] =>
    queue
      .timersOfKeyGroup(kg)
      .map((t): Timer => [t.timestamp, t.key as string, t.namespace])
      .sort((x, y) => x[0] - y[0])
  assert.deepEqual(listed(0), [
    [2, 'c', 'w'],
    [3, 'a', 'w'],
  ])
  assert.deepEqual(listed(1), [])
  assert.deepEqual(listed(2), [[1, 'b', 'w']])
  assert.throws(
    () => queue.timersOfKeyGroup(3),
    /key group 3 outside .*startKeyGroup=0, endKeyGroup=2/,
  )
  assert.throws(() => queue.add('x', 'w', 1, 'x', 'w', -1), /key group -1 outside/)
})

test('random adds, removes and polls agree with a sorted list', () => {
  let seed = 42
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n
  }
  const queue = new KeyGroupedTimerQueue<string>(KeyGroupRange.of(0, 7))
  let reference: { t: number; key: string; kg: number; seq: number }[] = []
  let seq = 0
  const polled: number[][] = []
  const expected: number[][] = []
  for (let step = 0; step < 5000; step++) {
    const op = random(10)
    const t = random(50)
    const key = `k${random(20)}`
    const kg = Number(key.slice(1)) % 8
    if (op < 5) {
      queue.add(key, 'w', t, key, 'w', kg)
      if (!reference.some((r) => r.t === t && r.key === key))
        reference.push({ t, key, kg, seq: seq++ })
    } else if (op < 8) {
      queue.remove(t, key, 'w', kg)
      reference = reference.filter((r) => !(r.t === t && r.key === key))
    } else {
      const got = queue.poll()
      reference.sort((a, b) => a.t - b.t || a.seq - b.seq)
      const want = reference.shift()
      polled.push(got === undefined ? [] : [got.timestamp, Number((got.key as string).slice(1))])
      expected.push(want === undefined ? [] : [want.t, Number(want.key.slice(1))])
    }
    assert.equal(queue.size(), reference.length)
  }
  assert.deepEqual(polled, expected)
})

test('timers of one time added apart (other times in between) still fire in registration order', () => {
  const queue = new KeyGroupedTimerQueue<string>(KeyGroupRange.of(0, 3))
  // More distinct times than the queue remembers recent lists for, interleaved with time 100.
  for (let i = 0; i < 40; i++) {
    queue.add(`k${i}`, 'w', 100, `k${i}`, 'w', i % 4)
    queue.add(`k${i}`, 'w', 1000 + i * 16, `k${i}`, 'w', i % 4)
  }
  queue.remove(100, 'k0', 'w', 0)
  queue.remove(100, 'k39', 'w', 3)
  queue.remove(100, 'k20', 'w', 0)
  const fired: string[] = []
  for (let t = queue.poll(); t !== undefined && t.timestamp === 100; t = queue.poll())
    fired.push(t.key as string)
  const expected = Array.from({ length: 40 }, (_, i) => `k${i}`).filter(
    (k) => k !== 'k0' && k !== 'k39' && k !== 'k20',
  )
  assert.deepEqual(fired, expected)
  assert.equal(queue.size(), 39)
})

test('lists emptied by removal below the top are dropped once they crowd the heap', () => {
  const queue = new KeyGroupedTimerQueue<string>(KeyGroupRange.of(0, 3))
  // One key moves its timer ahead on every step (the removed time's list empties in the middle
  // of the heap), beside timers of other keys that stay.
  for (let i = 0; i < 3000; i++) {
    queue.add(`s${i}`, 'w', 1_000_000 + i, `s${i}`, 'w', i % 4)
    if (i > 0) queue.remove(5000 + i - 1, 'mover', 'w', 1)
    queue.add('mover', 'w', 5000 + i, 'mover', 'w', 1)
  }
  assert.equal(queue.size(), 3001)
  // Without dropping, 2999 emptied lists would remain.
  assert.ok(queue.queuedLists() <= 3001 + 1024, `${queue.queuedLists()} lists queued`)
  const fired: number[] = []
  for (let t = queue.poll(); t !== undefined; t = queue.poll()) fired.push(t.timestamp)
  assert.deepEqual(fired, [7999, ...Array.from({ length: 3000 }, (_, i) => 1_000_000 + i)])
  assert.equal(queue.queuedLists(), 0)
})

test('a list emptied below the top is skipped when it reaches the top', () => {
  const queue = new KeyGroupedTimerQueue<string>(KeyGroupRange.of(0, 0))
  queue.add('a', 'w', 10, 'a', 'w', 0)
  queue.add('b', 'w', 20, 'b', 'w', 0)
  queue.add('c', 'w', 30, 'c', 'w', 0)
  queue.remove(20, 'b', 'w', 0)
  assert.equal(queue.queuedLists(), 3)
  assert.equal(queue.poll()?.key, 'a')
  assert.equal(queue.peek()?.key, 'c')
  assert.equal(queue.queuedLists(), 1)
  // The time of the emptied list gets a list of its own again.
  queue.add('b', 'w', 20, 'b', 'w', 0)
  assert.deepEqual(drain(queue), [
    [20, 'b', 'w'],
    [30, 'c', 'w'],
  ])
})
