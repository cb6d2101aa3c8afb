// One job's master: replays the program for its source enumerators, acquires a slot for every
// parallel pipeline (subtask i of all vertices of a slot sharing group share slot i), deploys
// every subtask with a TaskDeploymentDescriptor, tracks execution states, and ends the job when
// all tasks finished, one failed and the restart strategy allows no restart (the others are
// cancelled), or the user cancelled it. A task failure the strategy allows restarts the task's
// pipelined region with region failover (its tasks are cancelled and deployed again on their slots
// from the latest completed checkpoint while the job runs on), or else the whole job (full
// failover, and always for a lost TaskManager): every task is cancelled, and after the backoff a
// new attempt is deployed on freshly allocated slots (a lost TaskManager's share goes to the
// remaining or a new one), from the latest completed checkpoint.
// Flink: org.apache.flink.runtime.jobmaster.JobMaster + DefaultScheduler + ExecutionGraph.
import { SavepointConfigOptions } from '../../core/config/savepoint-config-options.js'
import { JobRestore } from '../checkpoint/job-restore.js'
import type { RestoredOperatorState } from '../common/checkpoint-state.js'
import type {
  CheckpointConfigInfo,
  CheckpointStatisticsInfo,
  CheckpointingStatisticsInfo,
  SavepointStatusInfo,
} from '../common/cluster-info.js'
import { CheckpointingOptions } from '../../core/config/checkpointing-options.js'
import { JobManagerOptions } from '../../core/config/job-manager-options.js'
import type {
  CheckpointMetrics,
  FinalCommittables,
  TaskStateSnapshot,
} from '../common/checkpoint-state.js'
import { commitFinalCommittables } from '../task/operators/sink/commit-final.js'
import type { CheckpointCoordinator, CheckpointTask } from '../checkpoint/checkpoint-coordinator.js'
import {
  checkpointedOperatorsOf,
  createCheckpointCoordinator,
} from '../checkpoint/checkpoint-coordinator-factory.js'
import { operatorIdOf } from '../../graph/stream-graph.js'
import { randomBytes } from 'node:crypto'
import { EddyError } from '../../core/errors.js'
import type { Logger } from '../../core/logging/logger.js'
import type { Clock } from '../../core/time/clock.js'
import type { AnySource, SourceSplit } from '../../api/connector/source/source.js'
import type { JobStatus } from '../../api/execution/job-client.js'
import type { JobGraph } from '../../graph/job-graph.js'
import type {
  ExceptionInfo,
  IoMetricsInfo,
  RootExceptionInfo,
  JobDetailsInfo,
  JobExceptionsInfo,
  JobGraphDescriptor,
  JobOverviewInfo,
  JobVertexDescriptor,
  JobVertexDetailsInfo,
  SubtaskInfo,
} from '../common/cluster-info.js'
import type {
  ExecutionState,
  InputChannelDescriptor,
  ProgramDescriptor,
  SerializedError,
  TaskDeploymentDescriptor,
  TaskExecutionStateUpdate,
  TaskMetricsSnapshot,
} from '../common/deployment.js'
import { jobMasterEndpoint } from '../common/endpoint-ids.js'
import type {
  JobMasterGateway,
  ReaderToCoordinatorEvent,
  SavepointThen,
  TaskExecutorGateway,
} from '../common/gateways.js'
import { Configuration } from '../../core/config/configuration.js'
import type { ReaderEvent } from '../common/source-events.js'
import { pointwiseTargets } from '../network/pointwise.js'
import type { RpcService } from '../rpc/rpc-service.js'
import { SourceCoordinator, sourceAlignment } from '../source/source-coordinator.js'
import { WatermarkAlignmentGroups } from '../source/watermark-alignment.js'
import { slotsNeeded } from './job-graph-descriptor.js'
import { PipelinedRegions } from './pipelined-regions.js'
import {
  createRestartBackoffTimeStrategy,
  mayRestartAfter,
  type RestartBackoffTimeStrategy,
} from './restart-backoff-time-strategy.js'
import type { SlotOffer, SlotProvider } from './slot-provider.js'

const EXECUTION_STATES: readonly ExecutionState[] = [
  'CREATED',
  'SCHEDULED',
  'DEPLOYING',
  'INITIALIZING',
  'RUNNING',
  'FINISHED',
  'CANCELING',
  'CANCELED',
  'FAILED',
]

const JOB_STATES: readonly JobStatus[] = [
  'INITIALIZING',
  'CREATED',
  'RUNNING',
  'FAILING',
  'FAILED',
  'CANCELLING',
  'CANCELED',
  'FINISHED',
  'RESTARTING',
  'SUSPENDED',
  'RECONCILING',
]

export interface JobMasterOptions {
  readonly descriptor: JobGraphDescriptor
  readonly program: ProgramDescriptor
  readonly slots: SlotProvider
  readonly rpc: RpcService
  /** Replays the program in plan mode (for the source enumerators). */
  readonly replay: () => Promise<JobGraph>
  readonly slotRequestTimeoutMs: number
  readonly clock: Clock
  readonly log: Logger
}

/** A savepoint in progress or done, as its trigger id's status reports it. */
interface SavepointOperation {
  location: string | undefined
  failure: Error | undefined
}

/** One attempt of one subtask. Flink: Execution. */
interface Execution {
  readonly vertex: JobVertexDescriptor
  readonly subtask: number
  readonly attemptId: string
  /** How many times the job restarted before this attempt. */
  readonly attemptNumber: number
  state: ExecutionState
  slot: SlotOffer | undefined
  readonly timestamps: Partial<Record<ExecutionState, number>>
  metrics: TaskMetricsSnapshot | undefined
  /** What the finished task's sinks leave to commit at the job's end. */
  finalCommittables: Readonly<Record<string, FinalCommittables>> | undefined
}

