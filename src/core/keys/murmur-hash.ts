// 32-bit MurmurHash3 pieces on int32 numbers (Math.imul, no allocation): Flink's murmurHash(int),
// which spreads key hashes over key groups, and an incremental form over 32-bit words that
// `hashKey` feeds a key's canonical form through.
// Flink: org.apache.flink.util.MathUtils#murmurHash.

const C1 = 0xcc9e2d51
const C2 = 0x1b873593
const INT_MIN = -2147483648

/**
 * Flink's `MathUtils.murmurHash(int)`, bit for bit: MurmurHash3 x86_32 of the four
 * little-endian bytes of `code` with seed 0, made non-negative (`-h`, and 0 for
 * `Integer.MIN_VALUE`).
 * `code` is read as an int32 (ToInt32).
 */
export function murmurHash(code: number): number {
  const h = murmur3Finish(murmur3MixWord(0, code), 4)
  if (h >= 0) return h
  return h === INT_MIN ? 0 : -h
}

/**
 * Mixes one 32-bit word (read as int32, i.e. four little-endian bytes) into the running hash `h`
 * and returns the new hash. Start with a seed (Eddy uses 0) and end with `murmur3Finish`.
 */
export function murmur3MixWord(h: number, word: number): number {
  let k = Math.imul(word, C1)
  k = (k << 15) | (k >>> 17)
  k = Math.imul(k, C2)
  h ^= k
  h = (h << 13) | (h >>> 19)
  return (Math.imul(h, 5) + 0xe6546b64) | 0
}

/** Ends a hash over `byteLength` bytes: length mix plus the avalanche step. Returns an int32. */
export function murmur3Finish(h: number, byteLength: number): number {
  return fmix32(h ^ byteLength)
}

/** MurmurHash3's avalanche step (every input bit affects every output bit). */
export function fmix32(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return h ^ (h >>> 16)
}
