// Runs a JobGraph in this process: every subtask of every vertex as a StreamTask on the event
// loop, connected by bounded local channels, with one SourceCoordinator per source vertex. A task
// failure cancels every task; if the restart strategy allows, the job is deployed again after its
// backoff, from the latest completed checkpoint (full failover), else it fails. Flink: org.apache.flink.runtime.minicluster.MiniCluster.
import {
  createRestartBackoffTimeStrategy,
  mayRestartAfter,
  type RestartBackoffTimeStrategy,
} from '../scheduler/restart-backoff-time-strategy.js'
import { SavepointConfigOptions } from '../../core/config/savepoint-config-options.js'
import { JobRestore } from '../checkpoint/job-restore.js'
import { Configuration } from '../../core/config/configuration.js'
import { PipelineOptions } from '../../core/config/pipeline-options.js'
import { JobCancellationException, JobExecutionException } from '../../core/errors.js'
import { SystemClock, type Clock } from '../../core/time/clock.js'
import type { JobGraph, JobVertex } from '../../graph/job-graph.js'
import type { JobClient, JobExecutionResult, JobStatus } from '../../api/execution/job-client.js'
import { SourceCoordinator, sourceAlignment } from '../source/source-coordinator.js'
import { WatermarkAlignmentGroups } from '../source/watermark-alignment.js'
import type { StreamTask } from '../task/stream-task.js'
import { createStreamTask } from '../task/stream-task-factory.js'
import { commitFinalCommittables } from '../task/operators/sink/commit-final.js'
import {
  CheckpointingOptions,
  isCheckpointingEnabled,
} from '../../core/config/checkpointing-options.js'
import { TaskWiring } from './task-wiring.js'
import { operatorIdOf } from '../../graph/stream-graph.js'
import type { CheckpointCoordinator, CheckpointTask } from '../checkpoint/checkpoint-coordinator.js'
import {
  checkpointedOperatorsOf,
  createCheckpointCoordinator,
} from '../checkpoint/checkpoint-coordinator-factory.js'

export interface MiniClusterOptions {
  readonly configuration?: Configuration
  readonly clock?: Clock
}

export class MiniCluster {
  private readonly configuration: Configuration
  private readonly clock: Clock

  constructor(options: MiniClusterOptions = {}) {
    this.configuration = options.configuration ?? new Configuration()
    this.clock = options.clock ?? SystemClock.INSTANCE
  }

  /**
   * Deploys every subtask and starts the job, from the savepoint `execution.savepoint.path` names
   * if it is set; the client reports its end.
   */
  async submitJob(jobGraph: JobGraph, configuration = this.configuration): Promise<JobClient> {
    const path = configuration.getOptional(SavepointConfigOptions.SAVEPOINT_PATH)
    const restore =
      path === undefined
        ? undefined
        : await JobRestore.load(
            path,
            checkpointedOperatorsOf(jobGraph),
            configuration.get(SavepointConfigOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE),
          )
    for (const why of restore?.skipped ?? []) {
      process.emitWarning(`Skipped a newer checkpoint: ${why}`, { code: 'EDDY_CHECKPOINT_SKIPPED' })
    }
    const job = new InProcessJob(jobGraph, configuration, this.clock, restore)
    job.start()
    return job
  }
}

class InProcessJob implements JobClient {
  private readonly jobGraph: JobGraph
  private tasks: StreamTask[] = []
  private coordinators: SourceCoordinator[] = []
  private checkpoints: CheckpointTask[] = []
  private sourceCoordinatorsByOperator = new Map<string, SourceCoordinator>()
  private readonly configuration: Configuration
  private readonly restartStrategy: RestartBackoffTimeStrategy
  /** Incremented on every restart; callbacks of an older attempt's tasks are ignored. */
  private attempt = 0
  /** Failures the job restarted from, oldest first. */
  readonly failureHistory: unknown[] = []
  /** Present when the job checkpoints (execution.checkpointing.interval is set). */
  readonly checkpointCoordinator: CheckpointCoordinator | undefined
  private status: JobStatus = 'CREATED'
  private readonly startTime: number
  private readonly clock: Clock
  private failure: unknown = undefined
  private readonly result: Promise<JobExecutionResult>
  private settle!: { resolve: (r: JobExecutionResult) => void; reject: (e: unknown) => void }

  private restore: JobRestore | undefined

