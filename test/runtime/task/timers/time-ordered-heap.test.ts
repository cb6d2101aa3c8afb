import { test } from 'node:test'
import assert from 'node:assert/strict'
import { TimeOrderedHeap } from '../../../../src/runtime/task/timers/time-ordered-heap.js'
import { seededRandom } from '../../windowing/support.js'

test('values come out by time, then sequence, through pushes, pops and retains', () => {
  const random = seededRandom(7)
  const heap = new TimeOrderedHeap<string>()
  let reference: { time: number; seq: number; value: string }[] = []
  const out: string[] = []
  const expected: string[] = []
  let seq = 0
  for (let step = 0; step < 4000; step++) {
    const op = random(20)
    if (op < 12) {
      const time = random(40)
      const value = `v${seq}`
      heap.push(time, seq, value)
      reference.push({ time, seq: seq++, value })
    } else if (op < 19) {
      reference.sort((a, b) => a.time - b.time || a.seq - b.seq)
      const want = reference.shift()
      expected.push(want?.value ?? '-')
      out.push(heap.peek() ?? '-')
      if (want !== undefined) heap.pop()
    } else {
      const keep = (v: string): boolean => Number(v.slice(1)) % 3 !== 0
      heap.retain(keep)
      reference = reference.filter((r) => keep(r.value))
    }
    assert.equal(heap.size(), reference.length)
  }
  assert.deepEqual(out, expected)
})
