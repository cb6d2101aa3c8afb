// Prices in cents, log-uniform from $1 to $1 000 000, and the reference's bounded long draw.
// Flink (nexmark): com.github.nexmark.flink.generator.model.PriceGenerator, LongGenerator.
import type { JavaRandom } from './java-random.js'

/** A price in cents: round(10^(6 * nextDouble()) * 100). */
export function nextPrice(random: JavaRandom): number {
  return Math.round(Math.pow(10.0, random.nextDouble() * 6.0) * 100.0)
}

const INT_MAX = 0x7fffffff

/**
 * A number in [0, n): `nextInt(n)` below Java's int max, and otherwise the reference's skewed
 * `|nextLong() % n|` (rare: only for huge configured counts or very slow event rates).
 */
export function nextLong(random: JavaRandom, n: number): number {
  if (n < INT_MAX) return random.nextInt(n)
  const r = random.nextLong() % BigInt(n)
  return Number(r < 0n ? -r : r)
}
