// A TaskManager's TaskExecutor: offers its slots to the ResourceManager, runs the subtasks the
// JobMasters deploy, reports their state changes and metrics, and answers heartbeats. A job's
// program is fetched from the BlobServer and replayed once per job; every subtask then finds its
// vertex in the replayed JobGraph. Flink: org.apache.flink.runtime.taskexecutor.TaskExecutor.
import { serializerOf } from './edge-serializer.js'
import type { CheckpointBarrier } from '../common/checkpoint-barrier.js'
import type { CheckpointResponder } from '../common/checkpoint-state.js'
import { freemem } from 'node:os'
import {
  CheckpointingOptions,
  isCheckpointingEnabled,
} from '../../core/config/checkpointing-options.js'
import { Configuration } from '../../core/config/configuration.js'
import { ExecutionOptions } from '../../core/config/execution-options.js'
import { NettyShuffleEnvironmentOptions } from '../../core/config/netty-shuffle-environment-options.js'
import { PipelineOptions } from '../../core/config/pipeline-options.js'
import { EddyError } from '../../core/errors.js'
import { errorFields, type Logger } from '../../core/logging/logger.js'
import type { Clock } from '../../core/time/clock.js'
import type { TypeSerializer } from '../../core/types/type-serializer.js'
import type {
  AnySource,
  SimpleVersionedSerializer,
  SourceSplit,
} from '../../api/connector/source/source.js'
import type { JobGraph, JobVertex } from '../../graph/job-graph.js'
import type { StreamEdge } from '../../graph/stream-graph.js'
import type {
  ExecutionState,
  TaskDeploymentDescriptor,
  TaskMetricsSnapshot,
} from '../common/deployment.js'
import type {
  BlobServerGateway,
  JobMasterGateway,
  ReaderToCoordinatorEvent,
  ResourceManagerGateway,
  TaskExecutorGateway,
  TaskExecutorHeartbeat,
} from '../common/gateways.js'
import type { SerializedReaderEvent, SourceCoordinatorGateway } from '../common/source-events.js'
import type { RpcService } from '../rpc/rpc-service.js'
import { createChannelSelector } from '../network/channel-selector.js'
import { InputGate } from '../network/input-gate.js'
import type { InputChannel } from '../network/input-channel.js'
import { pointwiseTargets } from '../network/pointwise.js'
import { RecordWriter } from '../network/record-writer.js'
import type { ShuffleEnvironment } from '../network/shuffle-environment.js'
import { edgeId } from '../scheduler/job-graph-descriptor.js'
import { toSerializedError } from '../scheduler/job-master.js'
import type { StreamTask, TaskIoCounters } from '../task/stream-task.js'
import { createStreamTask, type TaskInputGate } from '../task/stream-task-factory.js'
import {
  BLOB_SERVER,
  RESOURCE_MANAGER,
  TASK_EXECUTOR,
  jobMasterEndpoint,
} from '../common/endpoint-ids.js'
import { replayProgram, type BundleDirectory } from './program-replay.js'

export interface TaskExecutorOptions {
  readonly resourceId: string
  readonly rpc: RpcService
  readonly shuffle: ShuffleEnvironment
  readonly numberOfSlots: number
  readonly bundles: BundleDirectory
  readonly clock: Clock
  readonly log: Logger
  /** Silence from the ResourceManager longer than this disconnects and re-registers. */
  readonly heartbeatTimeoutMs: number
  readonly hardware: { readonly cpuCores: number; readonly physicalMemory: number }
}

interface JobEntry {
  readonly program: Promise<JobGraph>
  readonly tasks: Set<string>
}

interface RunningTask {
  readonly tdd: TaskDeploymentDescriptor
  readonly jobMaster: JobMasterGateway
  task: StreamTask | undefined
  state: ExecutionState
  /** The counters at the last heartbeat, to turn cumulative times into per-second rates. */
  lastSample: { at: number; counters: TaskIoCounters } | undefined
  metrics: TaskMetricsSnapshot
  cancelled: boolean
  source: AnySource<unknown> | undefined
}

