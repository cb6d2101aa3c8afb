// Creates the operator object for a StreamNode's operator spec. Fusable kinds (map, filter,
// flatMap) get their class form only when not fused. Flink: StreamOperatorFactory per operator.
import { TimestampsAndWatermarksOperator } from './operators/timestamps-and-watermarks-operator.js'
import type { StreamNode } from '../../graph/stream-graph.js'
import type { OperatorSpec } from '../../api/dag/operator-spec.js'
import type { SourceCoordinatorGateway } from '../common/source-events.js'
import { CoBroadcastOperator } from './operators/co-broadcast-operator.js'
import { CoProcessOperator } from './operators/co-process-operator.js'
import { CoStreamFlatMap } from './operators/co-stream-flat-map.js'
import { CoStreamMap } from './operators/co-stream-map.js'
import { KeyedProcessOperator } from './operators/keyed-process-operator.js'
import { ProcessOperator } from './operators/process-operator.js'
import { SinkWriterOperator } from './operators/sink-writer-operator.js'
import { SourceOperator } from './operators/source-operator.js'
import { StreamGroupedReduceOperator } from './operators/stream-group-reduce-operator.js'
import { StreamFilter, StreamFlatMap, StreamMap } from './operators/stream-map.js'
import { IntervalJoinOperator } from './operators/interval-join-operator.js'
import { WindowOperator } from './operators/windowing/window-operator.js'
import type { AbstractStreamOperator } from './operators/abstract-stream-operator.js'

export function createOperator(
  node: StreamNode,
  spec: OperatorSpec,
  sourceCoordinator: SourceCoordinatorGateway | undefined,
  autoWatermarkIntervalMs = 200,
): AbstractStreamOperator {
  switch (spec.kind) {
    case 'source':
      if (sourceCoordinator === undefined)
        throw new Error(`Source '${node.operatorName}' has no coordinator`)
      return new SourceOperator(
        spec.source,
        node.watermarkStrategy,
        sourceCoordinator,
        autoWatermarkIntervalMs,
      )
    case 'timestampsAndWatermarks':
      return new TimestampsAndWatermarksOperator(spec.strategy, autoWatermarkIntervalMs)
    case 'map':
      return new StreamMap(spec.fn)
    case 'filter':
      return new StreamFilter(spec.fn)
    case 'flatMap':
      return new StreamFlatMap(spec.fn)
    case 'process':
      return new ProcessOperator(spec.fn)
    case 'keyedProcess':
      return new KeyedProcessOperator(spec.fn)
    case 'reduce':
      return new StreamGroupedReduceOperator(spec.fn)
    case 'window':
      return new WindowOperator(spec.window)
    case 'sink':
      return new SinkWriterOperator(spec.sink)
    case 'coMap':
      return new CoStreamMap(spec.fn)
    case 'coFlatMap':
      return new CoStreamFlatMap(spec.fn)
    case 'coProcess':
      return new CoProcessOperator(spec.fn, false)
    case 'keyedCoProcess':
      return new CoProcessOperator(spec.fn, true)
    case 'intervalJoin':
      return new IntervalJoinOperator(spec.fn, spec.join)
    case 'broadcastProcess':
      return new CoBroadcastOperator(spec.fn, spec.broadcastStateDescriptors, false)
    case 'keyedBroadcastProcess':
      return new CoBroadcastOperator(spec.fn, spec.broadcastStateDescriptors, true)
  }
}
