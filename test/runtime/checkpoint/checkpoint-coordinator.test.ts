// The coordinator as the job ends: a checkpoint every task acknowledged (tasks do so as they
// finish, FLIP-147) completes even when the job finishes while its files are written; a job that
// is cancelled or fails aborts it. And a checkpoint a task declines is reported aborted to every
// task. Real checkpoint storage on a temporary directory.
import { describe, it, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  CheckpointCoordinator,
  type CheckpointTask,
} from '../../../src/runtime/checkpoint/checkpoint-coordinator.js'
import { FsCheckpointStorage } from '../../../src/runtime/checkpoint/fs-checkpoint-storage.js'
import type { CheckpointBarrier } from '../../../src/runtime/common/checkpoint-barrier.js'
import { SystemClock } from '../../../src/core/time/clock.js'

const JOB_ID = 'a1b2c3d4e5f60718293a4b5c6d7e8f90'

/** A task that records the barriers it is triggered with and what it is told of checkpoints. */
function task(
  taskId: string,
  isSource: boolean,
  barriers: CheckpointBarrier[],
  notified: string[],
): CheckpointTask {
  return {
    taskId,
    vertexId: isSource ? 'source' : 'sink',
    subtaskIndex: 0,
    isSource,
    isRunning: () => true,
    triggerCheckpoint: (barrier) => barriers.push(barrier),
    notifyCheckpointComplete: (checkpointId) =>
      notified.push(`${taskId}: ${checkpointId} complete`),
    notifyCheckpointAborted: (checkpointId) => notified.push(`${taskId}: ${checkpointId} aborted`),
  }
}

/** A coordinator of `tasks` that checkpoints into `dir`, triggered by hand; tolerates 1 failure. */
async function coordinatorOver(
  dir: string,
  tasks: CheckpointTask[],
  onTolerableFailuresExceeded: () => void,
): Promise<CheckpointCoordinator> {
  const storage = new FsCheckpointStorage(dir, JOB_ID)
  await storage.initialize()
  return new CheckpointCoordinator({
    jobId: JOB_ID,
    intervalMs: undefined,
    retention: 'RETAIN_ON_CANCELLATION',
    timeoutMs: 60_000,
    minPauseMs: 0,
    maxConcurrent: 1,
    tolerableFailures: 1,
    numRetained: 1,
    historySize: 10,
    mode: 'EXACTLY_ONCE',
    alignedCheckpointTimeoutMs: undefined,
    storage,
    operators: [],
    tasks: () => tasks,
    operatorCoordinators: () => new Map(),
    onTolerableFailuresExceeded,
    clock: SystemClock.INSTANCE,
  })
}

describe('CheckpointCoordinator at the end of a job', () => {
  const dirs: string[] = []
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })

  /** A coordinator whose one checkpoint both tasks acknowledged; `end` ends the job at once. */
  async function acknowledgedThenEnded(
    end: 'FINISHED' | 'CANCELED' | 'FAILED',
  ): Promise<{ coordinator: CheckpointCoordinator; notified: string[] }> {
    const dir = await mkdtemp(join(tmpdir(), 'eddy-coordinator-'))
    dirs.push(dir)
    const barriers: CheckpointBarrier[] = []
    const notified: string[] = []
    const tasks = [
      task('source-0', true, barriers, notified),
      task('sink-0', false, barriers, notified),
    ]
    const coordinator = await coordinatorOver(dir, tasks, () => assert.fail('no checkpoint fails'))
    coordinator.start()
    const id = coordinator.triggerCheckpoint()
    assert.equal(id, 1)
    assert.deepEqual(
      barriers.map((b) => b.checkpointId),
      [1],
    )
    const metrics = { alignmentDurationMs: 0, syncDurationMs: 1 }
    coordinator.acknowledgeCheckpoint('source-0', 1, { operators: {} }, metrics)
    // The last acknowledgement starts writing the checkpoint; the job ends meanwhile.
    coordinator.acknowledgeCheckpoint('sink-0', 1, { operators: {} }, metrics)
    await coordinator.shutdown(end)
    return { coordinator, notified }
  }

  it('completes a checkpoint that every task acknowledged when the job finishes meanwhile', async () => {
    const { coordinator, notified } = await acknowledgedThenEnded('FINISHED')
    const [stats] = coordinator.getHistory()
    assert.equal(stats?.status, 'COMPLETED')
    // Its tasks are gone.
    assert.deepEqual(notified, [])
    assert.equal(coordinator.numberOfCompletedCheckpoints, 1)
    // A finished job keeps no checkpoint (Flink discards them when a job finishes).
    assert.deepEqual(coordinator.getCompletedCheckpoints(), [])
  })

  for (const end of ['CANCELED', 'FAILED'] as const) {
    it(`aborts it when the job is ${end} meanwhile`, async () => {
      const { coordinator, notified } = await acknowledgedThenEnded(end)
      const [stats] = coordinator.getHistory()
      assert.equal(stats?.status, 'FAILED')
      assert.equal(stats?.failureMessage, `the job is ${end}`)
      assert.equal(coordinator.numberOfCompletedCheckpoints, 0)
      // The tasks are ending too: nobody is told.
      assert.deepEqual(notified, [])
    })
  }
})

describe('CheckpointCoordinator aborting a checkpoint', () => {
  it('tells every task when one declines it, and then completes the next', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eddy-coordinator-'))
    after(() => rm(dir, { recursive: true, force: true }))
    const barriers: CheckpointBarrier[] = []
    const notified: string[] = []
    const tasks = [
      task('source-0', true, barriers, notified),
      task('sink-0', false, barriers, notified),
    ]
    const coordinator = await coordinatorOver(dir, tasks, () =>
      assert.fail('one failure is tolerated'),
    )
    coordinator.start()
    const metrics = { alignmentDurationMs: 0, syncDurationMs: 1 }
    assert.equal(coordinator.triggerCheckpoint(), 1)
    coordinator.acknowledgeCheckpoint('source-0', 1, { operators: {} }, metrics)
    coordinator.declineCheckpoint('sink-0', 1, 'its state cannot be written')
    assert.deepEqual(notified, ['source-0: 1 aborted', 'sink-0: 1 aborted'])
    const [failed] = coordinator.getHistory()
    assert.equal(failed?.status, 'FAILED')
    assert.equal(failed?.failureMessage, 'task sink-0 declined it: its state cannot be written')

    assert.equal(coordinator.triggerCheckpoint(), 2)
    coordinator.acknowledgeCheckpoint('source-0', 2, { operators: {} }, metrics)
    coordinator.acknowledgeCheckpoint('sink-0', 2, { operators: {} }, metrics)
    // Its files are being written.
    for (let i = 0; i < 500 && coordinator.numberOfCompletedCheckpoints === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    await coordinator.shutdown('CANCELED')
    assert.deepEqual(notified.slice(2), ['source-0: 2 complete', 'sink-0: 2 complete'])
  })
})
