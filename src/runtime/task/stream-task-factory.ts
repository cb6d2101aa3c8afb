// Builds one subtask — its processing-time service, operator chain, input processor and
// StreamTask — from its vertex, writers and input gates. Shared by the in-process MiniCluster and
// the TaskExecutor, which differ only in where channels and the source coordinator live.
// Flink: the Task/StreamTask set-up in org.apache.flink.runtime.taskmanager.Task#doRun.
import type { RestoredOperatorState } from '../checkpoint/job-restore.js'
import { checkChannelStateShape } from './checkpointing/channel-state-shape.js'
import type { Clock } from '../../core/time/clock.js'
import type { TypeSerializer } from '../../core/types/type-serializer.js'
import type { JobVertex } from '../../graph/job-graph.js'
import type { StreamEdge, StreamGraph } from '../../graph/stream-graph.js'
import type { CheckpointResponder } from '../common/checkpoint-state.js'
import type { SourceCoordinatorGateway } from '../common/source-events.js'
import type { InputGate } from '../network/input-gate.js'
import type { RecordWriter } from '../network/record-writer.js'
import { NetworkInputProcessor } from './input/network-input-processor.js'
import { SourceInputProcessor } from './input/source-input-processor.js'
import { StreamTaskNetworkInput } from './input/stream-task-network-input.js'
import type { InputTarget, StreamInputProcessor } from './input/stream-input-processor.js'
import { OperatorChain } from './operator-chain.js'
import { SourceOperator } from './operators/source-operator.js'
import type { TwoInputStreamOperator } from './operators/stream-operator.js'
import { SystemProcessingTimeService } from './processing-time-service.js'
import { StreamTask } from './stream-task.js'

/** One logical input of a task: its gate and the serializer of each of the gate's channels. */
export interface TaskInputGate {
  readonly gate: InputGate
  readonly serializers: readonly TypeSerializer<unknown>[]
}

export interface StreamTaskSpec {
  readonly jobId: string
  readonly vertex: JobVertex
  readonly streamGraph: StreamGraph
  readonly subtaskIndex: number
  readonly attemptNumber: number
  readonly writers: Map<StreamEdge, RecordWriter>
  /** Called once the chain exists; sources have none. */
  readonly gates: () => readonly TaskInputGate[]
  readonly sourceCoordinator: SourceCoordinatorGateway | undefined
  readonly objectReuse: boolean
  readonly bufferTimeoutMs: number
  readonly clock: Clock
  /** Where the task acknowledges checkpoints; none when the job does not checkpoint. */
  readonly checkpointResponder?: CheckpointResponder | undefined
  /** What each operator restores, when the job starts from a savepoint. */
  readonly restore?: ((operatorId: string) => RestoredOperatorState | undefined) | undefined
  /**
   * Whether execution.checkpointing.interval is set for the job (default false). Two-phase
   * commit sinks then commit at checkpoints and leave their end-of-input committables to the
   * job's end (`StreamTask.finalCommittables`); without it they commit at the end of input.
   */
  readonly isCheckpointingEnabled?: boolean | undefined
  /** execution.checkpointing.incremental (default false). */
  readonly incrementalCheckpoints?: boolean | undefined
}

export function createStreamTask(spec: StreamTaskSpec): StreamTask {
  // The time service exists before the task whose mailbox its timers feed.
  const slot: { task?: StreamTask } = {}
  const pts = new SystemProcessingTimeService(spec.clock, (mail) => slot.task?.enqueue(mail))
  const chain = new OperatorChain({
    jobId: spec.jobId,
    vertex: spec.vertex,
    streamGraph: spec.streamGraph,
    subtaskIndex: spec.subtaskIndex,
    attemptNumber: spec.attemptNumber,
    writers: spec.writers,
    sourceCoordinator: spec.sourceCoordinator,
    processingTimeService: pts,
    objectReuse: spec.objectReuse,
    restore: spec.restore,
    isCheckpointingEnabled: spec.isCheckpointingEnabled,
    incrementalCheckpoints: spec.incrementalCheckpoints,
  })
  restoreOutput(chain, spec.restore)
  const task = new StreamTask(chain, (c) => inputOf(c, spec.gates, spec.restore), {
    bufferTimeoutMs: spec.bufferTimeoutMs,
    processingTimeService: pts,
    checkpointResponder: spec.checkpointResponder,
  })
  slot.task = task
  return task
}

/** A restored task's recorded output goes out before anything it produces. */
function restoreOutput(chain: OperatorChain, restore: StreamTaskSpec['restore']): void {
  const state = restore?.(chain.headOperatorId)?.resultSubpartitionState
  if (state === undefined) return
  const writers = chain.recordWriters()
  checkChannelStateShape(
    state.checkpointId,
    chain.taskInfo.getTaskNameWithSubtasks(),
    'output',
    state.outputs.map((o) => o.length),
    writers.map((w) => w.numberOfChannels),
  )
  state.outputs.forEach((channels, i) => writers[i]!.restoreOutput(channels))
}

function inputOf(
  chain: OperatorChain,
  gatesOf: () => readonly TaskInputGate[],
  restore: StreamTaskSpec['restore'],
): StreamInputProcessor {
  const headOperator = chain.head.operator
  if (headOperator instanceof SourceOperator) {
    return new SourceInputProcessor(headOperator, chain.recordWriters())
  }
  const gates = gatesOf()
  const targets: InputTarget[] =
    gates.length === 2
      ? [
          new FirstInput(headOperator as unknown as TwoInputStreamOperator),
          new SecondInput(headOperator as unknown as TwoInputStreamOperator),
        ]
      : [(chain.compiled.head ?? headOperator) as InputTarget]
  const processor = new NetworkInputProcessor(
    gates.map((g, i) => new StreamTaskNetworkInput(g.gate, g.serializers.slice(), targets[i]!)),
  )
  const channelState = restore?.(chain.headOperatorId)?.inputChannelState
  if (channelState !== undefined) {
    processor.restoreInputChannelState(channelState, chain.taskInfo.getTaskNameWithSubtasks())
  }
  return processor
}

/** Adapters so a two-input operator can be the target of each of its inputs. */
class FirstInput implements InputTarget {
  private readonly op: TwoInputStreamOperator
  constructor(op: TwoInputStreamOperator) {
    this.op = op
  }
  processElement(record: Parameters<InputTarget['processElement']>[0]): void {
    this.op.processElement1(record)
  }
  processWatermark(watermark: number): void {
    this.op.processWatermark1(watermark)
  }
  processWatermarkStatus(idle: boolean): void {
    this.op.processWatermarkStatus1(idle)
  }
}

class SecondInput implements InputTarget {
  private readonly op: TwoInputStreamOperator
  constructor(op: TwoInputStreamOperator) {
    this.op = op
  }
  processElement(record: Parameters<InputTarget['processElement']>[0]): void {
    this.op.processElement2(record)
  }
  processWatermark(watermark: number): void {
    this.op.processWatermark2(watermark)
  }
  processWatermarkStatus(idle: boolean): void {
    this.op.processWatermarkStatus2(idle)
  }
}
