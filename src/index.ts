// The `eddy` package entry: the public DataStream API, and the composition root that registers
// the in-process executor and the plan generator (DESIGN.md §2). Nothing else is importable.
import {
  registerExecutionPlanGenerator,
  registerPipelineExecutor,
} from './api/execution/pipeline-executor.js'
import { generateStreamGraph } from './graph/stream-graph-generator.js'
import { generateJsonPlan } from './graph/json-plan-generator.js'
import { LocalExecutor } from './runtime/cluster/local-executor.js'

registerPipelineExecutor(new LocalExecutor())
registerExecutionPlanGenerator((pipeline) => generateJsonPlan(generateStreamGraph(pipeline)))

// Environment and streams
export { StreamExecutionEnvironment } from './api/environment/stream-execution-environment.js'
export { ExecutionConfig } from './api/environment/execution-config.js'
export { DataStream } from './api/datastream/data-stream.js'
export { SingleOutputStreamOperator } from './api/datastream/single-output-stream-operator.js'
export { KeyedStream } from './api/datastream/keyed-stream.js'
export { ConnectedStreams } from './api/datastream/connected-streams.js'
export { BroadcastStream } from './api/datastream/broadcast-stream.js'
export { BroadcastConnectedStream } from './api/datastream/broadcast-connected-stream.js'
export { DataStreamSink } from './api/datastream/data-stream-sink.js'
export type { NumericField, ComparableField } from './api/datastream/field-types.js'
export { OutputTag } from './api/output-tag.js'
export type { JobClient, JobExecutionResult, JobStatus } from './api/execution/job-client.js'

// Functions
export type {
  Collector,
  MapFunction,
  FlatMapFunction,
  FilterFunction,
  KeySelector,
  Partitioner,
} from './api/functions/functions.js'
export {
  AbstractRichFunction,
  RichMapFunction,
  RichFlatMapFunction,
  RichFilterFunction,
} from './api/functions/rich-function.js'
export type { RuntimeContext, TaskInfo, OpenContext } from './api/functions/runtime-context.js'
export {
  ProcessFunction,
  KeyedProcessFunction,
  type BaseContext,
  type ProcessFunctionContext,
  type ProcessFunctionOnTimerContext,
  type KeyedProcessFunctionContext,
  type KeyedProcessFunctionOnTimerContext,
} from './api/functions/process-function.js'
export {
  CoProcessFunction,
  KeyedCoProcessFunction,
  RichCoMapFunction,
  RichCoFlatMapFunction,
  type CoMapFunction,
  type CoFlatMapFunction,
  type CoProcessFunctionOnTimerContext,
  type KeyedCoProcessFunctionOnTimerContext,
} from './api/functions/co-functions.js'
export {
  BroadcastProcessFunction,
  KeyedBroadcastProcessFunction,
  type BroadcastContext,
  type BroadcastReadOnlyContext,
  type KeyedBroadcastContext,
  type KeyedBroadcastReadOnlyContext,
  type KeyedBroadcastOnTimerContext,
} from './api/functions/broadcast-process-function.js'
export type { TimerService, TimeDomain } from './api/functions/timer-service.js'
export type { ReduceFunction, AggregateFunction } from './api/functions/aggregate.js'

// State
export {
  ValueStateDescriptor,
  ListStateDescriptor,
  MapStateDescriptor,
  ReducingStateDescriptor,
  AggregatingStateDescriptor,
} from './api/state/state-descriptor.js'
export type {
  State,
  ValueState,
  ListState,
  MapState,
  ReducingState,
  AggregatingState,
  BroadcastState,
  ReadOnlyBroadcastState,
} from './api/state/state.js'

// Sources, sinks, event time
export type {
  Source,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
  SimpleVersionedSerializer,
  SplitEnumerator,
  SplitEnumeratorContext,
  ReaderOutput,
  Boundedness,
  InputStatus,
} from './api/connector/source/source.js'
export type {
  Sink,
  SinkWriter,
  SinkWriterContext,
  InitContext,
  WriterInitContext,
  ProcessingTimeService,
} from './api/connector/sink/sink.js'
export type {
  SupportsCommitter,
  Committer,
  CommitRequest,
  CommitterInitContext,
  CommittingSinkWriter,
} from './api/connector/sink/committer.js'
export type {
  SupportsWriterState,
  StatefulSinkWriter,
} from './api/connector/sink/supports-writer-state.js'
export {
  NumberSequenceSource,
  IndexedSource,
} from './api/connector/source/lib/number-sequence-source.js'
export { IndexRangeSplit } from './api/connector/source/lib/index-range-split.js'
export { FromElementsSource } from './api/connector/source/lib/from-elements-source.js'
export { PrintSink } from './api/connector/sink/lib/print-sink.js'
export { DiscardingSink } from './api/connector/sink/lib/discarding-sink.js'
export {
  WatermarkStrategy,
  type TimestampAssigner,
  type WatermarkAlignmentParams,
  type WatermarkGeneratorContext,
  type WatermarkGeneratorSupplier,
} from './api/eventtime/watermark-strategy.js'
export {
  BoundedOutOfOrdernessWatermarks,
  AscendingTimestampsWatermarks,
  type WatermarkGenerator,
  type WatermarkOutput,
} from './api/eventtime/watermark-generator.js'

