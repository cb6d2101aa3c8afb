// What a record type is: the contract every described type (Types.*) fulfils, and the JSON form
// (TypeDescriptor) that checkpoints store so a type can be rebuilt and evolved.
// Flink: org.apache.flink.api.common.typeinfo.TypeInformation.
import type { TypeSerializer } from './type-serializer.js'

/**
 * The type of the values of a stream, a state or a key. Build one with `Types`.
 *
 * Instances are immutable and may be shared between jobs and threads. `T` is covariant: a
 * `TypeInformation<string>` is a `TypeInformation<unknown>`.
 *
 * @public
 * @example
 * const clicks = Types.ROW({ user: Types.STRING, n: Types.INT })
 * clicks.validate({ user: 'a', n: 1.5 }) // "field 'n': expected INT, got number 1.5"
 */
export interface TypeInformation<T> {
  /** Phantom member that carries `T` for inference; never present at run time. */
  readonly __type?: T

  /**
   * The serializer for values of this type. Generated on the first call and cached, so every
   * call returns the same instance.
   */
  createSerializer(): TypeSerializer<T>

  /** The JSON form of this type; `typeFromDescriptor` rebuilds an equal type from it. */
  toDescriptor(): TypeDescriptor

  /**
   * Why `value` is not of this type, or undefined when it is. The message names the field
   * path (prefixed by `path`), the declared type and the value:
   * `field 'a.b[2]': expected INT, got string "x"`.
   */
  validate(value: unknown, path?: string): string | undefined

  /** Whether `validate(value)` finds nothing wrong. */
  isInstance(value: unknown): value is T

  /** The type as Flink would print it: `ROW<a STRING, n INT>`. */
  toString(): string
}

/** The kinds of `Types` that hold a single value. */
export type BasicTypeKind =
  'STRING' | 'BOOLEAN' | 'BYTE' | 'SHORT' | 'INT' | 'LONG' | 'FLOAT' | 'DOUBLE' | 'BIGINT'

/** The JSON form of a type (Flink: the TypeSerializerSnapshot's schema). */
export type TypeDescriptor =
  | { readonly kind: BasicTypeKind }
  | { readonly kind: 'ROW'; readonly fields: readonly RowFieldDescriptor[] }
  | { readonly kind: 'TUPLE'; readonly elements: readonly TypeDescriptor[] }
  | { readonly kind: 'LIST'; readonly element: TypeDescriptor }
  | { readonly kind: 'MAP'; readonly key: TypeDescriptor; readonly value: TypeDescriptor }
  | { readonly kind: 'NULLABLE'; readonly type: TypeDescriptor }
  | { readonly kind: 'GENERIC' }

export interface RowFieldDescriptor {
  readonly name: string
  readonly type: TypeDescriptor
}

/** The value type a TypeInformation describes. */
export type TypeOf<I> = I extends TypeInformation<infer T> ? T : never
