// Memory sizes in configuration values: Flink's '{number}{unit}' strings ('32 kb', '64m', '1 gb'),
// read as a number of bytes. Units are binary (1 kb = 1024 bytes), as in Flink.
// Flink: org.apache.flink.configuration.MemorySize#parseBytes.
import { splitNumberAndUnit } from './duration.js'

const UNITS: readonly (readonly [number, readonly string[]])[] = [
  [1024 ** 4, ['t', 'tb', 'tebibytes']],
  [1024 ** 3, ['g', 'gb', 'gibibytes']],
  [1024 ** 2, ['m', 'mb', 'mebibytes']],
  [1024, ['k', 'kb', 'kibibytes']],
  [1, ['b', 'bytes']],
]

/**
 * Parses '{digits}{optional space}{optional unit}' into bytes; no unit means bytes. Units:
 * b|bytes, k|kb|kibibytes, m|mb|mebibytes, g|gb|gibibytes, t|tb|tebibytes. Throws an Error naming
 * what is wrong.
 */
export function parseMemorySize(text: string): number {
  const { value, unit } = splitNumberAndUnit(text)
  if (unit === '') return value
  for (const [factor, names] of UNITS) {
    if (names.includes(unit)) {
      const bytes = value * factor
      if (!Number.isSafeInteger(bytes)) throw new Error('size too large')
      return bytes
    }
  }
  throw new Error(`unknown memory unit '${unit}'; known units: b, kb, mb, gb, tb`)
}

/** The shortest exact form: 32768 → '32 kb', 1536 → '1536 bytes'. */
export function formatMemorySize(bytes: number): string {
  if (bytes !== 0) {
    for (const [factor, names] of UNITS) {
      if (factor > 1 && bytes % factor === 0) return `${bytes / factor} ${names[1]}`
    }
  }
  return `${bytes} bytes`
}
