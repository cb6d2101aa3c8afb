// Runs a job's checkpoints from the JobMaster: triggers the source tasks every interval (keeping
// the minimum pause and the maximum of concurrent checkpoints), collects every task's
// acknowledgement with its state, writes the checkpoint (state files, then `_metadata`
// atomically), then tells every task the checkpoint is complete, and deletes checkpoints beyond the
// number retained. A checkpoint that a task declines or that times out is aborted and its files
// deleted; more failures in a row than tolerated fail the job.
// Flink: org.apache.flink.runtime.checkpoint.CheckpointCoordinator.
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type {
  CheckpointConfigInfo,
  CheckpointStatisticsInfo,
  CheckpointingStatisticsInfo,
  MinMaxAvg,
} from '../common/cluster-info.js'
import { EddyError } from '../../core/errors.js'
import type { Clock } from '../../core/time/clock.js'
import { NOOP_LOGGER, type Logger } from '../../core/logging/logger.js'
import type { CheckpointBarrier, CheckpointingMode } from '../common/checkpoint-barrier.js'
import type {
  CheckpointMetrics,
  SubtaskStateHandle,
  TaskStateSnapshot,
} from '../common/checkpoint-state.js'
import {
  discardDirectory,
  writeCheckpointTo,
  type FsCheckpointStorage,
  type OperatorCheckpointState,
} from './fs-checkpoint-storage.js'
import type { CoordinatorState } from './checkpoint-metadata.js'
import { SharedStateRegistry, sharedFilesOf } from './shared-state-registry.js'

/** A running subtask as the coordinator drives it. */
export interface CheckpointTask {
  /** Unique per execution attempt. */
  readonly taskId: string
  readonly vertexId: string
  readonly subtaskIndex: number
  /** Source tasks are triggered; the others get the barrier through the data. */
  readonly isSource: boolean
  isRunning(): boolean
  triggerCheckpoint(barrier: CheckpointBarrier): void
  notifyCheckpointComplete(checkpointId: number): void
  notifyCheckpointAborted(checkpointId: number): void
}

/** An operator's coordinator (a source's split enumerator), snapshotted at trigger time. */
export interface CheckpointedOperatorCoordinator {
  snapshotState(checkpointId: number): CoordinatorState | undefined
  notifyCheckpointComplete?(checkpointId: number): void
}

/** An operator of the job, as its state is recorded. */
export interface CheckpointedOperator {
  readonly operatorId: string
  readonly operatorName: string
  readonly parallelism: number
  readonly maxParallelism: number
}

export type ExternalizedCheckpointRetention =
  'NO_EXTERNALIZED_CHECKPOINTS' | 'DELETE_ON_CANCELLATION' | 'RETAIN_ON_CANCELLATION'

export interface CheckpointCoordinatorOptions {
  readonly jobId: string
  /** Undefined: no periodic checkpoints, only savepoints when asked. */
  readonly intervalMs: number | undefined
  /** execution.checkpointing.externalized-checkpoint-retention */
  readonly retention: ExternalizedCheckpointRetention
  readonly timeoutMs: number
  readonly minPauseMs: number
  readonly maxConcurrent: number
  readonly tolerableFailures: number
  readonly numRetained: number
  /** Checkpoints whose statistics are kept, newest first (web.checkpoints.history). */
  readonly historySize: number
  readonly mode: CheckpointingMode
  /**
   * execution.checkpointing.aligned-checkpoint-timeout when unaligned checkpoints are enabled
   * (EXACTLY_ONCE only), else undefined: checkpoints stay aligned. Savepoints always do.
   */
  readonly alignedCheckpointTimeoutMs: number | undefined
  /** Without storage, completed checkpoints are kept in memory only (Flink's JobManager storage). */
  readonly storage: FsCheckpointStorage | undefined
  readonly operators: readonly CheckpointedOperator[]
  /** The job's current tasks (they change when the job restarts). */
  readonly tasks: () => readonly CheckpointTask[]
  /** The job's current operator coordinators, by operator id. */
  readonly operatorCoordinators: () => ReadonlyMap<string, CheckpointedOperatorCoordinator>
  /** Called when more checkpoints failed in a row than tolerated. */
  readonly onTolerableFailuresExceeded: (error: EddyError) => void
  readonly clock: Clock
  readonly log?: Logger
}

export type CheckpointStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED'

