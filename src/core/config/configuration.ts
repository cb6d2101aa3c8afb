// A mutable map of typed option values, read with defaults. Values are validated when they enter:
// by `set` (programs) and by `fromMap` (user input, checked against the registry of known keys).
// Not thread-safe; a copy (`clone`) is what crosses into another component.
// Flink: org.apache.flink.configuration.Configuration.
import { ConfigError } from '../errors.js'
import { DEFAULT_OPTION_REGISTRY } from './all-options.js'
import type { ConfigOption } from './config-option.js'
import type { OptionRegistry } from './option-registry.js'

/** What `toMap` holds: plain data that `fromMap` reads back. */
export type ConfigValue = string | number | boolean | readonly ConfigValue[]

export interface FromMapOptions {
  /** Where the values came from, for messages: 'config.yaml', '-D', 'EDDY_PROPERTIES'. */
  readonly source?: string
  /** The known options; defaults to every option Eddy declares. */
  readonly registry?: OptionRegistry
}

/**
 * Option values by key.
 *
 * @public
 * @example
 * const conf = new Configuration()
 * conf.set(CoreOptions.DEFAULT_PARALLELISM, 4)
 * conf.get(CoreOptions.DEFAULT_PARALLELISM) // 4
 * conf.get(PipelineOptions.AUTO_WATERMARK_INTERVAL) // 200 (the default, in ms)
 */
export class Configuration {
  private readonly values = new Map<string, unknown>()

  /**
   * Parses user input: every key must be a known option (or an old name of one) and every value
   * must parse. Throws one ConfigError naming each bad key, its value and the expected form, and
   * suggesting the nearest known key for an unknown one. Values that are `null` (a YAML key with
   * nothing after the colon) count as unset.
   */
  static fromMap(
    map: Readonly<Record<string, unknown>>,
    options: FromMapOptions = {},
  ): Configuration {
    const registry = options.registry ?? DEFAULT_OPTION_REGISTRY
    const where = options.source === undefined ? '' : ` (in ${options.source})`
    const conf = new Configuration()
    const errors: ConfigError[] = []
    const aliased: [ConfigOption<unknown, unknown>, string, unknown][] = []
    for (const [key, raw] of Object.entries(map)) {
      const option = registry.lookup(key)
      if (option === undefined) {
        const suggestion = registry.suggest(key)
        const hint = suggestion === undefined ? '' : ` Did you mean '${suggestion}'?`
        errors.push(new ConfigError(`Unknown configuration key '${key}'${where}.${hint}`, key))
      } else if (raw !== null && raw !== undefined) {
        if (option.key === key) {
          conf.values.set(key, tryParse(option, raw, key, options.source, errors))
        } else {
          aliased.push([option, key, raw])
        }
      }
    }
    // An option's own key wins over its old names, whatever the order in the input.
    for (const [option, key, raw] of aliased) {
      if (!conf.values.has(option.key)) {
        conf.values.set(option.key, tryParse(option, raw, key, options.source, errors))
      }
    }
    if (errors.length === 1) throw errors[0]
    if (errors.length > 1) {
      throw new ConfigError(
        `${errors.length} configuration errors:\n  ${errors.map((e) => e.message).join('\n  ')}`,
        String(errors[0]?.context['key']),
        errors,
      )
    }
    return conf
  }

  /** The value, else the value under a fallback or deprecated key, else the default. */
  get<T, D extends T | undefined>(option: ConfigOption<T, D>): T | D {
    const value = this.getOptional(option)
    return value === undefined ? option.defaultValue : value
  }

  /** The value set for the option (or a fallback/deprecated key), ignoring the default. */
  getOptional<T, D extends T | undefined>(option: ConfigOption<T, D>): T | undefined {
    const key = this.findKey(option)
    if (key === undefined) return undefined
    const value = this.values.get(key)
    // A fallback key may belong to another option with another type: read it as this one's.
    return key === option.key ? (value as T) : option.parseValue(value, undefined, key)
  }

  /** Sets a value after checking it against the option's type; throws ConfigError if it fails. */
  set<T, D extends T | undefined>(option: ConfigOption<T, D>, value: T): this {
    this.values.set(option.key, option.parseValue(value))
    return this
  }

  /** Whether the option, or one of its fallback or deprecated keys, is set. */
  contains<T, D extends T | undefined>(option: ConfigOption<T, D>): boolean {
    return this.findKey(option) !== undefined
  }

  /** Unsets the option and its fallback and deprecated keys; true if any was set. */
  removeConfig<T, D extends T | undefined>(option: ConfigOption<T, D>): boolean {
    let removed = this.values.delete(option.key)
    for (const key of option.fallbackKeys) removed = this.values.delete(key) || removed
    for (const key of option.deprecatedKeys) removed = this.values.delete(key) || removed
    return removed
  }

  keySet(): string[] {
    return [...this.values.keys()]
  }

  /** The set values as plain data; `Configuration.fromMap(conf.toMap())` gives an equal copy. */
  toMap(): Record<string, ConfigValue> {
    const map: Record<string, ConfigValue> = {}
    for (const [key, value] of this.values) map[key] = value as ConfigValue
    return map
  }

  clone(): Configuration {
    const copy = new Configuration()
    copy.addAll(this)
    return copy
  }

  /** Copies every value of `other` into this one; `other` wins where both are set. */
  addAll(other: Configuration): this {
    for (const [key, value] of other.values) this.values.set(key, value)
    return this
  }

  toString(): string {
    return [...this.values].map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')
  }

  private findKey<T, D extends T | undefined>(option: ConfigOption<T, D>): string | undefined {
    if (this.values.has(option.key)) return option.key
    for (const key of option.fallbackKeys) if (this.values.has(key)) return key
    for (const key of option.deprecatedKeys) if (this.values.has(key)) return key
    return undefined
  }
}

function tryParse(
  option: ConfigOption<unknown, unknown>,
  raw: unknown,
  writtenKey: string,
  source: string | undefined,
  errors: ConfigError[],
): unknown {
  try {
    return option.parseValue(raw, source, writtenKey)
  } catch (e: unknown) {
    if (!(e instanceof ConfigError)) throw e
    errors.push(e)
    return undefined
  }
}
