import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  assignKeyToParallelOperator,
  assignToKeyGroup,
  checkParallelismPreconditions,
  computeDefaultMaxParallelism,
  computeKeyGroupForKeyHash,
  computeKeyGroupRangeForOperatorIndex,
  computeOperatorIndexForKeyGroup,
  DEFAULT_LOWER_BOUND_MAX_PARALLELISM,
  UPPER_BOUND_MAX_PARALLELISM,
} from '../../../src/core/keys/key-group-range-assignment.js'
import { KeyGroupRange } from '../../../src/core/keys/key-group-range.js'
import { hashKey } from '../../../src/core/keys/key-hash.js'

describe('KeyGroupRangeAssignment', () => {
  it('has Flink bounds', () => {
    assert.deepStrictEqual(
      [DEFAULT_LOWER_BOUND_MAX_PARALLELISM, UPPER_BOUND_MAX_PARALLELISM],
      [128, 32768],
    )
  })

  it('computes the default max parallelism as Flink does', () => {
    // min(max(roundUpToPowerOfTwo(p + p / 2), 128), 32768), values checked on a JVM.
    const ps = [1, 2, 85, 86, 100, 1000, 21845, 30000, 32768]
    assert.deepStrictEqual(
      ps.map(computeDefaultMaxParallelism),
      [128, 128, 128, 256, 256, 2048, 32768, 32768, 32768],
    )
  })

  it('spreads key hashes with murmurHash modulo max parallelism', () => {
    // murmurHash(0) = 593689054, murmurHash(1) = 68075478, murmurHash(-1) = 1982413648
    assert.deepStrictEqual(
      [0, 1, -1, 42].map((h) => computeKeyGroupForKeyHash(h, 128)),
      [94, 86, 80, 29],
    )
  })

  it('gives Flink key group ranges for parallelism 3 of 128', () => {
    assert.deepStrictEqual(
      [0, 1, 2].map((i) => computeKeyGroupRangeForOperatorIndex(128, 3, i)),
      [KeyGroupRange.of(0, 42), KeyGroupRange.of(43, 85), KeyGroupRange.of(86, 127)],
    )
  })

  for (const [maxParallelism, parallelism] of [
    [128, 1],
    [128, 3],
    [128, 7],
    [128, 128],
    [256, 100],
    [4096, 13],
    [32768, 999],
  ] as const) {
    it(`covers [0, ${maxParallelism}) without gaps for parallelism ${parallelism}, consistent with operator indexes`, () => {
      let next = 0
      for (let i = 0; i < parallelism; i++) {
        const range = computeKeyGroupRangeForOperatorIndex(maxParallelism, parallelism, i)
        assert.equal(range.startKeyGroup, next)
        for (const keyGroup of range) {
          assert.equal(computeOperatorIndexForKeyGroup(maxParallelism, parallelism, keyGroup), i)
        }
        next = range.endKeyGroup + 1
      }
      assert.equal(next, maxParallelism)
    })
  }

  it('routes a key to the operator whose range holds its key group', () => {
    for (const key of ['a', 'b', 1, 2.5, [1, 'x'], { user: 'u7' }]) {
      const keyGroup = assignToKeyGroup(key, 128)
      assert.equal(keyGroup, computeKeyGroupForKeyHash(hashKey(key), 128))
      const index = assignKeyToParallelOperator(key, 128, 5)
      assert.equal(computeKeyGroupRangeForOperatorIndex(128, 5, index).contains(keyGroup), true)
    }
  })

  it('rejects parallelisms out of bounds with InvalidProgramError', () => {
    assert.throws(() => checkParallelismPreconditions(0), {
      name: 'InvalidProgramError',
      message: 'Operator parallelism not within bounds: 0 (must be an integer in [1, 32768])',
    })
    assert.throws(() => checkParallelismPreconditions(32769), { name: 'InvalidProgramError' })
    assert.throws(() => checkParallelismPreconditions(1.5), { name: 'InvalidProgramError' })
    assert.throws(() => computeDefaultMaxParallelism(-1), { name: 'InvalidProgramError' })
    assert.throws(() => computeKeyGroupForKeyHash(1, 0), {
      name: 'InvalidProgramError',
      message: 'Max parallelism not within bounds: 0 (must be an integer in [1, 32768])',
    })
    assert.throws(() => computeKeyGroupRangeForOperatorIndex(4, 8, 0), {
      name: 'InvalidProgramError',
      message: 'Maximum parallelism (4) must not be smaller than parallelism (8)',
    })
    assert.throws(() => computeKeyGroupRangeForOperatorIndex(128, 4, 4), {
      name: 'InvalidProgramError',
      message: 'Operator index 4 is not within [0, 3] for parallelism 4',
    })
    assert.throws(() => computeOperatorIndexForKeyGroup(128, 0, 5), { name: 'InvalidProgramError' })
    assert.throws(() => assignKeyToParallelOperator('k', 64, 65), { name: 'InvalidProgramError' })
  })
})