/** One checkpoint as the statistics (REST) show it. */
export interface CheckpointStats {
  readonly id: number
  status: CheckpointStatus
  readonly triggerTimestamp: number
  latestAckTimestamp: number
  /** Bytes written (state files and metadata), once completed. */
  stateSize: number
  endToEndDurationMs: number
  alignmentDurationMs: number
  syncDurationMs: number
  /** Whether a task took it unaligned, and the in-flight bytes the tasks stored. */
  unaligned: boolean
  persistedDataBytes: number
  readonly isSavepoint: boolean
  numAcknowledgedSubtasks: number
  readonly numSubtasks: number
  externalPath: string | undefined
  failureMessage: string | undefined
}

export interface CompletedCheckpoint {
  readonly checkpointId: number
  readonly timestamp: number
  /** The checkpoint directory, when written to a file system. */
  readonly directory: string | undefined
  /** The state of every operator that had any, by operator id. */
  readonly operators: readonly OperatorCheckpointState[]
}

interface SavepointRequest {
  readonly directory: string
  /** Stop-with-savepoint: sources stop at the barrier. */
  readonly isSynchronous: boolean
  readonly resolve: (path: string) => void
  readonly reject: (error: Error) => void
}

interface PendingCheckpoint {
  readonly barrier: CheckpointBarrier
  /** The tasks that have still to acknowledge, by task id. */
  readonly notYetAcknowledged: Map<string, CheckpointTask>
  readonly acknowledged: Map<string, { task: CheckpointTask; state: TaskStateSnapshot }>
  readonly coordinatorStates: Map<string, CoordinatorState>
  /** Set when the checkpoint is a savepoint: where it goes and who waits for it. */
  readonly savepoint: SavepointRequest | undefined
  readonly stats: CheckpointStats
  timeout: ReturnType<typeof setTimeout> | undefined
}

export class CheckpointCoordinator {
  private readonly options: CheckpointCoordinatorOptions
  private readonly log: Logger
  private readonly pending = new Map<number, PendingCheckpoint>()
  private readonly completed: CompletedCheckpoint[] = []
  /** The files of the shared state directory that checkpoints name (incremental checkpoints). */
  private readonly sharedState = new SharedStateRegistry()
  private readonly history: CheckpointStats[] = []
  private lastCheckpointId = 0
  private lastCompletionTime = Number.NEGATIVE_INFINITY
  private consecutiveFailures = 0
  private triggerTimer: ReturnType<typeof setTimeout> | undefined
  private running = false
  numberOfCompletedCheckpoints = 0
  numberOfFailedCheckpoints = 0

  constructor(options: CheckpointCoordinatorOptions) {
    this.options = options
    this.log = options.log ?? NOOP_LOGGER
  }

  /** Starts periodic checkpoints: the first one interval from now. */
  start(): void {
    this.running = true
    const interval = this.options.intervalMs
    if (interval === undefined) return
    this.options.storage
      ?.initialize()
      .catch((e: unknown) =>
        this.log.warn({ error: String(e) }, 'Could not create the checkpoint directories'),
      )
    this.scheduleTrigger(interval)
  }

  /** Whether the job checkpoints periodically (execution.checkpointing.interval is set). */
  isPeriodic(): boolean {
    return this.options.intervalMs !== undefined
  }

  /**
   * Takes a savepoint into a new directory under `targetDirectory`; resolves with its path.
   * Rejects with the reason when it cannot be taken or fails. `isSynchronous`: for a stop, the
   * sources emit nothing after its barrier (see CheckpointBarrier). Flink: triggerSavepoint.
   */
  triggerSavepoint(targetDirectory: string, isSynchronous = false): Promise<string> {
    const directory = join(
      targetDirectory,
      `savepoint-${this.options.jobId.slice(0, 6)}-${randomBytes(6).toString('hex')}`,
    )
    return new Promise<string>((resolve, reject) => {
      const id = this.triggerCheckpoint({ directory, isSynchronous, resolve, reject })
      if (id === undefined) {
        reject(
          new EddyError(
            `Cannot take a savepoint of job ${this.options.jobId}: not all of its tasks are running`,
            { code: 'checkpoint.savepoint-failed', domain: 'user' },
          ),
        )
      }
    })
  }