const ZERO_METRICS: TaskMetricsSnapshot = {
  numRecordsIn: 0,
  numRecordsOut: 0,
  numBytesIn: 0,
  numBytesOut: 0,
  busyTimeMsPerSecond: 0,
  idleTimeMsPerSecond: 0,
  backPressuredTimeMsPerSecond: 0,
  currentInputWatermark: Number.NEGATIVE_INFINITY,
  currentOutputWatermark: Number.NEGATIVE_INFINITY,
  watermarkLag: Number.NaN,
  operatorMetrics: {},
}

export class TaskExecutor implements TaskExecutorGateway {
  private readonly options: TaskExecutorOptions
  private readonly log: Logger
  private readonly jobs = new Map<string, JobEntry>()
  private readonly tasks = new Map<string, RunningTask>()
  private lastHeartbeat: number
  private resourceManagerAddress: string | undefined
  private registered = false
  private closed = false
  private watchdog: ReturnType<typeof setInterval> | undefined

  constructor(options: TaskExecutorOptions) {
    this.options = options
    this.log = options.log
    this.lastHeartbeat = options.clock.now()
    options.rpc.registerEndpoint(TASK_EXECUTOR, this)
  }

  get resourceId(): string {
    return this.options.resourceId
  }

  /** Registers with the ResourceManager, retrying until it answers, and keeps watching it. */
  async connectToResourceManager(address: string): Promise<void> {
    this.resourceManagerAddress = address
    await this.register()
    this.watchdog ??= setInterval(() => this.checkResourceManager(), 1000)
    this.watchdog.unref()
  }

  private async register(): Promise<void> {
    const address = this.resourceManagerAddress
    if (address === undefined) return
    const rm = this.options.rpc.connect<ResourceManagerGateway>(address, RESOURCE_MANAGER)
    for (let attempt = 0; !this.closed; attempt++) {
      try {
        await rm.registerTaskExecutor({
          resourceId: this.options.resourceId,
          rpcAddress: this.options.rpc.address,
          dataAddress: this.options.shuffle.dataAddress,
          numberOfSlots: this.options.numberOfSlots,
          hardware: this.options.hardware,
        })
        this.registered = true
        this.lastHeartbeat = this.options.clock.now()
        this.log.info({ resourceManager: address }, 'Registered at the ResourceManager')
        return
      } catch (e: unknown) {
        if (attempt === 0) {
          this.log.warn(
            { resourceManager: address, ...errorFields(e) },
            'Could not register at the ResourceManager; retrying',
          )
        }
        await new Promise((r) => setTimeout(r, Math.min(100 * 2 ** attempt, 2000)))
      }
    }
  }

  private checkResourceManager(): void {
    if (!this.registered || this.closed) return
    const silence = this.options.clock.now() - this.lastHeartbeat
    if (silence <= this.options.heartbeatTimeoutMs) return
    this.log.warn(
      { silenceMs: silence },
      'The ResourceManager stopped sending heartbeats; cancelling all tasks and re-registering',
    )
    this.registered = false
    for (const t of this.tasks.values()) this.cancelRunning(t)
    void this.register()
  }

  // ---- TaskExecutorGateway ----

  heartbeat(): Promise<TaskExecutorHeartbeat> {
    this.lastHeartbeat = this.options.clock.now()
    const tasks: { executionAttemptId: string; metrics: TaskMetricsSnapshot }[] = []
    for (const [id, t] of this.tasks)
      tasks.push({ executionAttemptId: id, metrics: this.sample(t) })
    return Promise.resolve({ resourceId: this.options.resourceId, freeMemory: freemem(), tasks })
  }

