// Drops every record; for benchmarks and tests of side effects.
// Flink: org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink.
import type { Sink, SinkWriter } from '../sink.js'

/** @public */
export class DiscardingSink<T> implements Sink<T> {
  createWriter(): SinkWriter<T> {
    return new DiscardingSinkWriter<T>()
  }
}

class DiscardingSinkWriter<T> implements SinkWriter<T> {
  count = 0
  write(_element: T): void {
    this.count++
  }
  flush(): void {}
  close(): void {}
}
