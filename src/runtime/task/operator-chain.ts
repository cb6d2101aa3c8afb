// The operators of one task, wired: creates each member (an operator object, or a user function
// fused into generated code), its state backends and its Output, and runs the lifecycle in
// Flink's order (open tail-first, finish head-first, close all). Errors are attributed to the
// member running when they were thrown. Flink: org.apache.flink.streaming.runtime.tasks.OperatorChain.
import type { RestoredOperatorState } from '../checkpoint/job-restore.js'
import { restoreKeyedState } from '../state/snapshot/keyed-state-restore.js'
import {
  AsyncKeyedStateSnapshot,
  type KeyedSnapshotTask,
} from '../state/snapshot/async-keyed-state-snapshot.js'
import { IncrementalKeyedSnapshots } from '../state/snapshot/incremental-keyed-snapshots.js'
import { stateFileName } from '../checkpoint/fs-checkpoint-storage.js'
import { keyedStateFileName } from './checkpointing/task-state-files.js'
import { snapshotBackends } from './checkpointing/snapshot-backends.js'
import { operatorIdOf } from '../../graph/stream-graph.js'
import type { FinalCommittables, OperatorSubtaskState } from '../common/checkpoint-state.js'
import { isRichFunction } from '../../api/functions/rich-function.js'
import type { OperatorSpec } from '../../api/dag/operator-spec.js'
import { computeKeyGroupRangeForOperatorIndex } from '../../core/keys/key-group-range-assignment.js'
import type { JobVertex } from '../../graph/job-graph.js'
import type { StreamEdge, StreamNode } from '../../graph/stream-graph.js'
import { isChainable } from '../../graph/streaming-job-graph-generator.js'
import type { StreamGraph } from '../../graph/stream-graph.js'
import type { SourceCoordinatorGateway } from '../common/source-events.js'
import type { RecordWriter } from '../network/record-writer.js'
import { DefaultOperatorStateBackend } from '../state/default-operator-state-backend.js'
import { HeapKeyedStateBackend } from '../state/heap/heap-keyed-state-backend.js'
import type { KeyedStateBackend } from '../state/keyed-state-backend.js'
import {
  compileChain,
  isFusable,
  type ChainMember,
  type CompiledChain,
} from './chain/chain-compiler.js'
import { createOperator } from './operator-factory.js'
import { SinkWriterOperator } from './operators/sink-writer-operator.js'
import { SourceOperator } from './operators/source-operator.js'
import { deepCopy } from '../../core/deep-copy.js'
import type { AbstractStreamOperator } from './operators/abstract-stream-operator.js'
import type { ProcessingTimeService } from './processing-time-service.js'
import { StreamingRuntimeContext, SubtaskInfo } from './streaming-runtime-context.js'

export interface OperatorChainContext {
  readonly jobId: string
  readonly vertex: JobVertex
  readonly streamGraph: StreamGraph
  readonly subtaskIndex: number
  readonly attemptNumber: number
  readonly writers: ReadonlyMap<StreamEdge, RecordWriter>
  readonly sourceCoordinator: SourceCoordinatorGateway | undefined
  readonly processingTimeService: ProcessingTimeService
  /** Flink's pipeline.object-reuse: off means chained branches get their own record copies. */
  readonly objectReuse: boolean
  /** What each operator restores (by operator id), when the job starts from a savepoint. */
  readonly restore?: ((operatorId: string) => RestoredOperatorState | undefined) | undefined
  /** execution.checkpointing.interval is set for the job (see StreamOperatorParameters). */
  readonly isCheckpointingEnabled?: boolean | undefined
  /**
   * state.backend.incremental: checkpoints with a directory for shared state write the keyed
   * state's changes since the last completed checkpoint (see IncrementalKeyedSnapshots).
   */
  readonly incrementalCheckpoints?: boolean | undefined
}

interface Member extends ChainMember {
  readonly operator: AbstractStreamOperator | undefined
  /** With incremental checkpoints, the chains of the keyed backend's snapshots. */
  readonly incremental: IncrementalKeyedSnapshots | undefined
}

/** A keyed backend's snapshot, begun at the barrier and written between records. */
export interface PendingKeyedSnapshot {
  readonly operatorId: string
  readonly snapshot: KeyedSnapshotTask
}

/** The chain's part of a checkpoint as taken at the barrier. */
export interface ChainSnapshot {
  /** By operator id; keyed state is added as `keyed` finishes. */
  readonly operators: Record<string, OperatorSubtaskState>
  readonly keyed: readonly PendingKeyedSnapshot[]
}

export class OperatorChain {
  readonly members: readonly Member[]
  readonly compiled: CompiledChain
  readonly taskInfo: SubtaskInfo
  private readonly context: OperatorChainContext