  /**
   * Stops triggering and aborts what is in progress (the job ended or is restarting). Resolves
   * once checkpoint files being written or deleted are settled.
   */
  stop(reason: string, completeAcknowledged = false): Promise<void> {
    this.running = false
    if (this.triggerTimer !== undefined) clearTimeout(this.triggerTimer)
    this.triggerTimer = undefined
    for (const [id, pending] of [...this.pending]) {
      // Every task acknowledged it: it is being written, and completes.
      if (completeAcknowledged && pending.notYetAcknowledged.size === 0) continue
      this.abort(id, reason, false)
    }
    return Promise.allSettled([...this.io]).then(() => undefined)
  }

  /**
   * Aborts the checkpoints in progress and goes on triggering (part of the job restarts: tasks
   * of the aborted ones may be gone).
   */
  abortPending(reason: string): void {
    for (const id of [...this.pending.keys()]) this.abort(id, reason, false)
  }

  /**
   * Stops for good as the job ends with `status`, and deletes the completed checkpoints the
   * externalized-checkpoint retention does not keep for that end (Flink's CheckpointProperties:
   * discarded when FINISHED; when CANCELED unless RETAIN_ON_CANCELLATION; when FAILED only with
   * NO_EXTERNALIZED_CHECKPOINTS). Resolves once the files are settled.
   */
  async shutdown(status: 'FINISHED' | 'FAILED' | 'CANCELED'): Promise<void> {
    // A finished job's last checkpoint may have been acknowledged by tasks as they finished
    // (FLIP-147): it completes, as it would have a moment earlier.
    await this.stop(`the job is ${status}`, status === 'FINISHED')
    const retention = this.options.retention
    const keep =
      status === 'CANCELED'
        ? retention === 'RETAIN_ON_CANCELLATION'
        : status === 'FAILED' && retention !== 'NO_EXTERNALIZED_CHECKPOINTS'
    const storage = this.options.storage
    if (keep || storage === undefined) return
    for (const checkpoint of this.completed.splice(0)) {
      await storage.discardCheckpoint(checkpoint.checkpointId).catch(() => undefined)
    }
    await storage.discardSharedFiles(this.sharedState.releaseAll())
  }

  /** File operations in flight (writes of completing checkpoints, deletions). */
  private readonly io = new Set<Promise<unknown>>()

  private track(operation: Promise<unknown>): void {
    const tracked = operation.catch(() => undefined).finally(() => this.io.delete(tracked))
    this.io.add(tracked)
  }

  /** The retained completed checkpoints, oldest first. */
  getCompletedCheckpoints(): readonly CompletedCheckpoint[] {
    return this.completed
  }

  /** The latest checkpoints, newest first, for the REST API. */
  getHistory(): readonly CheckpointStats[] {
    return this.history
  }

  numberOfInProgressCheckpoints(): number {
    return this.pending.size
  }

  /** The statistics Flink's `/jobs/:jobid/checkpoints` serves. */
  statistics(): CheckpointingStatisticsInfo {
    const completed = this.history.filter((s) => s.status === 'COMPLETED')
    const latest = (status: CheckpointStatus): CheckpointStatisticsInfo | null => {
      const stats = this.history.find((s) => s.status === status)
      return stats === undefined ? null : toInfo(stats)
    }
    return {
      counts: {
        restored: 0,
        total:
          this.numberOfCompletedCheckpoints + this.numberOfFailedCheckpoints + this.pending.size,
        in_progress: this.pending.size,
        completed: this.numberOfCompletedCheckpoints,
        failed: this.numberOfFailedCheckpoints,
      },
      summary: {
        state_size: minMaxAvg(completed.map((s) => s.stateSize)),
        end_to_end_duration: minMaxAvg(completed.map((s) => s.endToEndDurationMs)),
        alignment_duration: minMaxAvg(completed.map((s) => s.alignmentDurationMs)),
      },
      latest: {
        completed: latest('COMPLETED'),
        savepoint: null,
        failed: latest('FAILED'),
        restored: null,
      },
      history: this.history.map(toInfo),
    }
  }

  /** One checkpoint of the recent history, for `/jobs/:jobid/checkpoints/details/:id`. */
  checkpointDetails(checkpointId: number): CheckpointStatisticsInfo | undefined {
    const stats = this.history.find((s) => s.id === checkpointId)
    return stats === undefined ? undefined : toInfo(stats)
  }