  constructor(
    jobGraph: JobGraph,
    configuration: Configuration,
    clock: Clock,
    restore: JobRestore | undefined,
  ) {
    this.jobGraph = jobGraph
    this.restore = restore
    this.configuration = configuration
    this.restartStrategy = createRestartBackoffTimeStrategy(configuration)
    this.clock = clock
    this.startTime = clock.now()
    this.result = new Promise((resolve, reject) => {
      this.settle = { resolve, reject }
    })
    // A caller that only awaits execute() must not see an unhandled rejection here.
    this.result.catch(() => undefined)
    this.checkpointCoordinator = createCheckpointCoordinator(jobGraph, configuration, {
      tasks: () => this.checkpoints,
      operatorCoordinators: () => this.sourceCoordinatorsByOperator,
      onTolerableFailuresExceeded: (error) => this.fail(error),
      clock,
    })
    this.deploy(configuration)
  }

  private deploy(configuration: Configuration): void {
    const wiring = new TaskWiring(this.jobGraph, configuration)
    const checkpointing = isCheckpointingEnabled(configuration)
    for (const vertex of this.jobGraph.vertices) {
      const coordinator = vertex.isSource() ? this.createCoordinator(vertex) : undefined
      const first = this.tasks.length
      for (let i = 0; i < vertex.parallelism; i++) {
        const taskId = `${vertex.id}-${i}`
        const restore = this.restore
        const coordinatorOfCheckpoints = this.checkpointCoordinator
        const task = createStreamTask({
          jobId: this.jobGraph.jobId,
          vertex,
          streamGraph: this.jobGraph.streamGraph,
          subtaskIndex: i,
          attemptNumber: 0,
          writers: wiring.writersOf(vertex, i),
          gates: () => wiring.gatesOf(vertex, i),
          sourceCoordinator: coordinator,
          objectReuse: configuration.get(PipelineOptions.OBJECT_REUSE),
          bufferTimeoutMs: wiring.bufferTimeoutMs,
          clock: this.clock,
          isCheckpointingEnabled: checkpointing,
          incrementalCheckpoints: configuration.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS),
          restore:
            restore === undefined
              ? undefined
              : (operatorId) => restore.stateFor(operatorId, vertex.parallelism, i),
          checkpointResponder:
            coordinatorOfCheckpoints === undefined
              ? undefined
              : {
                  acknowledgeCheckpoint: (id, state, metrics) =>
                    coordinatorOfCheckpoints.acknowledgeCheckpoint(taskId, id, state, metrics),
                  declineCheckpoint: (id, reason) =>
                    coordinatorOfCheckpoints.declineCheckpoint(taskId, id, reason),
                },
        })
        this.tasks.push(task)
        this.checkpoints.push({
          taskId,
          vertexId: vertex.id,
          subtaskIndex: i,
          isSource: vertex.isSource(),
          isRunning: () => task.getExecutionState() === 'RUNNING',
          triggerCheckpoint: (barrier) => task.triggerCheckpoint(barrier),
          notifyCheckpointComplete: (id) => task.notifyCheckpointComplete(id),
          notifyCheckpointAborted: (id) => task.notifyCheckpointAborted(id),
        })
      }
      if (coordinator !== undefined) this.readerTasks.set(coordinator, this.tasks.slice(first))
    }
  }

  private readonly readerTasks = new Map<SourceCoordinator, StreamTask[]>()

  private readonly alignmentGroups = new WatermarkAlignmentGroups()

  private createCoordinator(vertex: JobVertex): SourceCoordinator {
    const head = vertex.head
    if (head.operator.kind !== 'source') throw new Error(`Vertex ${vertex.name} has no source`)
    const coordinator: SourceCoordinator = new SourceCoordinator(
      head.operator.source,
      head.operatorName,
      vertex.parallelism,
      {
        sendToReader: (i, event) =>
          this.readerTasks.get(coordinator)?.[i]?.deliverReaderEvent(event),
      },
      (error) => this.fail(error),
      sourceAlignment(vertex, this.alignmentGroups),
      this.restore?.coordinatorStateOf(operatorIdOf(vertex.head)),
    )
    this.coordinators.push(coordinator)
    this.sourceCoordinatorsByOperator.set(operatorIdOf(vertex.head), coordinator)
    return coordinator
  }

  start(): void {
    this.status = 'RUNNING'
    const attempt = this.attempt
    for (const c of this.coordinators) c.start()
    this.checkpointCoordinator?.start()
    for (const t of this.tasks) {
      t.termination.then(
        () => {
          if (attempt === this.attempt) this.onTaskTerminated()
        },
        (e: unknown) => {
          if (attempt === this.attempt) this.fail(e)
        },
      )
      t.start()
    }
  }

  private onTaskTerminated(): void {
    if (this.status !== 'RUNNING') return
    if (!this.tasks.every((t) => t.getExecutionState() === 'FINISHED')) return
    // Only now may what the sinks prepared at the end of input become visible: before every task
    // finished, a failure would restore the last checkpoint and write that data again.
    try {
      commitFinalCommittables(
        this.jobGraph.streamGraph,
        this.tasks.map((t) => t.finalCommittables()),
        this.jobGraph.jobId,
      )
    } catch (e: unknown) {
      this.failure = e
      this.complete('FAILED')
      return
    }
    this.complete('FINISHED')
  }

  private fail(error: unknown): void {
    if (this.status !== 'RUNNING') return
    if (mayRestartAfter(this.restartStrategy, error, this.clock.now())) {
      void this.restart(error)
      return
    }
    this.failure = error
    this.status = 'FAILING'
    for (const t of this.tasks) t.cancel()
    void this.whenAllTerminated().then(() => this.complete('FAILED'))
  }

  /**
   * Full failover: cancels every task, waits the strategy's backoff, and deploys the job again
   * from the latest completed checkpoint (or the savepoint it started from, or from scratch).
   */
  private async restart(error: unknown): Promise<void> {
    this.status = 'RESTARTING'
    this.failureHistory.push(error)
    for (const t of this.tasks) t.cancel()
    await this.whenAllTerminated()
    for (const c of this.coordinators) c.close()
    await this.checkpointCoordinator?.stop('the job is restarting')
    await new Promise((resolve) => setTimeout(resolve, this.restartStrategy.getBackoffTime()))
    try {
      const latest = await JobRestore.fromCompletedCheckpoints(
        this.checkpointCoordinator?.getCompletedCheckpoints() ?? [],
      )
      if (latest !== undefined) this.restore = latest
    } catch (e: unknown) {
      this.failure = e
      this.complete('FAILED')
      return
    }
    // Cancelled while it waited.
    if (this.status !== 'RESTARTING') return
    this.attempt++
    this.tasks = []
    this.coordinators = []
    this.checkpoints = []
    this.sourceCoordinatorsByOperator = new Map()
    this.readerTasks.clear()
    try {
      this.deploy(this.configuration)
    } catch (e: unknown) {
      this.failure = e
      this.complete('FAILED')
      return
    }
    this.start()
  }

  private whenAllTerminated(): Promise<unknown> {
    return Promise.allSettled(this.tasks.map((t) => t.termination))
  }

  private complete(status: 'FINISHED' | 'FAILED' | 'CANCELED'): void {
    this.status = status
    for (const c of this.coordinators) c.close()
    const { jobId, jobName } = this.jobGraph
    const netRuntime = this.clock.now() - this.startTime
    const settle = (): void => {
      if (status === 'FINISHED') this.settle.resolve({ jobId, jobName, netRuntime })
      else if (status === 'FAILED') {
        this.settle.reject(new JobExecutionException(jobName, jobId, this.failure))
      } else this.settle.reject(new JobCancellationException(jobName, jobId))
    }
    // The job's end is reported once its checkpoint files are settled (written or deleted).
    const coordinator = this.checkpointCoordinator
    if (coordinator === undefined) settle()
    else this.checkpointsStopped = coordinator.shutdown(status).then(settle)
  }

  private checkpointsStopped: Promise<void> = Promise.resolve()

  // ---- JobClient ----

  getJobID(): string {
    return this.jobGraph.jobId
  }

  getJobStatus(): Promise<JobStatus> {
    return Promise.resolve(this.status)
  }

  async cancel(): Promise<void> {
    if (this.status === 'RESTARTING') {
      // Between attempts: the old tasks are stopping or stopped, the new ones not deployed.
      this.status = 'CANCELLING'
      await this.whenAllTerminated()
      this.complete('CANCELED')
      await this.checkpointsStopped
      return
    }
    if (this.status !== 'RUNNING') return
    this.status = 'CANCELLING'
    for (const t of this.tasks) t.cancel()
    await this.whenAllTerminated()
    this.complete('CANCELED')
    await this.checkpointsStopped
  }

  getJobExecutionResult(): Promise<JobExecutionResult> {
    return this.result
  }
}