export class JobMaster implements JobMasterGateway {
  readonly jobId: string
  readonly jobMasterId = randomBytes(16).toString('hex')
  private readonly options: JobMasterOptions
  private readonly log: Logger
  private status: JobStatus = 'INITIALIZING'
  private readonly statusTimestamps: Partial<Record<JobStatus, number>> = {}
  private executions: Execution[] = []
  private readonly byAttempt = new Map<string, Execution>()
  /** The job's restarts so far; the attempt number of every current execution. */
  private attempt = 0
  private restartStrategy: RestartBackoffTimeStrategy | undefined
  private readonly coordinators = new Map<string, SourceCoordinator>()
  private checkpointCoordinator: CheckpointCoordinator | undefined
  private readonly savepointOperations = new Map<string, SavepointOperation>()
  /**
   * The checkpoint of this job the current attempt restored (0: none; a savepoint's ids are
   * another job's), where split assignments since restore are counted from.
   */
  private restoredCheckpointId = 0
  /** The job's pipelined regions (what region failover restarts). */
  private readonly regions: PipelinedRegions
  /** Regions whose tasks are stopping or waiting to be deployed again (region failover). */
  private readonly restartingRegions = new Map<number, { scheduled: boolean }>()
  /** A restart waits for its backoff or deploys; the failed attempt's tasks have all stopped. */
  private restartPending = false
  /** Set by stop-with-savepoint: the cancellation that follows ends the job FINISHED. */
  private stopAfterSavepoint = false
  /** The job's configuration (the client's, as submitted), read once the job starts. */
  private configuration: Configuration | undefined
  /** The state the job starts from, when it starts from a savepoint or retained checkpoint. */
  private restore: JobRestore | undefined
  private jobGraph: JobGraph | undefined
  /** Every failure that failed or restarted the job, oldest first, with the ones it caused. */
  private readonly exceptions: RootExceptionInfo[] = []
  private rootException: SerializedError | undefined
  private settle!: (status: JobStatus) => void
  /** Resolves with the terminal status. */
  readonly termination: Promise<JobStatus>

  constructor(options: JobMasterOptions) {
    this.options = options
    this.jobId = options.descriptor.jobId
    this.log = options.log.child({ jobId: this.jobId })
    this.termination = new Promise((resolve) => {
      this.settle = resolve
    })
    this.transition('INITIALIZING')
    this.regions = new PipelinedRegions(options.descriptor.vertices)
    this.createExecutions()
    options.rpc.registerEndpoint(jobMasterEndpoint(this.jobId), this, {
      fencingToken: () => this.jobMasterId,
    })
  }

  get jobStatus(): JobStatus {
    return this.status
  }

  /** Schedules and deploys the job; the outcome arrives through `termination`. */
  async start(): Promise<void> {
    try {
      const jobGraph = await this.options.replay()
      if (this.status !== 'INITIALIZING') return
      const configuration = Configuration.fromMap(this.options.program.configuration)
      this.configuration = configuration
      const savepoint = configuration.getOptional(SavepointConfigOptions.SAVEPOINT_PATH)
      if (savepoint !== undefined) {
        this.restore = await JobRestore.load(
          savepoint,
          checkpointedOperatorsOf(jobGraph),
          configuration.get(SavepointConfigOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE),
        )
        for (const why of this.restore.skipped) {
          this.log.warn({ path: savepoint }, `Skipped a newer checkpoint: ${why}`)
        }
        if (this.status !== 'INITIALIZING') return
      }
      this.jobGraph = jobGraph
      this.restartStrategy = createRestartBackoffTimeStrategy(configuration)
      this.transition('CREATED')
      this.transition('RUNNING')
      this.checkpointCoordinator = createCheckpointCoordinator(jobGraph, configuration, {
        tasks: () => this.checkpointTasks,
        operatorCoordinators: () => this.coordinatorsByOperator(jobGraph),
        onTolerableFailuresExceeded: (error) => this.failJob(error, undefined),
        clock: this.options.clock,
        log: this.log,
      })
      await this.scheduleAndDeploy(jobGraph)
    } catch (e: unknown) {
      // A job cancelled while it waited for slots has ended; its withdrawn request is no failure.
      if (!this.isTerminal()) this.failJob(e, undefined)
    }
  }

  /** Creates the source coordinators, allocates every slot and deploys the current attempt. */
  private async scheduleAndDeploy(jobGraph: JobGraph): Promise<void> {
    this.createCoordinators(jobGraph)
    for (const e of this.executions) this.setState(e, 'SCHEDULED')
    const offers = await this.options.slots.allocateSlots(
      this.jobId,
      slotsNeeded(this.options.descriptor),
      this.options.slotRequestTimeoutMs,
    )
    if (this.jobStatus !== 'RUNNING') {
      this.options.slots.releaseSlots(this.jobId)
      return
    }
    this.assignSlots(offers)
    for (const c of this.coordinators.values()) c.start()
    for (const e of this.executions) this.deploy(e)
    this.checkpointCoordinator?.start()
  }

  /** The executions of a new attempt, one per subtask, replacing the previous attempt's. */
  private createExecutions(): void {
    for (const e of this.executions) this.byAttempt.delete(e.attemptId)
    this.executions = []
    for (const vertex of this.options.descriptor.vertices) {
      for (let i = 0; i < vertex.parallelism; i++) {
        const e = this.newExecution(vertex, i, this.attempt, undefined)
        this.executions.push(e)
        this.byAttempt.set(e.attemptId, e)
      }
    }
  }

  private newExecution(
    vertex: JobVertexDescriptor,
    subtask: number,
    attemptNumber: number,
    slot: SlotOffer | undefined,
  ): Execution {
    return {
      vertex,
      subtask,
      attemptId: randomBytes(16).toString('hex'),
      attemptNumber,
      state: 'CREATED',
      slot,
      timestamps: { CREATED: this.options.clock.now() },
      metrics: undefined,
      finalCommittables: undefined,
    }
  }

