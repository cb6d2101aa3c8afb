// Rolling reduce per key: combines each record with the key's previous result and emits the new
// result (so every update is emitted). Flink: StreamGroupedReduceOperator.
import type { ReduceFunction } from '../../../api/functions/aggregate.js'
import { ValueStateDescriptor } from '../../../api/state/state-descriptor.js'
import type { ValueState } from '../../../api/state/state.js'
import type { StreamRecord } from '../../common/stream-element.js'
import { AbstractUdfStreamOperator } from './abstract-stream-operator.js'
import type { OneInputStreamOperator } from './stream-operator.js'

const STATE_NAME = '_op_state'

export class StreamGroupedReduceOperator<T = unknown>
  extends AbstractUdfStreamOperator<ReduceFunction<T>>
  implements OneInputStreamOperator
{
  private values!: ValueState<T>
  private reduce!: (a: T, b: T) => T

  override open(): void {
    super.open()
    const fn = this.userFunction
    this.reduce = typeof fn === 'function' ? fn : (a, b) => fn.reduce(a, b)
    this.values = this.runtimeContext.getState(new ValueStateDescriptor<T>(STATE_NAME))
  }

  processElement(record: StreamRecord): void {
    this.setKeyContextElement1(record)
    const value = record.value as T
    const current = this.values.value()
    const next = current === null ? value : this.reduce(current, value)
    this.values.update(next)
    record.value = next
    this.chainOutput.collect(record)
  }
}
