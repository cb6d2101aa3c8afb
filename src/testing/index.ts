// The `eddy/testing` entry: operator test harnesses and the operator classes they drive.
export {
  OneInputStreamOperatorTestHarness,
  KeyedOneInputStreamOperatorTestHarness,
  type HarnessOperator,
  type HarnessOptions,
} from './one-input-stream-operator-test-harness.js'
export {
  record,
  watermark,
  watermarkStatus,
  type EmittedElement,
  type EmittedWatermarkStatus,
  type EmittedRecord,
  type EmittedWatermark,
} from './collecting-output.js'
export { ProcessOperator } from '../runtime/task/operators/process-operator.js'
export { KeyedProcessOperator } from '../runtime/task/operators/keyed-process-operator.js'
export { StreamGroupedReduceOperator } from '../runtime/task/operators/stream-group-reduce-operator.js'
export { StreamMap, StreamFilter, StreamFlatMap } from '../runtime/task/operators/stream-map.js'
export { TimestampsAndWatermarksOperator } from '../runtime/task/operators/timestamps-and-watermarks-operator.js'
export { WindowOperator } from '../runtime/task/operators/windowing/window-operator.js'
export { SinkWriterOperator } from '../runtime/task/operators/sink-writer-operator.js'
