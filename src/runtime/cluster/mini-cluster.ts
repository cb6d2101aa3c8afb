// Runs a JobGraph in this process: every subtask of every vertex as a StreamTask on the event
// loop, connected by bounded local channels, with one SourceCoordinator per source vertex. The
// first task failure fails the job and cancels the rest. Flink: org.apache.flink.runtime.minicluster.MiniCluster.
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
    const job = new InProcessJob(jobGraph, configuration, this.clock, restore)
    job.start()
    return job
  }
}

class InProcessJob implements JobClient {
  private readonly jobGraph: JobGraph
  private readonly tasks: StreamTask[] = []
  private readonly coordinators: SourceCoordinator[] = []
  private readonly checkpoints: CheckpointTask[] = []
  private readonly sourceCoordinatorsByOperator = new Map<string, SourceCoordinator>()
  /** Present when the job checkpoints (execution.checkpointing.interval is set). */
  readonly checkpointCoordinator: CheckpointCoordinator | undefined
  private status: JobStatus = 'CREATED'
  private readonly startTime: number
  private readonly clock: Clock
  private failure: unknown = undefined
  private readonly result: Promise<JobExecutionResult>
  private settle!: { resolve: (r: JobExecutionResult) => void; reject: (e: unknown) => void }

  private readonly restore: JobRestore | undefined

  constructor(
    jobGraph: JobGraph,
    configuration: Configuration,
    clock: Clock,
    restore: JobRestore | undefined,
  ) {
    this.jobGraph = jobGraph
    this.restore = restore
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
    for (const c of this.coordinators) c.start()
    this.checkpointCoordinator?.start()
    for (const t of this.tasks) {
      t.termination.then(
        () => this.onTaskTerminated(),
        (e: unknown) => this.fail(e),
      )
      t.start()
    }
  }

  private onTaskTerminated(): void {
    if (this.status !== 'RUNNING') return
    if (this.tasks.every((t) => t.getExecutionState() === 'FINISHED')) this.complete('FINISHED')
  }

  private fail(error: unknown): void {
    if (this.status !== 'RUNNING') return
    this.failure = error
    this.status = 'FAILING'
    for (const t of this.tasks) t.cancel()
    void this.whenAllTerminated().then(() => this.complete('FAILED'))
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
    else this.checkpointsStopped = coordinator.stop(`the job is ${status}`).then(settle)
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
