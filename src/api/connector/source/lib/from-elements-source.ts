// The source behind `fromData` and `fromCollection`: the given elements, in order.
// Flink: org.apache.flink.connector.datagen.functions.FromElementsGeneratorFunction.
import { deepCopy } from '../../../../core/deep-copy.js'
import { IndexedSource } from './number-sequence-source.js'

/** @public */
export class FromElementsSource<T> extends IndexedSource<T> {
  readonly elements: readonly T[]

  constructor(elements: readonly T[]) {
    const copy = elements.slice()
    // Each emission is a fresh copy, as Flink serializes the elements once and deserializes them
    // per emission: downstream mutation never reaches the user's collection or a later run.
    super(0, copy.length - 1, (i) => deepCopy(copy[i] as T))
    this.elements = copy
  }
}
