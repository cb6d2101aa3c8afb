// java.util.Random, bit for bit: the 48-bit linear congruential generator of the JDK, so that a
// seed gives the numbers it gives on the JVM. The state is two 24-bit halves updated with Int32
// arithmetic, without BigInt, because the Nexmark generator reseeds and draws from it for every
// event. Only `nextLong` uses BigInt (Nexmark needs it only for bounds of 2^31 and more).
// Java: java.util.Random (JDK 17: setSeed, next, nextInt, nextInt(bound), nextLong, nextDouble).

const TWO_24 = 0x1000000
const TWO_48 = 0x1000000000000
/** The multiplier 0x5DEECE66D, as its bits 24..34 and its low 24 bits. */
const MUL_HI = 0x5de
const MUL_LO = 0xece66d
/** MUL_LO's 12-bit halves. */
const MUL_LO_1 = MUL_LO >>> 12
const MUL_LO_0 = MUL_LO & 0xfff
const ADDEND = 0xb

/**
 * A `java.util.Random`: the same seed yields the same `nextInt`, `nextInt(bound)`, `nextLong`
 * and `nextDouble` values as on the JVM. Mutable: one instance per user.
 *
 * @public
 * @example
 * const random = new JavaRandom(42)
 * random.nextInt() // -1170105035, as new java.util.Random(42).nextInt()
 */
export class JavaRandom {
  /** Bits 24..47 of the state. */
  private hi: number
  /** Bits 0..23 of the state. */
  private lo: number

  /** `seed` is a Java long given as a safe integer; only its low 48 bits matter, as in Java. */
  constructor(seed: number) {
    this.hi = 0
    this.lo = 0
    this.setSeed(seed)
  }

  /** Resets the state as `new Random(seed)` sets it: `(seed ^ 0x5DEECE66D) & (2^48 - 1)`. */
  setSeed(seed: number): void {
    if (seed >>> 0 === seed) {
      // Below 2^32 (every event id for a long while): int ops, no floating-point remainder.
      this.lo = (seed & 0xffffff) ^ MUL_LO
      this.hi = (seed >>> 24) ^ MUL_HI
      return
    }
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(`A JavaRandom seed must be a safe integer, got ${seed}`)
    }
    let s = seed % TWO_48
    if (s < 0) s += TWO_48
    const lo = s % TWO_24
    this.lo = lo ^ MUL_LO
    this.hi = ((s - lo) / TWO_24) ^ MUL_HI
  }

  /** One LCG step: state = (state * 0x5DEECE66D + 0xB) mod 2^48. */
  private step(): void {
    // Int32 arithmetic only (twice as fast as doubles; bench: a loop of nextInt(13) draws). The low
    // half's product is split into 12-bit limbs so that every partial sum fits an int.
    const lo = this.lo
    const lo1 = lo >>> 12
    const lo0 = lo & 0xfff
    const mid = lo1 * MUL_LO_0 + lo0 * MUL_LO_1
    const low = lo0 * MUL_LO_0 + ((mid & 0xfff) << 12) + ADDEND
    this.lo = low & 0xffffff
    const carry = lo1 * MUL_LO_1 + (mid >>> 12) + (low >>> 24)
    // Only the high half's low 24 bits survive, so products mod 2^32 (Math.imul) are enough.
    this.hi = (Math.imul(this.hi, MUL_LO) + Math.imul(lo, MUL_HI) + carry) & 0xffffff
  }

  /** Java's `next(31)`: the top 31 bits of the new state, in [0, 2^31). */
  private next31(): number {
    this.step()
    return (this.hi << 7) | (this.lo >>> 17)
  }

  /** A uniformly distributed int32, as `Random.nextInt()`. */
  nextInt(): number
  /** An int in [0, bound), as `Random.nextInt(bound)` (bound a positive int32). */
  nextInt(bound: number): number
  nextInt(bound?: number): number {
    if (bound === undefined) {
      this.step()
      return (this.hi << 8) | (this.lo >>> 16)
    }
    if (!(bound > 0 && bound <= 0x7fffffff) || (bound | 0) !== bound) {
      throw new RangeError(`bound must be a positive int32, got ${bound}`)
    }
    let r = this.next31()
    const m = bound - 1
    if ((bound & m) === 0) {
      // A power of two: the top bits, as Java's (int) ((bound * (long) r) >> 31). Exact here,
      // since multiplying by a power of two is.
      return Math.floor((r * bound) / 0x80000000)
    }
    // Rejection as Java: retry while u - r + m overflows an int.
    let u = r
    while (((u - (r = u % bound) + m) | 0) < 0) u = this.next31()
    return r
  }

  /** A uniformly distributed int64, as `Random.nextLong()`. */
  nextLong(): bigint {
    const high = this.nextInt()
    const low = this.nextInt()
    return BigInt.asIntN(64, (BigInt(high) << 32n) + BigInt(low))
  }

  /** A double in [0, 1) with 53 random bits, as `Random.nextDouble()`. */
  nextDouble(): number {
    this.step()
    const a = (this.hi << 2) | (this.lo >>> 22) // next(26)
    this.step()
    const b = (this.hi << 3) | (this.lo >>> 21) // next(27)
    return (a * 0x8000000 + b) / 0x20000000000000
  }
}