// Windows
export { WindowedStream, AllWindowedStream } from './api/datastream/windowed-stream.js'
export { Time } from './api/windowing/time.js'
export { Window, TimeWindow, GlobalWindow } from './api/windowing/windows.js'
export {
  WindowAssigner,
  MergingWindowAssigner,
  type WindowAssignerContext,
} from './api/windowing/assigners/window-assigner.js'
export {
  TumblingEventTimeWindows,
  TumblingProcessingTimeWindows,
} from './api/windowing/assigners/tumbling-windows.js'
export {
  SlidingEventTimeWindows,
  SlidingProcessingTimeWindows,
} from './api/windowing/assigners/sliding-windows.js'
export {
  EventTimeSessionWindows,
  ProcessingTimeSessionWindows,
  type SessionWindowTimeGapExtractor,
} from './api/windowing/assigners/session-windows.js'
export { GlobalWindows, NeverTrigger } from './api/windowing/assigners/global-windows.js'
export {
  Trigger,
  TriggerResult,
  type TriggerContext,
  type OnMergeContext,
} from './api/windowing/triggers/trigger.js'
export { EventTimeTrigger } from './api/windowing/triggers/event-time-trigger.js'
export { ProcessingTimeTrigger } from './api/windowing/triggers/processing-time-trigger.js'
export { CountTrigger } from './api/windowing/triggers/count-trigger.js'
export { PurgingTrigger } from './api/windowing/triggers/purging-trigger.js'
export { ContinuousEventTimeTrigger } from './api/windowing/triggers/continuous-event-time-trigger.js'
export { ContinuousProcessingTimeTrigger } from './api/windowing/triggers/continuous-processing-time-trigger.js'
export { DeltaTrigger } from './api/windowing/triggers/delta-trigger.js'
export type { DeltaFunction } from './api/windowing/triggers/delta-function.js'
export {
  TimestampedValue,
  type Evictor,
  type EvictorContext,
} from './api/windowing/evictors/evictor.js'
export { CountEvictor } from './api/windowing/evictors/count-evictor.js'
export { TimeEvictor } from './api/windowing/evictors/time-evictor.js'
export { DeltaEvictor } from './api/windowing/evictors/delta-evictor.js'
export {
  ProcessWindowFunction,
  ProcessAllWindowFunction,
  RichWindowFunction,
  RichAllWindowFunction,
  type ProcessWindowFunctionContext,
  type WindowFunction,
  type AllWindowFunction,
} from './api/functions/window-functions.js'
export type { KeyedStateStore } from './api/state/keyed-state-store.js'
export type {
  CheckpointedFunction,
  CheckpointListener,
  FunctionInitializationContext,
  FunctionSnapshotContext,
  OperatorStateStore,
} from './api/state/checkpointed-function.js'

// Joins
export {
  JoinedStreams,
  CoGroupedStreams,
  JoinWindow,
  CoGroupWindow,
  type TaggedUnion,
} from './api/datastream/co-grouped-streams.js'
export { IntervalJoin, IntervalJoined } from './api/datastream/interval-join.js'
export {
  ProcessJoinFunction,
  RichJoinFunction,
  RichFlatJoinFunction,
  RichCoGroupFunction,
  type ProcessJoinFunctionContext,
  type JoinFunction,
  type FlatJoinFunction,
  type CoGroupFunction,
} from './api/functions/join-functions.js'

// Types, configuration, errors
export { Types } from './core/types/types.js'
export type { TypeInformation } from './core/types/type-information.js'
export type { TypeSerializer } from './core/types/type-serializer.js'
export { Configuration } from './core/config/configuration.js'
export { CoreOptions } from './core/config/core-options.js'
export { PipelineOptions } from './core/config/pipeline-options.js'
export { ExecutionOptions } from './core/config/execution-options.js'
export {
  EddyError,
  ConfigError,
  SerializationError,
  InvalidProgramError,
  UserFunctionError,
  JobExecutionException,
  JobCancellationException,
} from './core/errors.js'
