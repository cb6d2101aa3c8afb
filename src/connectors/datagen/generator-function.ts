// What a data generator calls to turn an index into a record: a plain function, or an object
// with `map` and an optional lifecycle that every reader calls around its reading.
// Flink: org.apache.flink.connector.datagen.source.GeneratorFunction.
import type { SourceReaderContext } from '../../api/connector/source/source.js'

/**
 * A generator with a lifecycle. `open` runs once per reader before its first `map`, on the
 * reader's task, with the reader's context (subtask index, parallelism); `close` runs when the
 * reader closes, also after a failure or a cancellation. `map` must be deterministic in its input
 * for a restored reader to regenerate the same records.
 *
 * Flink gives each reader its own deserialized copy. In-process, Eddy copies operator functions
 * per subtask but not sources, so the readers of a job may share one generator object and call
 * `open` on it once each: keep per-reader state keyed by `readerContext.getIndexOfSubtask()`, or
 * keep none.
 *
 * @public
 */
export interface RichGeneratorFunction<IN, OUT> {
  map(value: IN): OUT
  open?(readerContext: SourceReaderContext): void
  close?(): void
}

/**
 * Maps an index (0, 1, 2, ...) to a record.
 *
 * @public
 * @example
 * const orders: GeneratorFunction<number, Order> = (i) => ({ id: i, amount: (i * 37) % 100 })
 */
export type GeneratorFunction<IN, OUT> = ((value: IN) => OUT) | RichGeneratorFunction<IN, OUT>