  async submitTask(tdd: TaskDeploymentDescriptor): Promise<void> {
    if (this.tasks.has(tdd.executionAttemptId)) {
      throw new EddyError(`Task ${tdd.executionAttemptId} is already deployed here`, {
        code: 'task.duplicate-deployment',
      })
    }
    const jobMaster = this.options.rpc.connect<JobMasterGateway>(
      tdd.jobMasterAddress,
      jobMasterEndpoint(tdd.program.jobId),
      { fencingToken: tdd.jobMasterId },
    )
    const running: RunningTask = {
      tdd,
      jobMaster,
      task: undefined,
      state: 'DEPLOYING',
      lastSample: undefined,
      metrics: ZERO_METRICS,
      cancelled: false,
      source: undefined,
    }
    this.tasks.set(tdd.executionAttemptId, running)
    const job = this.jobOf(tdd)
    job.tasks.add(tdd.executionAttemptId)
    // Deployment continues in the background: the JobMaster learns the outcome from state updates.
    void job.program.then(
      (jobGraph) => this.startTask(running, jobGraph),
      (e: unknown) => this.finishTask(running, 'FAILED', e),
    )
    return Promise.resolve()
  }

  cancelTask(executionAttemptId: string): Promise<void> {
    const t = this.tasks.get(executionAttemptId)
    if (t !== undefined) this.cancelRunning(t)
    return Promise.resolve()
  }

  sendOperatorEventToTask(executionAttemptId: string, event: SerializedReaderEvent): Promise<void> {
    const t = this.tasks.get(executionAttemptId)
    if (t?.task === undefined || t.source === undefined) {
      // A late event for a task that is gone is harmless.
      return Promise.resolve()
    }
    if (event.kind !== 'addSplits') {
      t.task.deliverReaderEvent(event)
    } else {
      // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- AnySource erases the split type; its serializer makes SourceSplits
      const serializer: SimpleVersionedSerializer<SourceSplit> = t.source.getSplitSerializer()
      const splits = event.splits.map((b) => serializer.deserialize(event.version, b))
      t.task.deliverReaderEvent({ kind: 'addSplits', splits })
    }
    return Promise.resolve()
  }

  freeJob(jobId: string): Promise<void> {
    const job = this.jobs.get(jobId)
    if (job !== undefined) {
      for (const id of job.tasks) {
        const t = this.tasks.get(id)
        if (t !== undefined) this.cancelRunning(t)
        this.tasks.delete(id)
      }
      this.jobs.delete(jobId)
    }
    this.options.shuffle.release(`${jobId}/`)
    return Promise.resolve()
  }

  // ---- deployment ----

  private jobOf(tdd: TaskDeploymentDescriptor): JobEntry {
    const jobId = tdd.program.jobId
    let job = this.jobs.get(jobId)
    if (job === undefined) {
      job = { program: this.loadProgram(tdd), tasks: new Set() }
      this.jobs.set(jobId, job)
    }
    return job
  }

  /**
   * A subtask's new attempt replaces what earlier attempts of it left on this TaskManager under
   * `key` (a subpartition it produces, or a channel it reads). The JobMaster deploys an attempt
   * only once the attempts before it, of the subtask and of every subtask it exchanges data with,
   * have stopped; the rest of the job may run on (region failover), so only these keys go.
   */
  private releaseEarlierAttempts(tdd: TaskDeploymentDescriptor, key: string): void {
    for (let k = 0; k < tdd.attemptNumber; k++)
      this.options.shuffle.release(`${tdd.program.jobId}/${k}/${key}`)
  }

  private async loadProgram(tdd: TaskDeploymentDescriptor): Promise<JobGraph> {
    const { program } = tdd
    const blobs = this.options.rpc.connect<BlobServerGateway>(
      program.blobServerAddress,
      BLOB_SERVER,
    )
    const bytes = await blobs.getBlob(program.bundleKey)
    const file = this.options.bundles.store(program.bundleKey, bytes)
    this.log.info({ jobId: program.jobId, bundle: program.bundleKey }, 'Loading the job program')
    return replayProgram(file, program)
  }