  /** Flink's checkpoint metrics of the job (`/jobs/:jobid/metrics`). */
  metrics(): Record<string, number | string> {
    const latest = this.history.find((s) => s.status === 'COMPLETED')
    return {
      lastCheckpointDuration: latest?.endToEndDurationMs ?? -1,
      lastCheckpointSize: latest?.stateSize ?? -1,
      lastCheckpointAlignmentDuration: Math.round(latest?.alignmentDurationMs ?? -1),
      lastCheckpointExternalPath: latest?.externalPath ?? 'n/a',
      numberOfCompletedCheckpoints: this.numberOfCompletedCheckpoints,
      numberOfFailedCheckpoints: this.numberOfFailedCheckpoints,
      numberOfInProgressCheckpoints: this.pending.size,
      totalNumberOfCheckpoints:
        this.numberOfCompletedCheckpoints + this.numberOfFailedCheckpoints + this.pending.size,
    }
  }

  /** The configuration Flink's `/jobs/:jobid/checkpoints/config` serves. */
  configInfo(): CheckpointConfigInfo {
    const o = this.options
    return {
      mode: o.mode === 'EXACTLY_ONCE' ? 'exactly_once' : 'at_least_once',
      interval: o.intervalMs ?? -1,
      timeout: o.timeoutMs,
      min_pause: o.minPauseMs,
      max_concurrent: o.maxConcurrent,
      externalization: { enabled: o.storage !== undefined, delete_on_cancellation: false },
      state_backend: 'HashMapStateBackend',
      checkpoint_storage:
        o.storage === undefined ? 'JobManagerCheckpointStorage' : 'FileSystemCheckpointStorage',
      unaligned_checkpoints: o.alignedCheckpointTimeoutMs !== undefined,
      tolerable_failed_checkpoints: o.tolerableFailures,
      checkpoints_after_tasks_finish: false,
    }
  }

  private scheduleTrigger(delayMs: number): void {
    if (!this.running) return
    if (this.triggerTimer !== undefined) clearTimeout(this.triggerTimer)
    this.triggerTimer = setTimeout(
      () => {
        this.triggerTimer = undefined
        this.onTriggerTimer()
      },
      Math.max(0, delayMs),
    )
  }

  private onTriggerTimer(): void {
    const interval = this.options.intervalMs
    if (!this.running || interval === undefined) return
    if (this.pending.size >= this.options.maxConcurrent) return // completion reschedules
    const pauseLeft =
      this.lastCompletionTime + this.options.minPauseMs - this.options.clock.nanoTime()
    if (pauseLeft > 0) {
      this.scheduleTrigger(pauseLeft)
      return
    }
    this.triggerCheckpoint()
    this.scheduleTrigger(interval)
  }