  /**
   * Full failover, once every task of the failed attempt has stopped: stops checkpointing,
   * frees the slots, waits the strategy's backoff, then deploys a new attempt from the latest
   * completed checkpoint (or the savepoint the job started from, or from scratch).
   * Flink: DefaultScheduler#restartTasks with the full failover strategy.
   */
  private async restart(): Promise<void> {
    for (const c of this.coordinators.values()) c.close()
    this.coordinators.clear()
    this.options.slots.releaseSlots(this.jobId)
    try {
      await this.checkpointCoordinator?.stop('the job is restarting')
      const backoff = this.restartStrategy?.getBackoffTime() ?? 0
      await new Promise((resolve) => setTimeout(resolve, backoff))
      const latest = await JobRestore.fromCompletedCheckpoints(
        this.checkpointCoordinator?.getCompletedCheckpoints() ?? [],
      )
      if (latest !== undefined) {
        this.restore = latest
        this.restoredCheckpointId = latest.checkpointId
      }
      // Cancelled while it waited.
      if (this.status !== 'RESTARTING' || this.jobGraph === undefined) return
      // Past every attempt so far, regions restarted on their own included.
      this.attempt = Math.max(this.attempt, ...this.executions.map((e) => e.attemptNumber)) + 1
      this.restartingRegions.clear()
      this.restartPending = false
      this.createExecutions()
      this.log.info(
        { attempt: this.attempt, checkpointId: latest?.checkpointId ?? null },
        'Restarting the job',
      )
      this.transition('RUNNING')
      await this.scheduleAndDeploy(this.jobGraph)
    } catch (e: unknown) {
      this.restartPending = false
      if (this.isTerminal()) return
      // failJob would take this for part of the failure being recovered from: the job fails here.
      if (this.status === 'RESTARTING') {
        const serialized = toSerializedError(e)
        this.recordRootException(serialized, this.exceptionInfo(serialized, undefined))
        this.log.warn({ error: serialized.message }, 'The job cannot restart')
        this.transition('FAILING')
        this.complete('FAILED')
        return
      }
      this.failJob(e, undefined)
    }
  }

  /**
   * Takes a savepoint into `targetDirectory` (or `state.savepoints.dir`); `then` says what
   * happens to the job once it is written: it keeps running, is cancelled, or stops (ends
   * FINISHED, as Flink's stop-with-savepoint): its sources emit nothing after the savepoint's
   * barrier; 'drain' then ends their input (MAX_WATERMARK, windows fire, the job finishes),
   * 'stop' cancels the tasks. If the savepoint fails, stopped sources read on. Returns the
   * trigger id to poll.
   */
  triggerSavepoint(targetDirectory: string | undefined, then: SavepointThen): string {
    const coordinator = this.checkpointCoordinator
    if (coordinator === undefined || this.status !== 'RUNNING') {
      throw new EddyError(
        `Cannot take a savepoint of job ${this.jobId}: it is ${this.status}, not RUNNING`,
        { code: 'savepoint.job-not-running', domain: 'user' },
      )
    }
    const directory =
      targetDirectory ?? this.configuration?.getOptional(CheckpointingOptions.SAVEPOINT_DIRECTORY)
    if (directory === undefined) {
      throw new EddyError(
        'No savepoint directory configured. You can either specify a directory with the ' +
          "savepoint request or configure a cluster-wide default via key 'state.savepoints.dir'.",
        { code: 'savepoint.no-directory', domain: 'user' },
      )
    }
    const triggerId = randomBytes(16).toString('hex')
    const operation: SavepointOperation = { location: undefined, failure: undefined }
    this.savepointOperations.set(triggerId, operation)
    const stops = then === 'stop' || then === 'drain'
    coordinator.triggerSavepoint(directory, stops).then(
      (location) => {
        operation.location = location
        this.log.info({ location }, 'Savepoint completed')
        if (then === 'continue') return
        if (then === 'drain') {
          this.endSuspendedSources('drain')
          return
        }
        this.stopAfterSavepoint = then === 'stop'
        this.cancel()
      },
      (error: unknown) => {
        operation.failure = error instanceof Error ? error : new Error(String(error))
        if (stops) this.endSuspendedSources('resume')
      },
    )
    return triggerId
  }

  private endSuspendedSources(action: 'drain' | 'resume'): void {
    for (const e of this.executions) {
      if (this.coordinators.has(e.vertex.id) && e.state === 'RUNNING') {
        this.callTask(e, (g) => g.endSuspendedSource(e.attemptId, action))
      }
    }
  }

  /** The state of a savepoint `triggerSavepoint` started. */
  savepointStatus(triggerId: string): SavepointStatusInfo {
    const operation = this.savepointOperations.get(triggerId)
    if (operation === undefined) {
      throw new EddyError(`There is no savepoint operation with trigger id ${triggerId}`, {
        code: 'savepoint.unknown-trigger',
        domain: 'user',
      })
    }
    if (operation.location !== undefined) {
      return { status: { id: 'COMPLETED' }, operation: { location: operation.location } }
    }
    if (operation.failure !== undefined) {
      const f = operation.failure
      return {
        status: { id: 'COMPLETED' },
        operation: {
          'failure-cause': { class: f.name, 'stack-trace': f.stack ?? `${f.name}: ${f.message}` },
        },
      }
    }
    return { status: { id: 'IN_PROGRESS' } }
  }

  cancel(): void {
    if (this.isTerminal() || this.status === 'CANCELLING') return
    if (this.status === 'FAILING') return
    this.log.info({}, 'Cancelling the job')
    this.transition('CANCELLING')
    this.cancelExecutions()
  }

  // ---- JobMasterGateway ----

  updateTaskExecutionState(update: TaskExecutionStateUpdate): Promise<void> {
    const e = this.byAttempt.get(update.executionAttemptId)
    // Stale updates (unknown attempts, or after the end) are ignored, as Flink does.
    if (e === undefined || isTerminalExecution(e.state)) return Promise.resolve()
    if (update.metrics !== undefined) e.metrics = update.metrics
    if (update.finalCommittables !== undefined) e.finalCommittables = update.finalCommittables
    const cancelRequested = e.state === 'CANCELING'
    this.setState(e, update.state)
    if (update.state === 'FAILED') {
      const error = update.error ?? { name: 'Error', message: 'The task failed' }
      this.failJob(error, e, e)
    } else if (update.state === 'CANCELED' && this.status === 'RUNNING' && !cancelRequested) {
      // Nobody asked for it: the TaskManager cancelled its tasks (it lost the JobManager).
      this.failJob(
        {
          name: 'TaskCanceledException',
          message: `Task ${e.vertex.name} (${e.subtask + 1}/${e.vertex.parallelism}) was cancelled by TaskManager ${e.slot?.resourceId ?? '?'} without a request from the JobManager`,
          code: 'task.cancelled-by-taskmanager',
        },
        e,
      )
    }
    this.checkCompletion()
    return Promise.resolve()
  }

