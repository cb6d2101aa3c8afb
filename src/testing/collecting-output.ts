// An Output that records what an operator emits, for the test harnesses: main output records and
// watermarks in order, and side outputs by tag.
import type { OutputTag } from '../api/output-tag.js'
import type { StreamRecord } from '../runtime/common/stream-element.js'
import type { Output } from '../runtime/task/operators/stream-operator.js'

/** An emitted record as tests compare it; `timestamp` is null when the record has none. */
export interface EmittedRecord<T = unknown> {
  readonly value: T
  readonly timestamp: number | null
}

/** An emitted watermark. */
export interface EmittedWatermark {
  readonly watermark: number
}

/** An emitted WatermarkStatus change. */
export interface EmittedWatermarkStatus {
  readonly watermarkStatus: 'IDLE' | 'ACTIVE'
}

export type EmittedElement<T = unknown> =
  EmittedRecord<T> | EmittedWatermark | EmittedWatermarkStatus

/** The record `value` with `timestamp` (null: none), as `extractOutput()` shows it. */
export function record<T>(value: T, timestamp: number | null = null): EmittedRecord<T> {
  return { value, timestamp }
}

/** A WatermarkStatus change as `extractOutput()` shows it. */
export function watermarkStatus(status: 'IDLE' | 'ACTIVE'): EmittedWatermarkStatus {
  return { watermarkStatus: status }
}

/** A watermark as `extractOutput()` shows it. */
export function watermark(time: number): EmittedWatermark {
  return { watermark: time }
}

export class CollectingOutput implements Output {
  readonly elements: EmittedElement[] = []
  readonly sideOutputs = new Map<string, EmittedRecord[]>()

  collect(r: StreamRecord): void {
    this.elements.push(record(r.value, r.getTimestampOrNull()))
  }

  collectSide(tag: OutputTag<unknown>, r: StreamRecord): void {
    let list = this.sideOutputs.get(tag.id)
    if (list === undefined) {
      list = []
      this.sideOutputs.set(tag.id, list)
    }
    list.push(record(r.value, r.getTimestampOrNull()))
  }

  emitWatermark(time: number): void {
    this.elements.push(watermark(time))
  }

  emitWatermarkStatus(idle: boolean): void {
    this.elements.push(watermarkStatus(idle ? 'IDLE' : 'ACTIVE'))
  }
}
