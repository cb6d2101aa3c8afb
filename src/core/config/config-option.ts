// A typed, documented configuration key with its default: the unit `Configuration` reads and the
// docs list. Options are immutable values; `with…` methods return a copy.
// Flink: org.apache.flink.configuration.ConfigOption.
import { ConfigError } from '../errors.js'

/**
 * How the values of an option are read and written.
 * `parse` accepts what a user may write (YAML scalars, `-D` strings, typed values) and returns the
 * typed value; it throws an Error whose message is the reason when the input does not fit.
 */
export interface ConfigOptionType<T> {
  /** The type's name in docs and messages: 'Integer', 'Duration', 'MemorySize', 'Enum', … */
  readonly name: string
  /** The expected form, completing "expected …": 'an integer', "a duration such as '10 s'". */
  readonly expected: string
  parse(raw: unknown): T
  /** The value as a user would write it in config.yaml ('200 ms', '32 kb'). */
  format(value: T): string
}

export interface ConfigOptionFields<T, D extends T | undefined> {
  readonly key: string
  readonly type: ConfigOptionType<T>
  readonly defaultValue: D
  readonly description?: string
  readonly fallbackKeys?: readonly string[]
  readonly deprecatedKeys?: readonly string[]
}

/**
 * A configuration key, its type and its default. `D` is the type of the default: `T` when the
 * option has one, `undefined` when not, so `Configuration.get` returns `T` or `T | undefined`.
 *
 * @public
 * @example
 * const DEFAULT_PARALLELISM = ConfigOptions.key('parallelism.default')
 *   .intType()
 *   .defaultValue(1)
 *   .withDescription('Parallelism of operators that set none.')
 */
export class ConfigOption<T, D extends T | undefined = T | undefined> {
  readonly key: string
  readonly type: ConfigOptionType<T>
  readonly defaultValue: D
  readonly description: string
  /** Keys read, in order, when `key` is unset; they may be other options' keys. */
  readonly fallbackKeys: readonly string[]
  /** Old names of this option; values under them are read as this option's. */
  readonly deprecatedKeys: readonly string[]

  constructor(fields: ConfigOptionFields<T, D>) {
    this.key = fields.key
    this.type = fields.type
    this.defaultValue = fields.defaultValue
    this.description = fields.description ?? ''
    this.fallbackKeys = Object.freeze([...(fields.fallbackKeys ?? [])])
    this.deprecatedKeys = Object.freeze([...(fields.deprecatedKeys ?? [])])
  }

  hasDefaultValue(): boolean {
    return this.defaultValue !== undefined
  }

  withDescription(description: string): ConfigOption<T, D> {
    return new ConfigOption({ ...this.fields(), description })
  }

  withFallbackKeys(...keys: string[]): ConfigOption<T, D> {
    return new ConfigOption({ ...this.fields(), fallbackKeys: [...this.fallbackKeys, ...keys] })
  }

  withDeprecatedKeys(...keys: string[]): ConfigOption<T, D> {
    return new ConfigOption({ ...this.fields(), deprecatedKeys: [...this.deprecatedKeys, ...keys] })
  }

  /**
   * Parses a user-written value. Throws a ConfigError that names the key (`writtenKey`, when the
   * user wrote a deprecated one), the value, where it came from and the expected form.
   */
  parseValue(raw: unknown, source?: string, writtenKey: string = this.key): T {
    try {
      return this.type.parse(raw)
    } catch (e: unknown) {
      const reason = e instanceof Error && e.message !== '' ? ` (${e.message})` : ''
      const where = source === undefined ? '' : ` (in ${source})`
      throw new ConfigError(
        `Invalid value ${formatRaw(raw)} for configuration key '${writtenKey}'${where}: ` +
          `expected ${this.type.expected}${reason}`,
        writtenKey,
        e,
      )
    }
  }

  toString(): string {
    const value = this.defaultValue === undefined ? 'none' : this.type.format(this.defaultValue)
    return `Key: '${this.key}' , default: ${value}`
  }

  private fields(): ConfigOptionFields<T, D> {
    return {
      key: this.key,
      type: this.type,
      defaultValue: this.defaultValue,
      description: this.description,
      fallbackKeys: this.fallbackKeys,
      deprecatedKeys: this.deprecatedKeys,
    }
  }
}

/** Any option, for registries and listings. */
export type AnyConfigOption = ConfigOption<unknown, unknown>

function formatRaw(raw: unknown): string {
  switch (typeof raw) {
    case 'string':
      return `'${raw}'`
    case 'object':
      try {
        return JSON.stringify(raw)
      } catch {
        // Not JSON-representable (a cycle, a bigint inside): name the kind of value instead.
        return Array.isArray(raw) ? 'a list' : 'a map'
      }
    case 'function':
      return 'a function'
    case 'undefined':
    case 'number':
    case 'bigint':
    case 'boolean':
    case 'symbol':
      return String(raw)
  }
}