  sendOperatorEventToCoordinator(
    vertexId: string,
    subtaskIndex: number,
    event: ReaderToCoordinatorEvent,
  ): Promise<void> {
    const coordinator = this.coordinators.get(vertexId)
    if (coordinator === undefined) {
      return Promise.reject(
        new EddyError(`Job ${this.jobId} has no source coordinator for vertex ${vertexId}`, {
          code: 'source.unknown-coordinator',
        }),
      )
    }
    if (event.kind === 'registerReader') coordinator.registerReader(subtaskIndex)
    else if (event.kind === 'requestSplit') coordinator.requestSplit(subtaskIndex)
    else coordinator.reportWatermark(subtaskIndex, event.watermark)
    return Promise.resolve()
  }

  acknowledgeCheckpoint(
    executionAttemptId: string,
    checkpointId: number,
    state: TaskStateSnapshot,
    metrics: CheckpointMetrics,
  ): Promise<void> {
    this.checkpointCoordinator?.acknowledgeCheckpoint(
      executionAttemptId,
      checkpointId,
      state,
      metrics,
    )
    return Promise.resolve()
  }

  declineCheckpoint(
    executionAttemptId: string,
    checkpointId: number,
    reason: string,
  ): Promise<void> {
    this.checkpointCoordinator?.declineCheckpoint(executionAttemptId, checkpointId, reason)
    return Promise.resolve()
  }

  /** The executions as the checkpoint coordinator drives them. */
  private get checkpointTasks(): CheckpointTask[] {
    return this.executions.map((e) => ({
      taskId: e.attemptId,
      vertexId: e.vertex.id,
      subtaskIndex: e.subtask,
      isSource: this.coordinators.has(e.vertex.id),
      isRunning: () => e.state === 'RUNNING',
      triggerCheckpoint: (barrier) =>
        this.callTask(e, (g) => g.triggerCheckpoint(e.attemptId, barrier)),
      notifyCheckpointComplete: (checkpointId) =>
        this.callTask(e, (g) => g.notifyCheckpointComplete(e.attemptId, checkpointId)),
      notifyCheckpointAborted: (checkpointId) =>
        this.callTask(e, (g) => g.notifyCheckpointAborted(e.attemptId, checkpointId)),
    }))
  }

  private coordinatorsByOperator(jobGraph: JobGraph): Map<string, SourceCoordinator> {
    const byOperator = new Map<string, SourceCoordinator>()
    for (const [vertexId, coordinator] of this.coordinators) {
      byOperator.set(operatorIdOf(jobGraph.getVertex(vertexId).head), coordinator)
    }
    return byOperator
  }

  /** A checkpoint message to a task's TaskManager; a lost one only fails the checkpoint. */
  private callTask(e: Execution, call: (gateway: TaskExecutorGateway) => Promise<void>): void {
    if (e.slot === undefined) return
    try {
      call(this.options.slots.taskExecutor(e.slot.resourceId)).catch(() => undefined)
    } catch {
      // The TaskManager is gone; the checkpoint times out or the job fails over.
    }
  }

  // ---- events from the ResourceManager ----

  onTaskManagerLost(resourceId: string, reason: string): void {
    const lost = this.executions.filter(
      (e) => e.slot?.resourceId === resourceId && !isTerminalExecution(e.state),
    )
    if (lost.length === 0) return
    const error: SerializedError = {
      name: 'TaskManagerLostException',
      message: reason,
      code: 'cluster.taskmanager-lost',
    }
    for (const e of lost) this.setState(e, 'FAILED')
    this.failJob(error, lost[0])
    this.checkCompletion()
  }

  onTaskMetrics(executionAttemptId: string, metrics: TaskMetricsSnapshot): void {
    const e = this.byAttempt.get(executionAttemptId)
    if (e !== undefined && !isTerminalExecution(e.state)) e.metrics = metrics
  }

  /** The TaskManagers this job has tasks on. */
  taskManagers(): Set<string> {
    const ids = new Set<string>()
    for (const e of this.executions) if (e.slot !== undefined) ids.add(e.slot.resourceId)
    return ids
  }

  // ---- scheduling ----

  private assignSlots(offers: readonly SlotOffer[]): void {
    const offset = new Map<string, number>()
    let next = 0
    for (const v of this.options.descriptor.vertices) {
      if (offset.has(v.slotSharingGroup)) continue
      offset.set(v.slotSharingGroup, next)
      next += Math.max(
        ...this.options.descriptor.vertices
          .filter((x) => x.slotSharingGroup === v.slotSharingGroup)
          .map((x) => x.parallelism),
      )
    }
    for (const e of this.executions) {
      e.slot = offers[offset.get(e.vertex.slotSharingGroup)! + e.subtask]
    }
  }

  private executionOf(vertexId: string, subtask: number): Execution {
    const e = this.executions.find((x) => x.vertex.id === vertexId && x.subtask === subtask)
    if (e === undefined) throw new Error(`No execution ${vertexId}#${subtask}`)
    return e
  }

  private inputsOf(e: Execution): InputChannelDescriptor[][] {
    const vertices = this.options.descriptor.vertices
    return e.vertex.inputs.map((edge) => {
      const producer = vertices.find((v) => v.id === edge.sourceVertexId)!
      const channels: InputChannelDescriptor[] = []
      for (let p = 0; p < producer.parallelism; p++) {
        const connected =
          edge.distributionPattern === 'POINTWISE'
            ? pointwiseTargets(p, producer.parallelism, e.vertex.parallelism).includes(e.subtask)
            : true
        if (!connected) continue
        channels.push({
          channelKey: `${edge.id}/${p}/${e.subtask}`,
          producerDataAddress: this.executionOf(producer.id, p).slot!.dataAddress,
        })
      }
      return channels
    })
  }