  private startTask(running: RunningTask, jobGraph: JobGraph): void {
    if (running.cancelled) {
      this.finishTask(running, 'CANCELED', undefined)
      return
    }
    const { tdd } = running
    try {
      const vertex = jobGraph.getVertex(tdd.vertexId)
      const configuration = Configuration.fromMap(tdd.program.configuration)
      const head = vertex.head.operator
      running.source = head.kind === 'source' ? head.source : undefined
      const task = createStreamTask({
        jobId: tdd.program.jobId,
        vertex,
        streamGraph: jobGraph.streamGraph,
        subtaskIndex: tdd.subtaskIndex,
        attemptNumber: tdd.attemptNumber,
        writers: this.writersOf(tdd, vertex, configuration),
        gates: () => this.gatesOf(tdd, vertex, configuration),
        sourceCoordinator: vertex.isSource() ? this.coordinatorOf(running) : undefined,
        objectReuse: configuration.get(PipelineOptions.OBJECT_REUSE),
        bufferTimeoutMs: configuration.get(ExecutionOptions.BUFFER_TIMEOUT_ENABLED)
          ? jobGraph.streamGraph.bufferTimeoutMs
          : -1,
        clock: this.options.clock,
        restore: (operatorId) => tdd.restoredState?.[operatorId],
        isCheckpointingEnabled: isCheckpointingEnabled(configuration),
        incrementalCheckpoints: configuration.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS),
        // Every task can take part in a checkpoint: periodic ones or a savepoint.
        checkpointResponder: this.checkpointResponderOf(running),
      })
      running.task = task
      task.termination.then(
        () => this.finishTask(running, task.getExecutionState(), undefined),
        (e: unknown) => this.finishTask(running, 'FAILED', e),
      )
      task.start()
      this.report(running, 'INITIALIZING')
      task.enqueue(() => this.report(running, 'RUNNING'))
      this.log.info(
        { jobId: tdd.program.jobId, task: task.name, subtask: tdd.subtaskIndex },
        'Task deployed',
      )
    } catch (e: unknown) {
      this.finishTask(running, 'FAILED', e)
    }
  }

  private writersOf(
    tdd: TaskDeploymentDescriptor,
    vertex: JobVertex,
    configuration: Configuration,
  ): Map<StreamEdge, RecordWriter> {
    const capacity = channelCapacity(configuration)
    const segmentSize = configuration.get(NettyShuffleEnvironmentOptions.MEMORY_SEGMENT_SIZE)
    const p = tdd.subtaskIndex
    const writers = new Map<StreamEdge, RecordWriter>()
    for (const edge of vertex.outputs) {
      const id = edgeId(edge.target, edge.target.inputs.indexOf(edge))
      const consumers =
        edge.distributionPattern === 'POINTWISE'
          ? pointwiseTargets(p, vertex.parallelism, edge.target.parallelism)
          : Array.from({ length: edge.target.parallelism }, (_, c) => c)
      this.releaseEarlierAttempts(tdd, `${id}/${p}/`)
      const channels = consumers.map((c) =>
        this.options.shuffle.subpartition(`${partitionPrefix(tdd)}${id}/${p}/${c}`, capacity),
      )
      const selector = createChannelSelector(
        edge.streamEdge.partitioner,
        channels.length,
        p,
        edge.target.maxParallelism,
      )
      writers.set(
        edge.streamEdge,
        new RecordWriter(channels, selector, serializerOf(edge.streamEdge), segmentSize),
      )
    }
    return writers
  }

  private gatesOf(
    tdd: TaskDeploymentDescriptor,
    vertex: JobVertex,
    configuration: Configuration,
  ): TaskInputGate[] {
    const credit = channelCapacity(configuration)
    const gates: TaskInputGate[] = []
    for (let input = 1; input <= vertex.numberOfInputs(); input++) {
      const channels: InputChannel[] = []
      const serializers: TypeSerializer<unknown>[] = []
      vertex.inputs.forEach((edge, i) => {
        const typeNumber = edge.streamEdge.typeNumber === 0 ? 1 : edge.streamEdge.typeNumber
        if (typeNumber !== input) return
        const serializer = serializerOf(edge.streamEdge)
        for (const ch of tdd.inputs[i] ?? []) {
          this.releaseEarlierAttempts(tdd, ch.channelKey)
          channels.push(
            this.options.shuffle.inputChannel(
              `${partitionPrefix(tdd)}${ch.channelKey}`,
              ch.producerDataAddress,
              credit,
            ),
          )
          serializers.push(serializer)
        }
      })
      gates.push({ gate: new InputGate(channels), serializers })
    }
    return gates
  }

  /** Acknowledgements go to the JobMaster; one that cannot be delivered only fails that checkpoint. */
  private checkpointResponderOf(running: RunningTask): CheckpointResponder {
    const { tdd, jobMaster } = running
    const id = tdd.executionAttemptId
    return {
      acknowledgeCheckpoint: (checkpointId, state, metrics) =>
        void jobMaster
          .acknowledgeCheckpoint(id, checkpointId, state, metrics)
          .catch((e: unknown) =>
            this.log.warn(
              { checkpointId, error: messageOf(e) },
              'Could not acknowledge checkpoint',
            ),
          ),
      declineCheckpoint: (checkpointId, reason) =>
        void jobMaster.declineCheckpoint(id, checkpointId, reason).catch(() => undefined),
    }
  }

  triggerCheckpoint(executionAttemptId: string, barrier: CheckpointBarrier): Promise<void> {
    this.tasks.get(executionAttemptId)?.task?.triggerCheckpoint(barrier)
    return Promise.resolve()
  }

  endSuspendedSource(executionAttemptId: string, action: 'drain' | 'resume'): Promise<void> {
    this.tasks.get(executionAttemptId)?.task?.endSuspendedSource(action)
    return Promise.resolve()
  }

  notifyCheckpointComplete(executionAttemptId: string, checkpointId: number): Promise<void> {
    this.tasks.get(executionAttemptId)?.task?.notifyCheckpointComplete(checkpointId)
    return Promise.resolve()
  }

  notifyCheckpointAborted(executionAttemptId: string, checkpointId: number): Promise<void> {
    this.tasks.get(executionAttemptId)?.task?.notifyCheckpointAborted(checkpointId)
    return Promise.resolve()
  }

  private coordinatorOf(running: RunningTask): SourceCoordinatorGateway {
    const { tdd, jobMaster } = running
    const send = (event: ReaderToCoordinatorEvent): void => {
      jobMaster
        .sendOperatorEventToCoordinator(tdd.vertexId, tdd.subtaskIndex, event)
        .catch((e: unknown) =>
          running.task?.enqueue(() => {
            throw new EddyError(`Could not reach the source coordinator: ${messageOf(e)}`, {
              code: 'source.coordinator-unreachable',
              cause: e,
            })
          }),
        )
    }
    return {
      registerReader: () => send({ kind: 'registerReader' }),
      requestSplit: () => send({ kind: 'requestSplit' }),
      reportWatermark: (_subtask, watermark) => send({ kind: 'reportWatermark', watermark }),
    }
  }

  private cancelRunning(t: RunningTask): void {
    t.cancelled = true
    if (t.task !== undefined) t.task.cancel()
  }

  private finishTask(running: RunningTask, state: ExecutionState, error: unknown): void {
    if (isTerminal(running.state)) return
    const metrics = this.sample(running)
    running.state = state
    const { tdd } = running
    // A long-running TaskManager keeps nothing of tasks that ended (their metrics go with this report).
    this.tasks.delete(tdd.executionAttemptId)
    this.jobs.get(tdd.program.jobId)?.tasks.delete(tdd.executionAttemptId)
    if (error !== undefined) {
      this.log.warn(
        {
          jobId: tdd.program.jobId,
          vertex: tdd.vertexId,
          subtask: tdd.subtaskIndex,
          ...errorFields(error),
        },
        'Task failed',
      )
    }
    const finalCommittables = state === 'FINISHED' ? running.task?.finalCommittables() : undefined
    running.jobMaster
      .updateTaskExecutionState({
        executionAttemptId: tdd.executionAttemptId,
        state,
        ...(error === undefined ? {} : { error: toSerializedError(error) }),
        metrics,
        ...(finalCommittables === undefined || Object.keys(finalCommittables).length === 0
          ? {}
          : { finalCommittables }),
      })
      .catch((e: unknown) =>
        this.log.warn(
          { jobId: tdd.program.jobId, ...errorFields(e) },
          'Could not report a task state to the JobMaster',
        ),
      )
  }

  private report(running: RunningTask, state: ExecutionState): void {
    if (isTerminal(running.state)) return
    running.state = state
    running.jobMaster
      .updateTaskExecutionState({ executionAttemptId: running.tdd.executionAttemptId, state })
      .catch(() => undefined)
  }

  /** The task's metrics now; time metrics are rates over the time since the previous sample. */
  private sample(t: RunningTask): TaskMetricsSnapshot {
    if (t.task === undefined) return t.metrics
    const counters = t.task.ioCounters()
    const at = performance.now()
    const previous = t.lastSample
    if (previous === undefined || at - previous.at < 1) {
      t.metrics = { ...t.metrics, ...counts(counters) }
    } else {
      const elapsed = at - previous.at
      const rate = (ms: number): number => Math.max(0, Math.min(1000, (ms / elapsed) * 1000))
      const idle = rate(counters.idleTimeMs - previous.counters.idleTimeMs)
      const backPressured = rate(
        counters.backPressuredTimeMs - previous.counters.backPressuredTimeMs,
      )
      t.metrics = {
        ...counts(counters),
        idleTimeMsPerSecond: Math.round(idle),
        backPressuredTimeMsPerSecond: Math.round(backPressured),
        busyTimeMsPerSecond: Math.round(Math.max(0, 1000 - idle - backPressured)),
      }
    }
    t.lastSample = { at, counters }
    return t.metrics
  }

  async close(): Promise<void> {
    this.closed = true
    if (this.watchdog !== undefined) clearInterval(this.watchdog)
    for (const t of this.tasks.values()) this.cancelRunning(t)
    await Promise.allSettled(
      [...this.tasks.values()].map((t) => t.task?.termination ?? Promise.resolve()),
    )
    this.options.rpc.unregisterEndpoint(TASK_EXECUTOR)
  }
}

