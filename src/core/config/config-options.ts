// The builder every option constant is declared with:
// `ConfigOptions.key(k).<type>Type()[.asList()].defaultValue(v) | .noDefaultValue()`.
// Flink: org.apache.flink.configuration.ConfigOptions.
import type { z } from 'zod'
import { ConfigOption, type ConfigOptionType } from './config-option.js'
import { OptionTypes } from './option-types.js'

/**
 * Entry point for declaring options.
 *
 * @public
 * @example
 * const BUFFER_TIMEOUT = ConfigOptions.key('execution.buffer-timeout.interval')
 *   .durationType()
 *   .defaultValue(100)
 *   .withDescription('How long a partly filled network buffer may wait before it is flushed.')
 */
export const ConfigOptions = Object.freeze({
  key(key: string): OptionBuilder {
    return new OptionBuilder(key)
  },
})

/** Picks the value type of an option. */
export class OptionBuilder {
  readonly key: string

  constructor(key: string) {
    this.key = key
  }

  /** A 32-bit integer. */
  intType(): TypedConfigOptionBuilder<number> {
    return this.ofType(OptionTypes.INT)
  }

  /** An integer within ±2^53 (Flink's long, as far as a number holds it exactly). */
  longType(): TypedConfigOptionBuilder<number> {
    return this.ofType(OptionTypes.LONG)
  }

  doubleType(): TypedConfigOptionBuilder<number> {
    return this.ofType(OptionTypes.DOUBLE)
  }

  booleanType(): TypedConfigOptionBuilder<boolean> {
    return this.ofType(OptionTypes.BOOLEAN)
  }

  stringType(): TypedConfigOptionBuilder<string> {
    return this.ofType(OptionTypes.STRING)
  }

  /** Milliseconds; users may write '10 s', '1 min', '500ms'. */
  durationType(): TypedConfigOptionBuilder<number> {
    return this.ofType(OptionTypes.DURATION)
  }

  /** Bytes; users may write '32 kb', '64m', '1 gb'. */
  memoryType(): TypedConfigOptionBuilder<number> {
    return this.ofType(OptionTypes.MEMORY)
  }

  /** One of the given literals, matched case-insensitively. */
  enumType<const E extends string>(values: readonly E[]): TypedConfigOptionBuilder<E> {
    return this.ofType(OptionTypes.enumType(values))
  }

  /** Values checked (and possibly transformed) by a zod schema. */
  schemaType<T>(schema: z.ZodType<T>, name: string, expected: string): TypedConfigOptionBuilder<T> {
    return this.ofType(OptionTypes.schemaType(schema, name, expected))
  }

  /** Any other type: a parser of user input and its formatter. */
  ofType<T>(type: ConfigOptionType<T>): TypedConfigOptionBuilder<T> {
    return new TypedConfigOptionBuilder(this.key, type)
  }
}

/** Sets the default of an option whose type is chosen. */
export class TypedConfigOptionBuilder<T> {
  readonly key: string
  readonly type: ConfigOptionType<T>

  constructor(key: string, type: ConfigOptionType<T>) {
    this.key = key
    this.type = type
  }

  /** A list of this type; Flink's `asList()`. */
  asList(): ListConfigOptionBuilder<T> {
    return new ListConfigOptionBuilder(this.key, OptionTypes.listType(this.type))
  }

  defaultValue(value: T): ConfigOption<T, T> {
    return new ConfigOption({ key: this.key, type: this.type, defaultValue: value })
  }

  noDefaultValue(): ConfigOption<T, undefined> {
    return new ConfigOption({ key: this.key, type: this.type, defaultValue: undefined })
  }
}

/** Sets the default of a list option. */
export class ListConfigOptionBuilder<T> {
  readonly key: string
  readonly type: ConfigOptionType<readonly T[]>

  constructor(key: string, type: ConfigOptionType<readonly T[]>) {
    this.key = key
    this.type = type
  }

  defaultValues(...values: T[]): ConfigOption<readonly T[], readonly T[]> {
    return new ConfigOption({ key: this.key, type: this.type, defaultValue: Object.freeze(values) })
  }

  noDefaultValue(): ConfigOption<readonly T[], undefined> {
    return new ConfigOption({ key: this.key, type: this.type, defaultValue: undefined })
  }
}