  /** What the subtask's operators restore, for its deployment. */
  private restoredStateOf(
    e: Execution,
    restore: JobRestore | undefined,
  ): { restoredState?: Record<string, RestoredOperatorState> } {
    if (restore === undefined || this.jobGraph === undefined) return {}
    const restoredState: Record<string, RestoredOperatorState> = {}
    for (const node of this.jobGraph.getVertex(e.vertex.id).chain) {
      const id = operatorIdOf(node)
      const state = restore.stateFor(id, e.vertex.parallelism, e.subtask)
      if (state !== undefined) restoredState[id] = state
    }
    return { restoredState }
  }

  private deploy(e: Execution, restore: JobRestore | undefined = this.restore): void {
    // A failure while deploying earlier subtasks has cancelled this one already.
    if (this.status !== 'RUNNING' || e.state !== 'SCHEDULED') return
    const slot = e.slot!
    const tdd: TaskDeploymentDescriptor = {
      program: this.options.program,
      jobName: this.options.descriptor.jobName,
      executionAttemptId: e.attemptId,
      vertexId: e.vertex.id,
      subtaskIndex: e.subtask,
      attemptNumber: e.attemptNumber,
      allocationId: slot.allocationId,
      jobMasterAddress: this.options.rpc.address,
      jobMasterId: this.jobMasterId,
      inputs: this.inputsOf(e),
      ...this.restoredStateOf(e, restore),
    }
    this.setState(e, 'DEPLOYING')
    let gateway
    try {
      gateway = this.options.slots.taskExecutor(slot.resourceId)
    } catch (error: unknown) {
      this.setState(e, 'FAILED')
      this.failJob(error, e)
      return
    }
    gateway.submitTask(tdd).catch((error: unknown) => {
      if (isTerminalExecution(e.state)) return
      this.setState(e, 'FAILED')
      this.failJob(error, e)
      this.checkCompletion()
    })
  }

  private createCoordinators(jobGraph: JobGraph): void {
    const alignmentGroups = new WatermarkAlignmentGroups()
    for (const vertex of jobGraph.vertices) {
      const head = vertex.head.operator
      if (head.kind !== 'source') continue
      const source = head.source
      const coordinator = new SourceCoordinator(
        source,
        vertex.head.operatorName,
        vertex.parallelism,
        { sendToReader: (i, event) => this.sendToReader(vertex.id, i, source, event) },
        (error) => this.failJob(error, undefined),
        sourceAlignment(vertex, alignmentGroups),
        this.restore?.coordinatorStateOf(operatorIdOf(vertex.head)),
        this.restoredCheckpointId,
      )
      this.coordinators.set(vertex.id, coordinator)
    }
  }

  private sendToReader(
    vertexId: string,
    subtask: number,
    source: AnySource<unknown>,
    event: ReaderEvent,
  ): void {
    const e = this.executionOf(vertexId, subtask)
    if (e.slot === undefined) return
    const serializer = source.getSplitSerializer() as {
      getVersion(): number
      serialize(split: SourceSplit): Uint8Array
    }
    const wire =
      event.kind !== 'addSplits'
        ? event
        : {
            kind: 'addSplits' as const,
            version: serializer.getVersion(),
            splits: event.splits.map((s) => serializer.serialize(s)),
          }
    this.options.slots
      .taskExecutor(e.slot.resourceId)
      .sendOperatorEventToTask(e.attemptId, wire)
      .catch((error: unknown) => this.failJob(error, e))
  }

  // ---- state ----

  private setState(e: Execution, state: ExecutionState): void {
    e.state = state
    e.timestamps[state] = this.options.clock.now()
  }

  private transition(status: JobStatus): void {
    this.status = status
    this.statusTimestamps[status] = this.options.clock.now()
  }

  private isTerminal(): boolean {
    return this.status === 'FINISHED' || this.status === 'FAILED' || this.status === 'CANCELED'
  }

  /**
   * A failure: the job restarts, or (`regionOf` a failed task, with region failover) only the
   * task's pipelined region does, if the restart strategy allows; else the job fails.
   */
  private failJob(error: unknown, at: Execution | undefined, regionOf?: Execution): void {
    const serialized = toSerializedError(error)
    const info = this.exceptionInfo(serialized, at)
    const region = regionOf === undefined ? undefined : this.regionToRestart(regionOf)
    if (
      this.isTerminal() ||
      this.status === 'FAILING' ||
      this.status === 'CANCELLING' ||
      this.status === 'RESTARTING' ||
      (regionOf !== undefined && this.restartingRegions.has(this.regionIndexOf(regionOf)))
    ) {
      // A failure while the job already fails, restarts or is cancelled (often caused by the
      // first one) belongs to that failure's entry; a user's cancel still ends CANCELED.
      const root = this.exceptions[this.exceptions.length - 1]
      if (root !== undefined && root.concurrentExceptions.length < MAX_CONCURRENT_EXCEPTIONS) {
        root.concurrentExceptions.push(info)
      }
      return
    }
    this.recordRootException(serialized, info)
    if (
      this.status === 'RUNNING' &&
      mayRestartAfter(this.restartStrategy, error, this.options.clock.now())
    ) {
      if (region !== undefined) {
        this.restartRegion(region, at, serialized)
        return
      }
      this.log.warn(
        { task: at?.vertex.name, subtask: at?.subtask, error: serialized.message },
        `The job failed; restarting it (${this.restartStrategy?.toString() ?? ''})`,
      )
      this.transition('RESTARTING')
      this.cancelExecutions()
      return
    }
    this.log.warn(
      { task: at?.vertex.name, subtask: at?.subtask, error: serialized.message },
      'The job failed',
    )
    const wasInitializing = this.status === 'INITIALIZING'
    this.transition('FAILING')
    if (wasInitializing) {
      this.complete('FAILED')
      return
    }
    this.cancelExecutions()
  }

