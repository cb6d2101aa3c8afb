// Operator-class forms of map, filter and flatMap. Chains normally fuse these into generated code
// (chain-compiler.ts); the classes serve the test harness and unfused chains.
// Flink: org.apache.flink.streaming.api.operators.{StreamMap, StreamFilter, StreamFlatMap}.
import type {
  FilterFunction,
  FlatMapFunction,
  MapFunction,
} from '../../../api/functions/functions.js'
import type { StreamRecord } from '../../common/stream-element.js'
import { AbstractUdfStreamOperator } from './abstract-stream-operator.js'
import type { OneInputStreamOperator } from './stream-operator.js'
import { TimestampedCollector } from './timestamped-collector.js'

export class StreamMap
  extends AbstractUdfStreamOperator<MapFunction<unknown, unknown>>
  implements OneInputStreamOperator
{
  processElement(record: StreamRecord): void {
    this.setKeyContextElement1(record)
    const fn = this.userFunction
    record.value = typeof fn === 'function' ? fn(record.value) : fn.map(record.value)
    this.chainOutput.collect(record)
  }
}

export class StreamFilter
  extends AbstractUdfStreamOperator<FilterFunction<unknown>>
  implements OneInputStreamOperator
{
  processElement(record: StreamRecord): void {
    this.setKeyContextElement1(record)
    const fn = this.userFunction
    if (typeof fn === 'function' ? fn(record.value) : fn.filter(record.value)) {
      this.chainOutput.collect(record)
    }
  }
}

export class StreamFlatMap
  extends AbstractUdfStreamOperator<FlatMapFunction<unknown, unknown>>
  implements OneInputStreamOperator
{
  private collector!: TimestampedCollector

  override open(): void {
    super.open()
    this.collector = new TimestampedCollector(this.chainOutput)
  }

  processElement(record: StreamRecord): void {
    this.setKeyContextElement1(record)
    this.collector.setTimestamp(record.timestamp)
    const fn = this.userFunction
    if (typeof fn === 'function') {
      const returned = fn(record.value, this.collector)
      if (returned !== undefined) for (const x of returned) this.collector.collect(x)
    } else {
      fn.flatMap(record.value, this.collector)
    }
  }
}
