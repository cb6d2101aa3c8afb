// The source behind `fromData` and `fromCollection`: the given elements, in order.
// Flink: org.apache.flink.connector.datagen.functions.FromElementsGeneratorFunction.
import { IndexedSource } from './number-sequence-source.js'

/** @public */
export class FromElementsSource<T> extends IndexedSource<T> {
  readonly elements: readonly T[]

  constructor(elements: readonly T[]) {
    const copy = elements.slice()
    super(0, copy.length - 1, (i) => copy[i] as T)
    this.elements = copy
  }
}
