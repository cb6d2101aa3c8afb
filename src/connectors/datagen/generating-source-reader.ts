// Reads index-range splits and maps each index through the generator function, calling the
// generator's `open` before the first split request and its `close` when the reader closes.
// Flink: org.apache.flink.connector.datagen.source.GeneratingIteratorSourceReader.
import type { SourceReaderContext } from '../../api/connector/source/source.js'
import { IndexRangeReader } from '../../api/connector/source/lib/index-range-reader.js'
import type { RichGeneratorFunction } from './generator-function.js'

export class GeneratingSourceReader<T> extends IndexRangeReader<T> {
  private readonly readerContext: SourceReaderContext
  private readonly lifecycle: RichGeneratorFunction<number, T> | undefined

  /** `lifecycle` is the generator when it is an object, whose open/close the reader calls. */
  constructor(
    context: SourceReaderContext,
    mapIndex: (index: number) => T,
    lifecycle: RichGeneratorFunction<number, T> | undefined,
  ) {
    super(context, mapIndex)
    this.readerContext = context
    this.lifecycle = lifecycle
  }

  override start(): void {
    this.lifecycle?.open?.(this.readerContext)
    super.start()
  }

  override close(): void {
    try {
      super.close()
    } finally {
      this.lifecycle?.close?.()
    }
  }
}