  /**
   * Starts a checkpoint now; returns its id, or undefined when not every task is running (it is
   * then skipped, not counted as failed, as Flink does before all tasks are up).
   */
  triggerCheckpoint(savepoint?: SavepointRequest): number | undefined {
    const tasks = this.options.tasks()
    if (tasks.length === 0 || !tasks.every((t) => t.isRunning())) {
      this.log.debug({ jobId: this.options.jobId }, 'Checkpoint skipped: not every task runs')
      return undefined
    }
    const checkpointId = ++this.lastCheckpointId
    const now = this.options.clock.now()
    // Tasks write their state files straight into it (Flink: initializeLocationForCheckpoint).
    const targetLocation =
      savepoint?.directory ?? this.options.storage?.checkpointDirectory(checkpointId)
    if (targetLocation !== undefined) {
      try {
        mkdirSync(targetLocation, { recursive: true })
      } catch (e: unknown) {
        const reason = `its directory ${targetLocation} cannot be created: ${e instanceof Error ? e.message : String(e)}`
        this.numberOfFailedCheckpoints++
        this.log.warn({ jobId: this.options.jobId, checkpointId, reason }, 'Checkpoint failed')
        savepoint?.reject(this.savepointFailure(checkpointId, reason))
        return undefined
      }
    }
    const barrier: CheckpointBarrier = {
      checkpointId,
      timestamp: now,
      mode: this.options.mode,
      alignedCheckpointTimeoutMs:
        savepoint === undefined ? this.options.alignedCheckpointTimeoutMs : undefined,
      ...(savepoint?.isSynchronous === true ? { isSynchronousSavepoint: true } : {}),
      targetLocation,
      ...(savepoint === undefined && this.options.storage !== undefined
        ? { sharedStateLocation: this.options.storage.sharedDirectory }
        : {}),
    }
    const stats: CheckpointStats = {
      id: checkpointId,
      status: 'IN_PROGRESS',
      triggerTimestamp: now,
      latestAckTimestamp: -1,
      stateSize: 0,
      endToEndDurationMs: 0,
      alignmentDurationMs: 0,
      syncDurationMs: 0,
      unaligned: false,
      persistedDataBytes: 0,
      isSavepoint: savepoint !== undefined,
      numAcknowledgedSubtasks: 0,
      numSubtasks: tasks.length,
      externalPath: undefined,
      failureMessage: undefined,
    }
    // Coordinators first: what an enumerator hands out after its snapshot reaches readers after
    // their trigger, so each split is in exactly one of the two snapshots.
    const coordinatorStates = new Map<string, CoordinatorState>()
    try {
      for (const [operatorId, coordinator] of this.options.operatorCoordinators()) {
        const state = coordinator.snapshotState(checkpointId)
        if (state !== undefined) coordinatorStates.set(operatorId, state)
      }
    } catch (e: unknown) {
      this.numberOfFailedCheckpoints++
      this.log.warn(
        { jobId: this.options.jobId, checkpointId, error: String(e) },
        'Checkpoint failed: an operator coordinator could not snapshot its state',
      )
      return undefined
    }
    const pending: PendingCheckpoint = {
      barrier,
      notYetAcknowledged: new Map(tasks.map((t) => [t.taskId, t])),
      acknowledged: new Map(),
      coordinatorStates,
      savepoint,
      stats,
      timeout: setTimeout(
        () => this.abort(checkpointId, `it expired after ${this.options.timeoutMs} ms`, true),
        this.options.timeoutMs,
      ),
    }
    this.pending.set(checkpointId, pending)
    this.remember(stats)
    for (const task of tasks) if (task.isSource) task.triggerCheckpoint(barrier)
    return checkpointId
  }

  acknowledgeCheckpoint(
    taskId: string,
    checkpointId: number,
    state: TaskStateSnapshot,
    metrics: CheckpointMetrics,
  ): void {
    const pending = this.pending.get(checkpointId)
    // Late acknowledgements of aborted or subsumed checkpoints are ignored, but for the shared
    // files they wrote, which nothing will name.
    if (pending === undefined) {
      this.discardUnclaimed(Object.values(state.operators))
      return
    }
    const task = pending.notYetAcknowledged.get(taskId)
    if (task === undefined) return
    this.sharedState.acknowledged(taskId, state.operators)
    pending.notYetAcknowledged.delete(taskId)
    pending.acknowledged.set(taskId, { task, state })
    const stats = pending.stats
    stats.numAcknowledgedSubtasks++
    stats.latestAckTimestamp = this.options.clock.now()
    stats.alignmentDurationMs = Math.max(stats.alignmentDurationMs, metrics.alignmentDurationMs)
    stats.syncDurationMs = Math.max(stats.syncDurationMs, metrics.syncDurationMs)
    if (metrics.unaligned === true) stats.unaligned = true
    stats.persistedDataBytes += metrics.persistedDataBytes ?? 0
    if (pending.notYetAcknowledged.size === 0) this.track(this.complete(pending))
  }

  declineCheckpoint(taskId: string, checkpointId: number, reason: string): void {
    if (!this.pending.has(checkpointId)) return
    this.abort(checkpointId, `task ${taskId} declined it: ${reason}`, true)
  }