function counts(
  c: TaskIoCounters,
): Omit<
  TaskMetricsSnapshot,
  'busyTimeMsPerSecond' | 'idleTimeMsPerSecond' | 'backPressuredTimeMsPerSecond'
> {
  const wm = c.currentOutputWatermark
  return {
    numRecordsIn: c.recordsIn,
    numRecordsOut: c.recordsOut,
    numBytesIn: c.bytesIn,
    numBytesOut: c.bytesOut,
    currentInputWatermark: c.currentInputWatermark,
    currentOutputWatermark: wm,
    operatorMetrics: c.operatorMetrics,
    watermarkLag: Number.isFinite(wm) ? Date.now() - wm : Number.NaN,
  }
}

/**
 * The key prefix of a task's subpartitions and input channels: the job's, then the attempt's,
 * so that a restarted job's tasks never meet a channel of the attempt before.
 */
function partitionPrefix(tdd: TaskDeploymentDescriptor): string {
  return `${tdd.program.jobId}/${tdd.attemptNumber}/`
}

function channelCapacity(configuration: Configuration): number {
  return (
    configuration.get(NettyShuffleEnvironmentOptions.NETWORK_BUFFERS_PER_CHANNEL) +
    configuration.get(NettyShuffleEnvironmentOptions.NETWORK_EXTRA_BUFFERS_PER_GATE)
  )
}

function isTerminal(state: ExecutionState): boolean {
  return state === 'FINISHED' || state === 'CANCELED' || state === 'FAILED'
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