  /** A failure that starts an entry of the exception history and becomes the job's root cause. */
  private recordRootException(serialized: SerializedError, info: ExceptionInfo): void {
    this.exceptions.push({ ...info, failureLabels: {}, concurrentExceptions: [] })
    this.rootException = serialized
  }

  /** A failure as the exception history shows it, at the subtask `at` when it has one. */
  private exceptionInfo(serialized: SerializedError, at: Execution | undefined): ExceptionInfo {
    return {
      exceptionName: serialized.name,
      stacktrace: serialized.stack ?? `${serialized.name}: ${serialized.message}`,
      timestamp: this.options.clock.now(),
      taskName:
        at === undefined ? null : `${at.vertex.name} (${at.subtask + 1}/${at.vertex.parallelism})`,
      endpoint: at?.slot?.dataAddress ?? null,
      taskManagerId: at?.slot?.resourceId ?? null,
    }
  }

  /** Cancels every execution that has not ended. */
  private cancelExecutions(executions: readonly Execution[] = this.executions): void {
    for (const e of executions) {
      if (isTerminalExecution(e.state)) continue
      if (e.state === 'CREATED' || e.state === 'SCHEDULED' || e.slot === undefined) {
        this.setState(e, 'CANCELED')
        continue
      }
      this.setState(e, 'CANCELING')
      let gateway
      try {
        gateway = this.options.slots.taskExecutor(e.slot.resourceId)
      } catch {
        this.setState(e, 'CANCELED')
        continue
      }
      gateway.cancelTask(e.attemptId).catch(() => {
        // The TaskManager is unreachable: its tasks are gone with it.
        if (!isTerminalExecution(e.state)) this.setState(e, 'CANCELED')
        this.checkCompletion()
      })
    }
    this.checkCompletion()
  }

  // ---- region failover ----

  private regionIndexOf(e: Execution): number {
    return this.regions.regionOf(e.vertex.id, e.subtask)
  }

  /**
   * The region to restart for a failure of `e`, or undefined when the whole job fails over: the
   * strategy is full, or the region is the whole job.
   */
  private regionToRestart(e: Execution): number | undefined {
    const strategy = this.configuration?.get(JobManagerOptions.EXECUTION_FAILOVER_STRATEGY)
    if (strategy !== 'region' || this.regions.size === 1 || this.status !== 'RUNNING')
      return undefined
    return this.regionIndexOf(e)
  }

  private regionExecutions(region: number): Execution[] {
    return this.regions.members(region).map((m) => this.executionOf(m.vertexId, m.subtask))
  }

  /**
   * Region failover: cancels the region's tasks (the job stays RUNNING); once they have stopped,
   * checkCompletion starts the new attempt of the region. Checkpoints in progress are aborted.
   * Flink: RestartPipelinedRegionFailoverStrategy.
   */
  private restartRegion(region: number, at: Execution | undefined, error: SerializedError): void {
    const executions = this.regionExecutions(region)
    this.log.warn(
      {
        task: at?.vertex.name,
        subtask: at?.subtask,
        error: error.message,
        tasks: executions.length,
      },
      `A task failed; restarting its pipelined region (${this.restartStrategy?.toString() ?? ''})`,
    )
    this.restartingRegions.set(region, { scheduled: false })
    this.checkpointCoordinator?.abortPending('a task failed and its region restarts')
    this.cancelExecutions(executions)
  }

  /**
   * The region's tasks have stopped: after the strategy's backoff, a new attempt of each is
   * deployed on the same slot, restoring the region's share of the latest completed checkpoint
   * (or the savepoint the job started from, or nothing); the region's source readers return the
   * splits they were given since to the enumerator.
   */
  private async redeployRegion(region: number): Promise<void> {
    // A full restart (or the job's end) while this waits supersedes it.
    const jobAttempt = this.attempt
    const superseded = (): boolean =>
      this.status !== 'RUNNING' ||
      this.attempt !== jobAttempt ||
      !this.restartingRegions.has(region)
    try {
      const backoff = this.restartStrategy?.getBackoffTime() ?? 0
      await new Promise((resolve) => setTimeout(resolve, backoff))
      if (superseded()) return
      const fromCheckpoint = await JobRestore.fromCompletedCheckpoints(
        this.checkpointCoordinator?.getCompletedCheckpoints() ?? [],
      )
      if (superseded()) return
      const restore = fromCheckpoint ?? this.restore
      const restarted = this.regionExecutions(region).map((old) => this.nextAttempt(old))
      for (const e of restarted) {
        this.coordinators
          .get(e.vertex.id)
          ?.subtaskReset(e.subtask, fromCheckpoint?.checkpointId ?? 0)
      }
      this.restartingRegions.delete(region)
      this.log.info(
        { tasks: restarted.length, checkpointId: fromCheckpoint?.checkpointId ?? null },
        'Restarting a pipelined region',
      )
      for (const e of restarted) this.setState(e, 'SCHEDULED')
      for (const e of restarted) this.deploy(e, restore)
    } catch (e: unknown) {
      this.restartingRegions.delete(region)
      if (!this.isTerminal()) this.failJob(e, undefined)
    }
  }

  /** Replaces an ended execution with its next attempt, on the same slot. */
  private nextAttempt(old: Execution): Execution {
    const e = this.newExecution(old.vertex, old.subtask, old.attemptNumber + 1, old.slot)
    this.executions[this.executions.indexOf(old)] = e
    this.byAttempt.delete(old.attemptId)
    this.byAttempt.set(e.attemptId, e)
    return e
  }