  constructor(context: OperatorChainContext) {
    this.context = context
    const { vertex, subtaskIndex } = context
    this.taskInfo = new SubtaskInfo(
      vertex.name,
      subtaskIndex,
      vertex.parallelism,
      vertex.maxParallelism,
      context.attemptNumber,
    )
    const byId = new Map<number, Member>()
    // Build tail-first so every member's chained targets exist when it is created.
    const members: Member[] = []
    for (let i = vertex.chain.length - 1; i >= 0; i--) {
      const member = this.createMember(vertex.chain[i]!, i, byId)
      byId.set(member.node.id, member)
      members.unshift(member)
    }
    this.members = members
    this.compiled = compileChain(members, context.objectReuse)
    if (process.env['EDDY_DUMP_CODE'] !== undefined) {
      process.stderr.write(
        `// chain of ${vertex.name} (${subtaskIndex})\n${this.compiled.source}\n`,
      )
    }
    const head = members[0]!.operator
    if (head instanceof SourceOperator) head.setChainReaderOutput(this.compiled.readerOutput)
    for (const m of members) {
      m.operator?.setup({
        output: this.compiled.outputs[m.node.id]!,
        taskInfo: this.taskInfo,
        jobId: context.jobId,
        keyedStateBackend: m.keyedStateBackend,
        keySelectors: m.node.stateKeySelectors,
        operatorStateBackend: new DefaultOperatorStateBackend(),
        processingTimeService: this.stagedTimeService(m.stage),
        isCheckpointingEnabled: context.isCheckpointingEnabled ?? false,
      })
      const restored = context.restore?.(operatorIdOf(m.node))
      if (restored === undefined) continue
      if (m.operator !== undefined) m.operator.initializeState(restored)
      else if (
        m.keyedStateBackend instanceof HeapKeyedStateBackend &&
        restored.keyedState.length > 0
      ) {
        restoreKeyedState(m.keyedStateBackend, restored.keyedState)
      }
    }
  }

  private createMember(node: StreamNode, stage: number, byId: ReadonlyMap<number, Member>): Member {
    const { streamGraph, writers } = this.context
    const keyed = node.isKeyed()
    const keyedStateBackend = keyed ? this.createKeyedBackend(node) : undefined
    const fused = isFusable(node)
    const chained: Member['chained'] = []
    const memberWriters: Member['writers'] = []
    for (const edge of node.outEdges) {
      if (isChainable(edge, streamGraph)) chained.push({ edge, target: byId.get(edge.targetId)! })
      else memberWriters.push({ edge, writer: writers.get(edge)! })
    }
    // Each subtask gets its own copy of the user function, as if deserialized (see deep-copy.ts).
    const spec = (
      'fn' in node.operator ? { ...node.operator, fn: deepCopy(node.operator.fn) } : node.operator
    ) as OperatorSpec
    const trustsKeyGroup = stage === 0 && trustsInputKeyGroup(node)
    const operator = fused
      ? undefined
      : createOperator(
          node,
          spec,
          this.context.sourceCoordinator,
          this.context.streamGraph.autoWatermarkIntervalMs,
        )
    if (operator !== undefined) operator.trustsInputKeyGroup = trustsKeyGroup
    return {
      node,
      stage,
      fusedFunction: fused && 'fn' in spec ? spec.fn : undefined,
      operator,
      keySelector: fused ? node.stateKeySelectors[0] : undefined,
      keyedStateBackend,
      incremental:
        keyedStateBackend instanceof HeapKeyedStateBackend &&
        this.context.incrementalCheckpoints === true &&
        this.context.isCheckpointingEnabled === true
          ? new IncrementalKeyedSnapshots(keyedStateBackend)
          : undefined,
      trustsInputKeyGroup: fused && trustsKeyGroup,
      chained,
      writers: memberWriters,
    }
  }

  private createKeyedBackend(node: StreamNode): KeyedStateBackend {
    const { subtaskIndex } = this.context
    const range = computeKeyGroupRangeForOperatorIndex(
      node.maxParallelism,
      node.parallelism,
      subtaskIndex,
    )
    return new HeapKeyedStateBackend(range, node.maxParallelism)
  }

  /** Timer callbacks enter the stage of the operator that registered them. */
  private stagedTimeService(stage: number): ProcessingTimeService {
    const pts = this.context.processingTimeService
    const compiled = (): CompiledChain => this.compiled
    return {
      getCurrentProcessingTime: () => pts.getCurrentProcessingTime(),
      registerTimer: (time, callback) =>
        pts.registerTimer(time, (t) => {
          compiled().setStage(stage)
          callback(t)
        }),
      quiesce: () => pts.quiesce(),
    }
  }

  get head(): Member {
    return this.members[0]!
  }

  /** The name of the operator that runs at `stage`. */
  operatorNameAt(stage: number): string {
    return (this.members[stage] ?? this.head).node.operatorName
  }

  currentOperatorName(): string {
    return this.operatorNameAt(this.compiled.getStage())
  }

  /** Opens the operators and fused functions, last first, so outputs are ready before inputs. */
  open(): void {
    for (let i = this.members.length - 1; i >= 0; i--) {
      const m = this.members[i]!
      this.compiled.setStage(m.stage)
      if (m.operator !== undefined) m.operator.open()
      else if (isRichFunction(m.fusedFunction)) {
        m.fusedFunction.setRuntimeContext(
          new StreamingRuntimeContext(this.taskInfo, this.context.jobId, m.keyedStateBackend),
        )
        m.fusedFunction.open({})
      }
    }
  }

