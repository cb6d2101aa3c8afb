// Applies a CoFlatMapFunction to both inputs. Flink: org.apache.flink.streaming.api.operators.co.CoStreamFlatMap.
import type { CoFlatMapFunction } from '../../../api/functions/co-functions.js'
import type { StreamRecord } from '../../common/stream-element.js'
import { AbstractUdfStreamOperator } from './abstract-stream-operator.js'
import type { TwoInputStreamOperator } from './stream-operator.js'
import { TimestampedCollector } from './timestamped-collector.js'

export class CoStreamFlatMap
  extends AbstractUdfStreamOperator<CoFlatMapFunction<unknown, unknown, unknown>>
  implements TwoInputStreamOperator
{
  private collector!: TimestampedCollector

  override open(): void {
    super.open()
    this.collector = new TimestampedCollector(this.chainOutput)
  }

  processElement1(record: StreamRecord): void {
    this.setKeyContextElement1(record)
    this.collector.setTimestamp(record.timestamp)
    this.userFunction.flatMap1(record.value, this.collector)
  }

  processElement2(record: StreamRecord): void {
    this.setKeyContextElement2(record)
    this.collector.setTimestamp(record.timestamp)
    this.userFunction.flatMap2(record.value, this.collector)
  }
}
