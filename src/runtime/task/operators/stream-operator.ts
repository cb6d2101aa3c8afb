// The contracts between a task and its operators. All calls happen on the task's thread, in this
// order: setup → open (tail of the chain first) → process* → finish (head first, may still emit)
// → close. The record path is synchronous: every method returns void.
// Flink: org.apache.flink.streaming.api.operators.{StreamOperator, OneInputStreamOperator, Output}.
import type { OutputTag } from '../../../api/output-tag.js'
import type { StreamRecord } from '../../common/stream-element.js'

/** Where an operator emits. The record is only borrowed: the receiver must not keep it. */
export interface Output {
  collect(record: StreamRecord): void
  collectSide(tag: OutputTag<unknown>, record: StreamRecord): void
  emitWatermark(watermark: number): void
  /** WatermarkStatus: an idle output does not hold back event time downstream. */
  emitWatermarkStatus(idle: boolean): void
}

export interface StreamOperator {
  open(): void
  /** End of input: emit what is buffered. */
  finish(): void
  close(): void
}

export interface OneInputStreamOperator extends StreamOperator {
  processElement(record: StreamRecord): void
  processWatermark(watermark: number): void
  processWatermarkStatus(idle: boolean): void
}

export interface TwoInputStreamOperator extends StreamOperator {
  processElement1(record: StreamRecord): void
  processElement2(record: StreamRecord): void
  processWatermark1(watermark: number): void
  processWatermark2(watermark: number): void
  processWatermarkStatus1(idle: boolean): void
  processWatermarkStatus2(idle: boolean): void
}
