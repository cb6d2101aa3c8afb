// Applies a CoMapFunction to both inputs. Flink: org.apache.flink.streaming.api.operators.co.CoStreamMap.
import type { CoMapFunction } from '../../../api/functions/co-functions.js'
import type { StreamRecord } from '../../common/stream-element.js'
import { AbstractUdfStreamOperator } from './abstract-stream-operator.js'
import type { TwoInputStreamOperator } from './stream-operator.js'

export class CoStreamMap
  extends AbstractUdfStreamOperator<CoMapFunction<unknown, unknown, unknown>>
  implements TwoInputStreamOperator
{
  processElement1(record: StreamRecord): void {
    this.setKeyContextElement1(record)
    record.value = this.userFunction.map1(record.value)
    this.chainOutput.collect(record)
  }

  processElement2(record: StreamRecord): void {
    this.setKeyContextElement2(record)
    record.value = this.userFunction.map2(record.value)
    this.chainOutput.collect(record)
  }
}