  /** End of input: each operator flushes what it holds, head first, so it reaches the rest. */
  finish(): void {
    this.forEachOperator((operator) => operator.finish())
  }

  /** Closes everything; returns the first error (the rest are secondary to it). */
  close(): unknown {
    let first: unknown = undefined
    for (const m of this.members) {
      try {
        this.compiled.setStage(m.stage)
        if (m.operator !== undefined) m.operator.close()
        else if (isRichFunction(m.fusedFunction)) m.fusedFunction.close()
      } catch (e: unknown) {
        first ??= e
      }
      m.keyedStateBackend?.dispose()
    }
    return first
  }

  /** The id of the chain's first operator, which holds the task's input channel state. */
  get headOperatorId(): string {
    return operatorIdOf(this.members[0]!.node)
  }

  /**
   * Every operator's state for the checkpoint, by operator id; operators without state left out.
   * The keyed state of `hashmap` backends is not in it yet: it is being written asynchronously,
   * one entry of `keyed` per backend, and goes into the operator's state once finished. With a
   * checkpoint `directory`, each backend streams its keyed state into a file of its own there;
   * with incremental checkpoints and a `sharedDirectory`, into a file there that later
   * checkpoints may name too.
   */
  snapshotState(
    checkpointId: number,
    directory: string | undefined,
    timestamp: number,
    sharedDirectory?: string,
  ): ChainSnapshot {
    const operators: Record<string, OperatorSubtaskState> = {}
    const keyed: PendingKeyedSnapshot[] = []
    try {
      for (const m of this.members) {
        this.compiled.setStage(m.stage)
        const id = operatorIdOf(m.node)
        const backend = m.keyedStateBackend
        const timers = m.operator?.timerSnapshotWriter()
        if (
          backend instanceof HeapKeyedStateBackend &&
          (backend.getRegisteredKvStates().length > 0 || timers !== undefined)
        ) {
          const subtask = this.taskInfo.getIndexOfThisSubtask()
          const target =
            directory === undefined
              ? undefined
              : { directory, file: keyedStateFileName(id, subtask) }
          keyed.push({
            operatorId: id,
            snapshot:
              m.incremental !== undefined && sharedDirectory !== undefined
                ? m.incremental.start(
                    checkpointId,
                    sharedDirectory,
                    stateFileName(id, subtask),
                    timers,
                  )
                : new AsyncKeyedStateSnapshot(backend, timers, target),
          })
        }
        // A fused member's only state is the keyed state of its rich function.
        const state =
          m.operator === undefined
            ? snapshotBackends(backend, undefined, undefined)
            : m.operator.snapshotState(checkpointId, timestamp)
        if (Object.keys(state).length > 0) operators[id] = state
      }
    } catch (e: unknown) {
      for (const k of keyed) k.snapshot.stop()
      throw e
    }
    return { operators, keyed }
  }

  notifyCheckpointComplete(checkpointId: number): void {
    for (const m of this.members) m.incremental?.notifyCheckpointComplete(checkpointId)
    this.forEachOperator((operator) => operator.notifyCheckpointComplete(checkpointId))
  }

  notifyCheckpointAborted(checkpointId: number): void {
    for (const m of this.members) m.incremental?.notifyCheckpointAborted(checkpointId)
    this.forEachOperator((operator) => operator.notifyCheckpointAborted(checkpointId))
  }

  /** Calls `action` on each member that runs as an operator, head first, in that member's stage. */
  private forEachOperator(action: (operator: AbstractStreamOperator) => void): void {
    for (const m of this.members) {
      this.compiled.setStage(m.stage)
      if (m.operator !== undefined) action(m.operator)
    }
  }

  /** What the chain's sinks left to commit at the job's end, by operator id (after `finish`). */
  finalCommittables(): Record<string, FinalCommittables> {
    const byOperator: Record<string, FinalCommittables> = {}
    for (const m of this.members) {
      if (!(m.operator instanceof SinkWriterOperator)) continue
      const final = m.operator.finalCommittables()
      if (final !== undefined) byOperator[operatorIdOf(m.node)] = final
    }
    return byOperator
  }

  /** The operators' own metrics, as `<operator name>.<metric>` (Flink's operator scope). */
  operatorMetrics(): Record<string, number> {
    const metrics: Record<string, number> = {}
    for (const m of this.members) {
      if (m.operator === undefined) continue
      for (const [name, value] of Object.entries(m.operator.operatorMetrics()))
        metrics[`${m.node.operatorName}.${name}`] = value
    }
    return metrics
  }

  recordWriters(): RecordWriter[] {
    return this.members.flatMap((m) => m.writers.map((w) => w.writer))
  }
}

/** True when every input of the node is hash-partitioned by the node's own state key selector. */
function trustsInputKeyGroup(node: StreamNode): boolean {
  const keySelector = node.stateKeySelectors[0]
  return (
    keySelector !== undefined &&
    node.inEdges.length > 0 &&
    node.inEdges.every(
      (e) => e.partitioner.type === 'HASH' && e.partitioner.keySelector === keySelector,
    )
  )
}