  private async complete(pending: PendingCheckpoint): Promise<void> {
    const { checkpointId, timestamp } = pending.barrier
    if (pending.timeout !== undefined) clearTimeout(pending.timeout)
    const operators = this.collectOperatorStates(pending)
    const handles = operators.flatMap((op) => [...op.subtasks.values()])
    let directory: string | undefined
    const savepoint = pending.savepoint
    try {
      if (savepoint !== undefined) {
        const written = await writeCheckpointTo(
          savepoint.directory,
          { jobId: this.options.jobId, checkpointId, timestamp, kind: 'SAVEPOINT' },
          operators,
        )
        directory = written.directory
        pending.stats.stateSize = written.bytes
      } else if (this.options.storage !== undefined) {
        const written = await this.options.storage.writeCheckpoint(
          { jobId: this.options.jobId, checkpointId, timestamp, kind: 'CHECKPOINT' },
          operators,
        )
        directory = written.directory
        pending.stats.stateSize = written.bytes
      }
    } catch (e: unknown) {
      this.abort(
        checkpointId,
        `writing it failed: ${e instanceof Error ? e.message : String(e)}`,
        true,
      )
      return
    }
    // Aborted (job stopped) while writing.
    if (!this.pending.delete(checkpointId)) {
      if (savepoint !== undefined) await discardDirectory(savepoint.directory)
      else if (this.options.storage !== undefined) {
        await this.options.storage.discardCheckpoint(checkpointId)
        this.discardUnclaimed(handles)
      }
      return
    }
    if (savepoint === undefined && this.options.storage !== undefined) {
      const files = sharedFilesOf(handles)
      this.discardShared(this.sharedState.completed(checkpointId, files, this.runningTasks()))
    }
    const stats = pending.stats
    stats.status = 'COMPLETED'
    stats.externalPath = directory
    stats.endToEndDurationMs = this.options.clock.now() - timestamp
    this.numberOfCompletedCheckpoints++
    this.consecutiveFailures = 0
    this.lastCompletionTime = this.options.clock.nanoTime()
    if (savepoint === undefined) {
      this.completed.push({ checkpointId, timestamp, directory, operators })
      // Older pending checkpoints are subsumed by this one.
      for (const id of [...this.pending.keys()]) {
        if (id < checkpointId) this.abort(id, 'subsumed', false)
      }
      await this.retain()
    } else {
      savepoint.resolve(savepoint.directory)
    }
    // Nobody to notify once the job has ended (a finished job's sinks committed as it finished).
    if (this.running) this.notifyComplete(checkpointId, savepoint)
    this.log.info(
      { jobId: this.options.jobId, checkpointId, durationMs: stats.endToEndDurationMs },
      'Completed checkpoint',
    )
    if (this.running && this.triggerTimer === undefined)
      this.scheduleTrigger(this.options.minPauseMs)
  }

  private notifyComplete(checkpointId: number, savepoint: SavepointRequest | undefined): void {
    // Not for a savepoint: failover restores checkpoints only, which may be older.
    if (savepoint === undefined) {
      for (const c of this.options.operatorCoordinators().values())
        c.notifyCheckpointComplete?.(checkpointId)
    }
    // An intermediate savepoint commits nothing (Flink since 1.15): failover restores the latest
    // checkpoint, which may be older, and would write the savepoint's output again.
    if (savepoint === undefined || savepoint.isSynchronous) {
      for (const task of this.options.tasks()) task.notifyCheckpointComplete(checkpointId)
    }
  }

  private collectOperatorStates(pending: PendingCheckpoint): OperatorCheckpointState[] {
    const byOperator = new Map<string, Map<number, SubtaskStateHandle>>()
    for (const { task, state } of pending.acknowledged.values()) {
      for (const [operatorId, operatorState] of Object.entries(state.operators)) {
        let subtasks = byOperator.get(operatorId)
        if (subtasks === undefined)
          byOperator.set(operatorId, (subtasks = new Map<number, SubtaskStateHandle>()))
        subtasks.set(task.subtaskIndex, operatorState)
      }
    }
    const result: OperatorCheckpointState[] = []
    for (const op of this.options.operators) {
      const subtasks = byOperator.get(op.operatorId)
      const coordinatorState = pending.coordinatorStates.get(op.operatorId)
      if (subtasks === undefined && coordinatorState === undefined) continue
      result.push({ ...op, subtasks: subtasks ?? new Map(), coordinatorState })
    }
    return result
  }

  private async retain(): Promise<void> {
    while (this.completed.length > Math.max(1, this.options.numRetained)) {
      const oldest = this.completed.shift()!
      if (this.options.storage !== undefined) {
        await this.options.storage.discardCheckpoint(oldest.checkpointId).catch(() => undefined)
        this.discardShared(this.sharedState.subsumed(oldest.checkpointId, this.runningTasks()))
      }
    }
  }

  /** The task attempts that may still take snapshots. */
  private runningTasks(): Set<string> {
    return new Set(
      this.options
        .tasks()
        .filter((t) => t.isRunning())
        .map((t) => t.taskId),
    )
  }