  private checkCompletion(): void {
    if (this.isTerminal()) return
    if (this.status === 'RUNNING') {
      for (const [region, restart] of this.restartingRegions) {
        if (restart.scheduled) continue
        if (!this.regionExecutions(region).every((e) => isTerminalExecution(e.state))) continue
        restart.scheduled = true
        void this.redeployRegion(region)
      }
    }
    const all = this.executions.every((e) => isTerminalExecution(e.state))
    if (!all) return
    if (this.status === 'RUNNING') {
      if (this.restartingRegions.size > 0) return
      if (this.executions.every((e) => e.state === 'FINISHED')) this.finish()
    } else if (this.status === 'RESTARTING') {
      if (this.restartPending) return
      this.restartPending = true
      void this.restart()
    } else if (this.status === 'FAILING') {
      this.complete('FAILED')
    } else if (this.status === 'CANCELLING') {
      this.complete(this.stopAfterSavepoint ? 'FINISHED' : 'CANCELED')
    }
  }

  /**
   * Every task finished: the sinks' final committables are committed (no failure can restore an
   * earlier checkpoint now), then the job is FINISHED, or FAILED if a commit fails.
   */
  private finish(): void {
    const perTask = this.executions.flatMap((e) =>
      e.finalCommittables === undefined ? [] : [e.finalCommittables],
    )
    if (perTask.length > 0 && this.jobGraph !== undefined) {
      try {
        commitFinalCommittables(this.jobGraph.streamGraph, perTask, this.jobId)
      } catch (e: unknown) {
        const serialized = toSerializedError(e)
        this.recordRootException(serialized, this.exceptionInfo(serialized, undefined))
        this.log.warn({ error: serialized.message }, 'Committing the final committables failed')
        this.complete('FAILED')
        return
      }
    }
    this.complete('FINISHED')
  }

  private complete(status: 'FINISHED' | 'FAILED' | 'CANCELED'): void {
    this.transition(status)
    this.log.info({ status }, `Job ${this.options.descriptor.jobName} ${status.toLowerCase()}`)
    for (const c of this.coordinators.values()) c.close()
    void this.checkpointCoordinator?.shutdown(status)
    for (const resourceId of this.taskManagers()) {
      try {
        this.options.slots
          .taskExecutor(resourceId)
          .freeJob(this.jobId)
          .catch(() => undefined)
      } catch {
        // A lost TaskManager has nothing to free.
      }
    }
    this.options.slots.releaseSlots(this.jobId)
    this.options.rpc.unregisterEndpoint(jobMasterEndpoint(this.jobId))
    this.settle(status)
  }

  // ---- what the REST API shows ----

  rootError(): SerializedError | undefined {
    return this.rootException
  }

  overview(): JobOverviewInfo {
    const { start, end, duration } = this.times()
    return {
      jid: this.jobId,
      name: this.options.descriptor.jobName,
      state: this.status,
      'start-time': start,
      'end-time': end,
      duration,
      'last-modification': this.lastModification(),
      tasks: { ...countStates(this.executions), total: this.executions.length },
    }
  }

  details(): JobDetailsInfo {
    const { start, end, duration } = this.times()
    const now = this.options.clock.now()
    const timestamps: Record<string, number> = {}
    for (const s of JOB_STATES) timestamps[s] = this.statusTimestamps[s] ?? 0
    const vertices = this.options.descriptor.vertices.map((v) => this.vertexDetails(v, now))
    const statusCounts: Record<string, number> = {}
    for (const s of EXECUTION_STATES) statusCounts[s] = 0
    for (const v of vertices) statusCounts[v.status] = (statusCounts[v.status] ?? 0) + 1
    return {
      jid: this.jobId,
      name: this.options.descriptor.jobName,
      isStoppable: false,
      state: this.status,
      'job-type': 'STREAMING',
      'start-time': start,
      'end-time': end,
      duration,
      maxParallelism: Math.max(...this.options.descriptor.vertices.map((v) => v.maxParallelism)),
      now,
      timestamps,
      vertices,
      'status-counts': statusCounts,
      plan: JSON.parse(this.options.descriptor.plan) as unknown,
    }
  }

  checkpointStatistics(): CheckpointingStatisticsInfo {
    return this.checkpointing().statistics()
  }

  checkpointDetails(checkpointId: number): CheckpointStatisticsInfo {
    const details = this.checkpointing().checkpointDetails(checkpointId)
    if (details === undefined) {
      throw new EddyError(
        `Could not find checkpointing statistics for checkpoint ${checkpointId}.`,
        {
          code: 'checkpoint.not-enabled',
          domain: 'user',
        },
      )
    }
    return details
  }

  /** The job's own metrics: the checkpoint metrics when it checkpoints. */
  jobMetrics(): Record<string, number | string> {
    const coordinator = this.checkpointCoordinator
    return coordinator?.isPeriodic() === true ? coordinator.metrics() : {}
  }

  checkpointConfig(): CheckpointConfigInfo {
    return this.checkpointing().configInfo()
  }

  private checkpointing(): CheckpointCoordinator {
    if (this.checkpointCoordinator === undefined || !this.checkpointCoordinator.isPeriodic()) {
      throw new EddyError(`Checkpointing is not enabled for job ${this.jobId}`, {
        code: 'checkpoint.not-enabled',
        domain: 'user',
      })
    }
    return this.checkpointCoordinator
  }

  exceptionsInfo(): JobExceptionsInfo {
    const root = this.rootException
    return {
      'root-exception': root === undefined ? null : (root.stack ?? `${root.name}: ${root.message}`),
      timestamp: this.exceptions[this.exceptions.length - 1]?.timestamp ?? null,
      'all-exceptions': [],
      truncated: false,
      exceptionHistory: {
        entries: this.exceptions.slice(-EXCEPTION_HISTORY_SIZE).reverse(),
        truncated: this.exceptions.length > EXCEPTION_HISTORY_SIZE,
      },
    }
  }

