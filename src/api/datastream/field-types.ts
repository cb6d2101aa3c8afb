// Type-level helpers that let `sum('n')`, `minBy(1)` etc. accept only fields that can be aggregated.

type IndexOf<K> = K extends `${infer N extends number}` ? N : never

/** Fields of T (names, or tuple indices) whose values match V. */
export type FieldOfType<T, V> = T extends readonly unknown[]
  ? { [K in keyof T]: T[K] extends V ? IndexOf<K> : never }[number]
  : { [K in keyof T]-?: T[K] extends V ? K : never }[keyof T] & string

/** Fields that `sum` can add. */
export type NumericField<T> = FieldOfType<T, number | bigint>

/** Fields that `min`/`max`/`minBy`/`maxBy` can compare. */
export type ComparableField<T> = FieldOfType<T, number | bigint | string>
