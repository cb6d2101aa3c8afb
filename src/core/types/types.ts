// The factory for TypeInformation: the one place users name record types. Every type here has a
// generated serializer; GENERIC falls back to the tagged GenericTypeSerializer.
// Flink: org.apache.flink.api.common.typeinfo.Types.
import { BasicTypeInfo } from './basic-type-info.js'
import { GenericTypeInfo } from './generic-type-info.js'
import { ListTypeInfo } from './list-type-info.js'
import { MapTypeInfo } from './map-type-info.js'
import { NullableTypeInfo } from './nullable-type-info.js'
import { RowTypeInfo } from './row-type-info.js'
import { TupleTypeInfo } from './tuple-type-info.js'
import type { TypeInformation, TypeOf } from './type-information.js'

/**
 * Record types. Values of a described type are checked when serialized: a field that is
 * missing, null (unless NULLABLE), of the wrong JS type or out of range is rejected with its path.
 *
 * @public
 * @example
 * const Click = Types.ROW({ user: Types.STRING, at: Types.LONG, tags: Types.LIST(Types.STRING) })
 * type Click = TypeOf<typeof Click> // { user: string; at: number; tags: string[] }
 */
export const Types = {
  /** A JS string, written as UTF-8 (lone surrogates become U+FFFD). */
  STRING: new BasicTypeInfo<string>('STRING'),
  BOOLEAN: new BasicTypeInfo<boolean>('BOOLEAN'),
  /** An integer number in [-128, 127] (Flink's TINYINT). */
  BYTE: new BasicTypeInfo<number>('BYTE'),
  /** An integer number in [-32768, 32767] (Flink's SMALLINT). */
  SHORT: new BasicTypeInfo<number>('SHORT'),
  /** An integer number in the int32 range. -0 is accepted and read back as 0. */
  INT: new BasicTypeInfo<number>('INT'),
  /** A safe integer number (|n| < 2^53), written as an int64 (Java's long). */
  LONG: new BasicTypeInfo<number>('LONG'),
  /** Any number, rounded to float32 precision. NaN, -0 and infinities are kept. */
  FLOAT: new BasicTypeInfo<number>('FLOAT'),
  /** Any number, exactly. NaN, -0 and infinities are kept. */
  DOUBLE: new BasicTypeInfo<number>('DOUBLE'),
  /** A JS bigint in the int64 range (SQL BIGINT). */
  BIGINT: new BasicTypeInfo<bigint>('BIGINT'),

  /**
   * An object with the given fields, written in declaration order (integer-like names first,
   * as JS orders keys). Properties that are not declared are dropped; `__proto__` cannot be a
   * field name.
   */
  ROW<F extends Readonly<Record<string, TypeInformation<unknown>>>>(
    fields: F,
  ): RowTypeInfo<{ -readonly [K in keyof F]: TypeOf<F[K]> }> {
    const names = Object.keys(fields)
    return new RowTypeInfo(
      names,
      names.map((name) => fields[name]!),
    )
  },

  /** A JS array of exactly these element types: `Types.TUPLE([Types.STRING, Types.INT])`. */
  TUPLE<const E extends readonly TypeInformation<unknown>[]>(
    elements: E,
  ): TupleTypeInfo<{ -readonly [K in keyof E]: TypeOf<E[K]> }> {
    return new TupleTypeInfo(elements)
  },

  /** A dense JS array of any length. */
  LIST<T>(element: TypeInformation<T>): ListTypeInfo<T> {
    return new ListTypeInfo(element)
  },

  /** A JS Map; iteration order is kept. */
  MAP<K, V>(key: TypeInformation<K>, value: TypeInformation<V>): MapTypeInfo<K, V> {
    return new MapTypeInfo(key, value)
  },

  /** The type, or null (undefined is still rejected). */
  NULLABLE<T>(type: TypeInformation<T>): TypeInformation<T | null> {
    return type instanceof NullableTypeInfo ? type : new NullableTypeInfo(type)
  },

  /** Any plain data, through the GenericTypeSerializer; slower and bigger than a declared type. */
  GENERIC<T = unknown>(): GenericTypeInfo<T> {
    return GenericTypeInfo.INSTANCE as GenericTypeInfo<T>
  },
} as const
