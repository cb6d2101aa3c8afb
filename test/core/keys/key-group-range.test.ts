import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { InvalidProgramError } from '../../../src/core/errors.js'
import { KeyGroupRange } from '../../../src/core/keys/key-group-range.js'

describe('KeyGroupRange', () => {
  it('holds its inclusive bounds and counts them', () => {
    const range = KeyGroupRange.of(3, 7)
    assert.deepStrictEqual(
      [range.startKeyGroup, range.endKeyGroup, range.getNumberOfKeyGroups()],
      [3, 7, 5],
    )
    assert.deepStrictEqual(
      [2, 3, 7, 8].map((g) => range.contains(g)),
      [false, true, true, false],
    )
  })

  it('iterates its key groups in order', () => {
    assert.deepStrictEqual([...KeyGroupRange.of(5, 8)], [5, 6, 7, 8])
    assert.deepStrictEqual([...KeyGroupRange.EMPTY], [])
  })

  it('is EMPTY when built with start after end', () => {
    assert.equal(KeyGroupRange.of(4, 3), KeyGroupRange.EMPTY)
    assert.equal(KeyGroupRange.EMPTY.getNumberOfKeyGroups(), 0)
    assert.equal(KeyGroupRange.EMPTY.contains(0), false)
  })

  it('intersects with another range', () => {
    const a = KeyGroupRange.of(0, 10)
    assert.deepStrictEqual(a.getIntersection(KeyGroupRange.of(5, 20)), KeyGroupRange.of(5, 10))
    assert.deepStrictEqual(a.getIntersection(KeyGroupRange.of(10, 10)), KeyGroupRange.of(10, 10))
    assert.equal(a.getIntersection(KeyGroupRange.of(11, 20)), KeyGroupRange.EMPTY)
  })

  it('maps an index to a key group id', () => {
    assert.equal(KeyGroupRange.of(10, 12).getKeyGroupId(2), 12)
    assert.throws(() => KeyGroupRange.of(10, 12).getKeyGroupId(3), InvalidProgramError)
  })

  it('compares by value and prints like Flink', () => {
    assert.equal(KeyGroupRange.of(1, 2).equals(new KeyGroupRange(1, 2)), true)
    assert.equal(KeyGroupRange.of(1, 2).equals(KeyGroupRange.of(1, 3)), false)
    assert.equal(
      KeyGroupRange.of(0, 127).toString(),
      'KeyGroupRange{startKeyGroup=0, endKeyGroup=127}',
    )
  })

  it('rejects negative or reversed bounds', () => {
    assert.throws(() => new KeyGroupRange(-1, 3), {
      name: 'InvalidProgramError',
      message: 'Invalid key group range [-1, 3]: expected integers with 0 <= start <= end',
    })
    assert.throws(() => new KeyGroupRange(5, 2), InvalidProgramError)
    assert.throws(() => new KeyGroupRange(0.5, 2), InvalidProgramError)
  })
})