  private vertexDetails(v: JobVertexDescriptor, now: number): JobVertexDetailsInfo {
    const executions = this.executions.filter((e) => e.vertex.id === v.id)
    const subtasks = executions.map((e) => subtaskInfo(e, now))
    const starts = subtasks.map((s) => s['start-time']).filter((t) => t > 0)
    const start = starts.length > 0 ? Math.min(...starts) : -1
    const allDone = executions.every((e) => isTerminalExecution(e.state))
    const end =
      allDone && subtasks.length > 0 ? Math.max(...subtasks.map((s) => s['end-time'])) : -1
    return {
      id: v.id,
      name: v.name,
      maxParallelism: v.maxParallelism,
      parallelism: v.parallelism,
      status: aggregateState(executions),
      'start-time': start,
      'end-time': end,
      duration: start < 0 ? -1 : (end < 0 ? now : end) - start,
      tasks: countStates(executions),
      metrics: sumMetrics(subtasks.map((s) => s.metrics)),
      subtasks,
    }
  }

  private times(): { start: number; end: number; duration: number } {
    const start = this.statusTimestamps.INITIALIZING ?? 0
    const endStatus = this.isTerminal() ? this.statusTimestamps[this.status] : undefined
    const end = endStatus ?? -1
    return { start, end, duration: (end < 0 ? this.options.clock.now() : end) - start }
  }

  private lastModification(): number {
    let last = 0
    for (const t of Object.values(this.statusTimestamps)) last = Math.max(last, t)
    for (const e of this.executions) {
      for (const t of Object.values(e.timestamps)) last = Math.max(last, t)
    }
    return last
  }
}

/** Entries /jobs/:jobid/exceptions shows, newest first (Flink's web.exception-history-size). */
const EXCEPTION_HISTORY_SIZE = 16
/** Failures kept with each entry as the ones that came with it. */
const MAX_CONCURRENT_EXCEPTIONS = 16

function isTerminalExecution(state: ExecutionState): boolean {
  return state === 'FINISHED' || state === 'CANCELED' || state === 'FAILED'
}

function countStates(executions: readonly Execution[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const s of EXECUTION_STATES) counts[s] = 0
  for (const e of executions) counts[e.state] = (counts[e.state] ?? 0) + 1
  return counts
}

/** Flink's ExecutionJobVertex#getAggregateJobVertexState. */
function aggregateState(executions: readonly Execution[]): ExecutionState {
  const counts = countStates(executions)
  const n = executions.length
  if (counts.FAILED! > 0) return 'FAILED'
  if (counts.CANCELING! > 0) return 'CANCELING'
  if (counts.CANCELED! > 0) return 'CANCELED'
  if (counts.RUNNING! > 0) return 'RUNNING'
  if (counts.FINISHED! === n) return 'FINISHED'
  if (counts.INITIALIZING! > 0) return 'INITIALIZING'
  if (counts.DEPLOYING! > 0) return 'DEPLOYING'
  if (counts.SCHEDULED! > 0) return 'SCHEDULED'
  if (counts.FINISHED! > 0) return 'RUNNING'
  return 'CREATED'
}

function subtaskInfo(e: Execution, now: number): SubtaskInfo {
  const start = e.timestamps.DEPLOYING ?? -1
  const end = isTerminalExecution(e.state) ? (e.timestamps[e.state] ?? -1) : -1
  const m = e.metrics
  return {
    subtask: e.subtask,
    status: e.state,
    attempt: e.attemptNumber,
    endpoint: e.slot?.dataAddress ?? '(unassigned)',
    'start-time': start,
    'end-time': end,
    duration: start < 0 ? -1 : (end < 0 ? now : end) - start,
    metrics: ioMetrics(m),
    'taskmanager-id': e.slot?.resourceId ?? '(unassigned)',
    busyTimeMsPerSecond: m?.busyTimeMsPerSecond ?? 0,
    idleTimeMsPerSecond: m?.idleTimeMsPerSecond ?? 0,
    backPressuredTimeMsPerSecond: m?.backPressuredTimeMsPerSecond ?? 0,
    currentInputWatermark: m?.currentInputWatermark ?? Number.NEGATIVE_INFINITY,
    currentOutputWatermark: m?.currentOutputWatermark ?? Number.NEGATIVE_INFINITY,
    watermarkLag: m?.watermarkLag ?? Number.NaN,
    operatorMetrics: m?.operatorMetrics ?? {},
  }
}

function ioMetrics(m: TaskMetricsSnapshot | undefined): IoMetricsInfo {
  return {
    'read-bytes': m?.numBytesIn ?? 0,
    'read-bytes-complete': true,
    'write-bytes': m?.numBytesOut ?? 0,
    'write-bytes-complete': true,
    'read-records': m?.numRecordsIn ?? 0,
    'read-records-complete': true,
    'write-records': m?.numRecordsOut ?? 0,
    'write-records-complete': true,
    'accumulated-backpressured-time': 0,
    'accumulated-idle-time': 0,
    'accumulated-busy-time': 0,
  }
}

function sumMetrics(all: readonly IoMetricsInfo[]): IoMetricsInfo {
  const sum = (k: 'read-bytes' | 'write-bytes' | 'read-records' | 'write-records'): number =>
    all.reduce((acc, m) => acc + m[k], 0)
  return {
    ...ioMetrics(undefined),
    'read-bytes': sum('read-bytes'),
    'write-bytes': sum('write-bytes'),
    'read-records': sum('read-records'),
    'write-records': sum('write-records'),
  }
}

export function toSerializedError(error: unknown): SerializedError {
  if (isSerializedError(error)) return error
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) }
  let stack = error.stack ?? `${error.name}: ${error.message}`
  let cause: unknown = error.cause
  for (let depth = 0; cause instanceof Error && depth < 5; depth++) {
    stack += `\nCaused by: ${cause.stack ?? `${cause.name}: ${cause.message}`}`
    cause = cause.cause
  }
  const code = error instanceof EddyError ? error.code : undefined
  return {
    name: error.name,
    message: error.message,
    stack,
    ...(code === undefined ? {} : { code }),
  }
}

function isSerializedError(e: unknown): e is SerializedError {
  return (
    typeof e === 'object' &&
    e !== null &&
    !(e instanceof Error) &&
    typeof (e as { name?: unknown }).name === 'string' &&
    typeof (e as { message?: unknown }).message === 'string'
  )
}
