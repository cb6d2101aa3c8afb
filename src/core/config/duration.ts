// Durations in configuration values: Flink's "{number}{unit}" strings ('10 s', '1 min', '500ms'),
// read as milliseconds, since Eddy's API takes durations as millisecond numbers (DESIGN.md §1).
// Flink: org.apache.flink.util.TimeUtils#parseDuration.

const MS_PER_UNIT: ReadonlyMap<string, number> = labels([
  [86_400_000, 'd', 'day', 'days'],
  [3_600_000, 'h', 'hour', 'hours'],
  [60_000, 'min', 'mins', 'minute', 'minutes'],
  [1000, 's', 'sec', 'secs', 'second', 'seconds'],
  [1, 'ms', 'milli', 'millis', 'millisecond', 'milliseconds'],
  [1e-3, 'µs', 'micro', 'micros', 'microsecond', 'microseconds'],
  [1e-6, 'ns', 'nano', 'nanos', 'nanosecond', 'nanoseconds'],
])

const FORMAT_UNITS: readonly (readonly [number, string])[] = [
  [86_400_000, 'd'],
  [3_600_000, 'h'],
  [60_000, 'min'],
  [1000, 's'],
]

/**
 * Parses '{digits}{optional space}{optional unit}' into milliseconds; no unit means
 * milliseconds. Units: d, h, min, s, ms, µs, ns and their long forms (day, hours, minute,
 * secs, …).
 * Throws an Error naming what is wrong.
 */
export function parseDuration(text: string): number {
  const { value, unit } = splitNumberAndUnit(text)
  if (unit === '') return value
  const factor = MS_PER_UNIT.get(unit)
  if (factor === undefined) {
    throw new Error(`unknown time unit '${unit}'; known units: d, h, min, s, ms, µs, ns`)
  }
  return value * factor
}

/** The shortest exact form: 90_000 → '90 s', 3_600_000 → '1 h', 250 → '250 ms'. */
export function formatDuration(ms: number): string {
  if (ms !== 0 && Number.isInteger(ms)) {
    for (const [factor, unit] of FORMAT_UNITS) {
      if (ms % factor === 0) return `${ms / factor} ${unit}`
    }
  }
  return `${ms} ms`
}

/** Splits Flink's '{digits}{unit}' form; shared by durations and memory sizes. */
export function splitNumberAndUnit(text: string): { value: number; unit: string } {
  const trimmed = text.trim()
  if (trimmed === '') throw new Error('empty value')
  let pos = 0
  while (pos < trimmed.length && trimmed.charCodeAt(pos) >= 48 && trimmed.charCodeAt(pos) <= 57) {
    pos++
  }
  if (pos === 0) throw new Error('does not start with a number')
  const value = Number(trimmed.slice(0, pos))
  if (!Number.isSafeInteger(value)) throw new Error('number too large')
  return { value, unit: trimmed.slice(pos).trim().toLowerCase() }
}

function labels(rows: readonly (readonly [number, ...string[]])[]): ReadonlyMap<string, number> {
  const map = new Map<string, number>()
  for (const [factor, ...names] of rows) for (const name of names) map.set(name, factor)
  return map
}
