// Random strings for names, descriptions, URLs and the `extra` padding, drawing from the event's
// JavaRandom exactly as the reference draws from its random. Padding is cut from one shared 1 MiB
// string, as the reference does since 2024, so a bid costs one draw and a V8 slice, not a copy.
// Flink (nexmark): com.github.nexmark.flink.generator.model.StringsGenerator.
import { JavaRandom } from './java-random.js'

const MIN_STRING_LENGTH = 3
const REUSABLE_EXTRA_LENGTH = 1024 * 1024
/**
 * Seeds the shared padding string. The reference seeds it from an unseeded SplittableRandom, so
 * its padding differs from run to run; a fixed seed keeps Eddy's events reproducible.
 */
const REUSABLE_EXTRA_SEED = 0x41524b

const CHAR_A = 97
/** 'a'..'z' as one-character strings. */
const LETTERS: readonly string[] = Array.from({ length: 26 }, (_, i) =>
  String.fromCharCode(CHAR_A + i),
)

let reusableExtra: string | undefined

/** The shared padding source, built on first use (about 175 000 draws). */
function reusableExtraString(): string {
  if (reusableExtra === undefined) {
    const random = new JavaRandom(REUSABLE_EXTRA_SEED)
    const bytes = new Uint8Array(REUSABLE_EXTRA_LENGTH)
    fillExactString(random, bytes, REUSABLE_EXTRA_LENGTH)
    reusableExtra = new TextDecoder().decode(bytes)
  }
  return reusableExtra
}

/** Builds the shared padding string now rather than on the first event that needs it. */
export function initializeStringsGenerator(): void {
  reusableExtraString()
}

/**
 * A string of 3 to maxLength - 1 characters, each `special` with probability 1/13 and otherwise
 * a lowercase letter, trimmed of spaces at both ends (Java's String.trim).
 */
export function nextString(random: JavaRandom, maxLength: number, special = ' '): string {
  let len = MIN_STRING_LENGTH + random.nextInt(maxLength - MIN_STRING_LENGTH)
  let s = ''
  while (len-- > 0) {
    s += random.nextInt(13) === 0 ? special : LETTERS[random.nextInt(26)]!
  }
  return s.trim()
}

/**
 * Java's character loop: six characters per nextInt(), each 'a' + rnd % 26 with Java's signed
 * remainder, so negative draws give the characters 'H'..'`' as well.
 */
function fillExactString(random: JavaRandom, out: Uint8Array, length: number): void {
  let rnd = 0
  let n = 0
  for (let i = 0; i < length; i++) {
    if (n === 0) {
      rnd = random.nextInt()
      n = 6
    }
    out[i] = CHAR_A + (rnd % 26)
    rnd = (rnd / 26) | 0
    n--
  }
}

/** A random string of exactly `length` characters. */
export function nextExactString(random: JavaRandom, length: number): string {
  const source = reusableExtraString()
  if (length < source.length / 2) {
    const offset = random.nextInt(source.length - length)
    return source.substring(offset, offset + length)
  }
  const bytes = new Uint8Array(length)
  fillExactString(random, bytes, length)
  return new TextDecoder().decode(bytes)
}

/**
 * Padding such that `currentSize` plus its length averages `desiredAverageSize`: uniform within
 * ±20% of the missing size, empty when the event is already larger.
 */
export function nextExtra(
  random: JavaRandom,
  currentSize: number,
  desiredAverageSize: number,
): string {
  if (currentSize > desiredAverageSize) return ''
  const missing = desiredAverageSize - currentSize
  const delta = Math.round(missing * 0.2)
  const minSize = missing - delta
  const size = minSize + (delta === 0 ? 0 : random.nextInt(2 * delta))
  return nextExactString(random, size)
}