  /** Deletes shared files no checkpoint needs any more (in the background). */
  private discardShared(files: readonly string[]): void {
    const storage = this.options.storage
    if (files.length > 0 && storage !== undefined) this.track(storage.discardSharedFiles(files))
  }

  /** Deletes the shared files of a checkpoint that did not complete that no other one names. */
  private discardUnclaimed(handles: readonly SubtaskStateHandle[]): void {
    this.discardShared(this.sharedState.unclaimed(sharedFilesOf(handles)))
  }

  private abort(checkpointId: number, reason: string, countsAsFailure: boolean): void {
    const pending = this.pending.get(checkpointId)
    if (pending === undefined) return
    this.pending.delete(checkpointId)
    if (pending.timeout !== undefined) clearTimeout(pending.timeout)
    pending.stats.status = 'FAILED'
    pending.stats.failureMessage = reason
    pending.stats.endToEndDurationMs = this.options.clock.now() - pending.barrier.timestamp
    this.numberOfFailedCheckpoints++
    const storage = this.options.storage
    if (pending.savepoint !== undefined) {
      pending.savepoint.reject(this.savepointFailure(checkpointId, reason))
      this.track(discardDirectory(pending.savepoint.directory))
    } else if (storage !== undefined) {
      this.track(storage.discardCheckpoint(checkpointId))
      this.discardUnclaimed(
        [...pending.acknowledged.values()].flatMap((a) => Object.values(a.state.operators)),
      )
    }
    this.log.warn({ jobId: this.options.jobId, checkpointId, reason }, 'Checkpoint aborted')
    // So that they stop writing it. Not once the job is ending: its tasks are too.
    if (this.running)
      for (const task of this.options.tasks()) task.notifyCheckpointAborted(checkpointId)
    if (countsAsFailure) {
      this.consecutiveFailures++
      if (this.consecutiveFailures > this.options.tolerableFailures) {
        this.options.onTolerableFailuresExceeded(
          new EddyError(
            `Exceeded checkpoint tolerable failure threshold (${this.options.tolerableFailures}): checkpoint ${checkpointId} failed because ${reason}`,
            { code: 'checkpoint.too-many-failures', domain: 'internal' },
          ),
        )
      }
    }
    if (this.running && this.triggerTimer === undefined)
      this.scheduleTrigger(this.options.minPauseMs)
  }

  private savepointFailure(checkpointId: number, reason: string): EddyError {
    return new EddyError(
      `Savepoint ${checkpointId} of job ${this.options.jobId} failed: ${reason}`,
      {
        code: 'checkpoint.savepoint-failed',
        domain: 'user',
      },
    )
  }

  private remember(stats: CheckpointStats): void {
    this.history.unshift(stats)
    if (this.history.length > this.options.historySize) this.history.pop()
  }
}

function toInfo(s: CheckpointStats): CheckpointStatisticsInfo {
  return {
    className:
      s.status === 'COMPLETED'
        ? '.CompletedCheckpointStatistics'
        : s.status === 'FAILED'
          ? '.FailedCheckpointStatistics'
          : '.PendingCheckpointStatistics',
    id: s.id,
    status: s.status,
    is_savepoint: s.isSavepoint,
    trigger_timestamp: s.triggerTimestamp,
    latest_ack_timestamp: s.latestAckTimestamp,
    checkpointed_size: s.stateSize,
    state_size: s.stateSize,
    end_to_end_duration: s.endToEndDurationMs,
    alignment_duration: Math.round(s.alignmentDurationMs),
    sync_duration: Math.round(s.syncDurationMs),
    num_subtasks: s.numSubtasks,
    num_acknowledged_subtasks: s.numAcknowledgedSubtasks,
    checkpoint_type: s.isSavepoint
      ? 'SAVEPOINT'
      : s.unaligned
        ? 'UNALIGNED_CHECKPOINT'
        : 'CHECKPOINT',
    unaligned_checkpoint: s.unaligned,
    persisted_data: s.persistedDataBytes,
    ...(s.externalPath === undefined ? {} : { external_path: s.externalPath }),
    ...(s.failureMessage === undefined ? {} : { failure_message: s.failureMessage }),
  }
}

function minMaxAvg(values: readonly number[]): MinMaxAvg {
  if (values.length === 0) return { min: 0, max: 0, avg: 0 }
  return {
    min: Math.min(...values),
    max: Math.max(...values),
    avg: Math.round(values.reduce((a, b) => a + b, 0) / values.length),
  }
}
