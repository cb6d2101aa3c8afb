import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  fmix32,
  murmur3Finish,
  murmur3MixWord,
  murmurHash,
} from '../../../src/core/keys/murmur-hash.js'

// Expected values computed with Flink's MathUtils.murmurHash(int) on a JVM.
describe('murmurHash', () => {
  it("matches Flink's MathUtils.murmurHash bit for bit", () => {
    const inputs = [0, 1, -1, 2, 42, -2147483648, 2147483647, 99162322, 123456789]
    assert.deepStrictEqual(
      inputs.map(murmurHash),
      [
        593689054, 68075478, 1982413648, 1085422463, 1134849565, 1718298732, 1653689534, 1715862179,
        1088346449,
      ],
    )
  })

  it('returns 0 where the mixed value is Integer.MIN_VALUE', () => {
    assert.equal(murmurHash(-2089875627), 0)
  })

  it('reads its argument as an int32', () => {
    assert.equal(murmurHash(2 ** 32 + 1), murmurHash(1))
    assert.equal(murmurHash(2147483648), murmurHash(-2147483648))
  })
})

describe('murmur3MixWord and murmur3Finish', () => {
  it('compose to MurmurHash3 x86_32 over little-endian bytes', () => {
    assert.equal(murmur3Finish(0, 0), 0)
    // Published MurmurHash3_x86_32 vectors: "abcd" with seed 0 and with seed 0x9747b28c.
    assert.equal(murmur3Finish(murmur3MixWord(0, 0x64636261), 4) >>> 0, 0x43ed676a)
    assert.equal(murmur3Finish(murmur3MixWord(0x9747b28c, 0x64636261), 4) >>> 0, 0xf0478627)
  })

  it('fmix32 maps 0 to 0 and returns int32 values', () => {
    assert.equal(fmix32(0), 0)
    assert.equal(fmix32(1) | 0, fmix32(1))
  })
})
