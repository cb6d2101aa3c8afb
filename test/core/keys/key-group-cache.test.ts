import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { KeyGroupCache } from '../../../src/core/keys/key-group-cache.js'
import { assignToKeyGroup } from '../../../src/core/keys/key-group-range-assignment.js'
import { InvalidKeyError } from '../../../src/core/keys/invalid-key-error.js'

describe('KeyGroupCache', () => {
  it('gives every key the key group assignToKeyGroup computes, on a miss and on a hit', () => {
    const keys: unknown[] = ['a', 'key-17', '', '\u0000x', 1, 1.5, -0, 0, NaN, 2 ** 60, [1, 'a']]
    keys.push({ id: 3 }, null, true, 10n)
    const cache = new KeyGroupCache(128, 4)
    const expected = keys.map((k) => assignToKeyGroup(k, 128))
    // Twice over: the second pass hits for the keys the small cache still holds.
    assert.deepStrictEqual(
      keys.map((k) => cache.keyGroupOf(k)),
      expected,
    )
    assert.deepStrictEqual(
      keys.map((k) => cache.keyGroupOf(k)),
      expected,
    )
    assert.equal(cache.keyGroupOf(-0), assignToKeyGroup(0, 128))
    assert.equal(cache.keyGroupOf('1') === cache.keyGroupOf(1), false)
  })

  it('uses the max parallelism it was made for', () => {
    const cache = new KeyGroupCache(1000)
    for (let i = 0; i < 200; i++)
      assert.equal(cache.keyGroupOf(`k${i}`), assignToKeyGroup(`k${i}`, 1000))
  })

  it('throws InvalidKeyError for keys without a canonical form, as hashKey does', () => {
    const cache = new KeyGroupCache(128)
    assert.throws(() => cache.keyGroupOf(undefined), InvalidKeyError)
    assert.throws(() => cache.keyGroupOf(new Map()), InvalidKeyError)
  })

  it('switches itself off after filling with keys that do not repeat, and back on later', () => {
    const cache = new KeyGroupCache(128, 8)
    // 8 distinct keys fill it; the 9th starts it over with no hits: off for 64 * 8 lookups.
    for (let i = 0; i < 9; i++) cache.keyGroupOf(i)
    assert.equal(cache.isCaching(), false)
    for (let i = 0; i < 64 * 8 - 1; i++) cache.keyGroupOf(i % 3)
    assert.equal(cache.isCaching(), false)
    cache.keyGroupOf(0)
    assert.equal(cache.isCaching(), true)
    assert.equal(cache.keyGroupOf(42), assignToKeyGroup(42, 128))
  })

  it('stays on when keys repeat more often than not, even past its capacity', () => {
    const cache = new KeyGroupCache(128, 16)
    // 6 hot keys, and a new key every 8th record: it fills and starts over every 80 records, with
    // 16 misses and about 74 hits each time.
    for (let i = 0; i < 1000; i++) {
      cache.keyGroupOf(i % 6)
      if (i % 8 === 0) cache.keyGroupOf(1000 + i)
      assert.equal(cache.isCaching(), true, `off after record ${i}`)
    }
  })
})
