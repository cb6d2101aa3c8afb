// The value types a ConfigOption can have, each a parser of what users write (YAML scalars and
// lists, `-D` strings, typed values) plus a formatter. Parsers throw an Error whose message is the
// reason; ConfigOption wraps it into a ConfigError naming the key.
// Flink: org.apache.flink.configuration.ConfigurationUtils#convertValue.
import { parse as parseYaml } from 'yaml'
import type { z } from 'zod'
import type { ConfigOptionType } from './config-option.js'
import { formatDuration, parseDuration } from './duration.js'
import { formatMemorySize, parseMemorySize } from './memory-size.js'

const INT_PATTERN = /^\s*[+-]?\d+\s*$/
const MIN_INT = -2147483648
const MAX_INT = 2147483647

const INT: ConfigOptionType<number> = {
  name: 'Integer',
  expected: `an integer between ${MIN_INT} and ${MAX_INT}`,
  parse(raw) {
    const n = toInteger(raw)
    if (n < MIN_INT || n > MAX_INT) throw new Error('out of the 32-bit integer range')
    return n
  },
  format: String,
}

const LONG: ConfigOptionType<number> = {
  name: 'Long',
  expected: 'an integer',
  parse(raw) {
    const n = toInteger(raw)
    if (!Number.isSafeInteger(n))
      throw new Error('beyond ±2^53, which a number cannot hold exactly')
    return n
  },
  format: String,
}

const DOUBLE: ConfigOptionType<number> = {
  name: 'Double',
  expected: 'a number',
  parse(raw) {
    const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw
    if (typeof n !== 'number' || !Number.isFinite(n)) throw new Error('')
    return n
  },
  format: String,
}

const BOOLEAN: ConfigOptionType<boolean> = {
  name: 'Boolean',
  expected: 'true or false',
  parse(raw) {
    if (typeof raw === 'boolean') return raw
    const text = typeof raw === 'string' ? raw.trim().toLowerCase() : undefined
    if (text === 'true') return true
    if (text === 'false') return false
    throw new Error('')
  },
  format: String,
}

const STRING: ConfigOptionType<string> = {
  name: 'String',
  expected: 'a string',
  parse(raw) {
    // YAML reads `pipeline.name: 2024` as a number; the user meant the text.
    if (typeof raw === 'string') return raw
    if (typeof raw === 'number' || typeof raw === 'boolean' || typeof raw === 'bigint') {
      return String(raw)
    }
    throw new Error('')
  },
  format: (value) => value,
}

const DURATION: ConfigOptionType<number> = {
  name: 'Duration',
  expected:
    'a duration: milliseconds, or a number with a unit such as ' +
    "'500 ms', '10 s', '1 min', '1 h', '2 d'",
  parse(raw) {
    if (typeof raw === 'string') return parseDuration(raw)
    // Negative values only come from programs (Flink's buffer timeout of -1 ms); text can't
    // express them.
    if (typeof raw === 'number' && Number.isFinite(raw)) return raw
    throw new Error('')
  },
  format: formatDuration,
}

const MEMORY: ConfigOptionType<number> = {
  name: 'MemorySize',
  expected: "a memory size: bytes, or a number with a unit such as '64 kb', '32 mb', '1 gb'",
  parse(raw) {
    if (typeof raw === 'string') return parseMemorySize(raw)
    if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return raw
    throw new Error('')
  },
  format: formatMemorySize,
}

/** Matches case-insensitively, as Flink does, and returns the declared spelling. */
function enumType<const E extends string>(values: readonly E[]): ConfigOptionType<E> {
  const byUpperCase = new Map(values.map((v) => [v.toUpperCase(), v]))
  return {
    name: 'Enum',
    expected: `one of ${values.join(', ')}`,
    parse(raw) {
      const found = typeof raw === 'string' ? byUpperCase.get(raw.trim().toUpperCase()) : undefined
      if (found === undefined) throw new Error('')
      return found
    },
    format: (value) => value,
  }
}

/** A YAML list, a YAML flow list as text ('[a, b]'), or Flink's legacy 'a;b' form. */
function listType<T>(element: ConfigOptionType<T>): ConfigOptionType<readonly T[]> {
  return {
    name: `List<${element.name}>`,
    expected: `a list ('[a, b]', 'a;b' or a YAML list) whose elements are each ${element.expected}`,
    parse(raw) {
      const items = typeof raw === 'string' ? splitList(raw) : raw
      if (!Array.isArray(items)) throw new Error('')
      return Object.freeze(items.map((item: unknown) => element.parse(item)))
    },
    format: (values) => values.map((v) => element.format(v)).join(';'),
  }
}

/** A type whose values a zod schema checks (and may transform). */
function schemaType<T>(schema: z.ZodType<T>, name: string, expected: string): ConfigOptionType<T> {
  return {
    name,
    expected,
    parse(raw) {
      const result = schema.safeParse(raw)
      if (!result.success) throw new Error(result.error.issues.map((i) => i.message).join('; '))
      return result.data
    },
    format: (value) => (typeof value === 'string' ? value : JSON.stringify(value)),
  }
}

function toInteger(raw: unknown): number {
  if (typeof raw === 'number' && Number.isInteger(raw)) return raw
  if (typeof raw === 'string' && INT_PATTERN.test(raw)) return Number(raw)
  throw new Error('')
}

function splitList(text: string): unknown {
  const trimmed = text.trim()
  if (trimmed === '') return []
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) {
    try {
      return parseYaml(trimmed) as unknown
    } catch (e: unknown) {
      throw new Error('not a valid list', { cause: e })
    }
  }
  return trimmed.split(';').map((s) => s.trim())
}

/** The built-in option types; `ConfigOptions.key(…)` picks them by name. */
export const OptionTypes = Object.freeze({
  INT,
  LONG,
  DOUBLE,
  BOOLEAN,
  STRING,
  DURATION,
  MEMORY,
  enumType,
  listType,
  schemaType,
})
