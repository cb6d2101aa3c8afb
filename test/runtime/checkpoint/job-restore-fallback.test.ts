// Restoring from a job's checkpoint directory (`<state.checkpoints.dir>/<job-id>`): the newest
// retained checkpoint that reads cleanly is restored; newer ones that are truncated, corrupted or
// missing a state file are skipped, each with the error naming its file; with none readable the
// error lists them all. An error that is not about the files (an operator the job lacks) is not
// fallen back past. Failover from the checkpoints a job completed never falls back.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FsCheckpointStorage } from '../../../src/runtime/checkpoint/fs-checkpoint-storage.js'
import { JobRestore } from '../../../src/runtime/checkpoint/job-restore.js'
import { writeStateFile } from '../../../src/runtime/checkpoint/state-file.js'

const operators = [
  { operatorId: 'counter', operatorName: 'Keyed Aggregation', parallelism: 1, maxParallelism: 128 },
]

describe('restoring from a job checkpoint directory', () => {
  let dir: string
  let jobDir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eddy-fallback-'))
    const storage = new FsCheckpointStorage(dir, 'job1')
    await storage.initialize()
    for (const checkpointId of [1, 2, 3, 4]) {
      await storage.writeCheckpoint(
        { jobId: 'job1', checkpointId, timestamp: 1000 + checkpointId, kind: 'CHECKPOINT' },
        [
          {
            ...operators[0]!,
            subtasks: new Map([[0, { keyedState: new Uint8Array([checkpointId]) }]]),
          },
        ],
      )
    }
    jobDir = join(dir, 'job1')
  })
  after(() => rm(dir, { recursive: true, force: true }))

  it('restores the newest checkpoint', async () => {
    const restore = await JobRestore.load(jobDir, operators, false)
    assert.deepEqual(
      { path: restore.path, id: restore.checkpointId, skipped: restore.skipped },
      { path: join(jobDir, 'chk-4'), id: 4, skipped: [] },
    )
    assert.deepEqual([...restore.stateFor('counter', 1, 0)!.keyedState[0]!], [4])
  })

  it('falls back past a corrupted _metadata, a truncated state file and a missing one', async () => {
    const metadata = join(jobDir, 'chk-4', '_metadata')
    const bytes = await readFile(metadata)
    await writeFile(metadata, bytes.subarray(0, bytes.length - 3))
    const state = join(jobDir, 'chk-3', 'op-counter-0')
    await writeFile(state, (await readFile(state)).subarray(0, 5))
    await rm(join(jobDir, 'chk-2', 'op-counter-0'))
    const restore = await JobRestore.load(jobDir, operators, false)
    assert.equal(restore.path, join(jobDir, 'chk-1'))
    assert.deepEqual([...restore.stateFor('counter', 1, 0)!.keyedState[0]!], [1])
    assert.equal(restore.skipped.length, 3)
    assert.equal(
      restore.skipped[0],
      `Cannot read checkpoint metadata ${metadata}: it is truncated or corrupted (checksum mismatch)`,
    )
    assert.equal(
      restore.skipped[1],
      `Checkpoint state file ${state} is truncated or corrupted: checksum mismatch`,
    )
    assert.match(
      restore.skipped[2]!,
      new RegExp(`^Cannot read checkpoint state file ${join(jobDir, 'chk-2', 'op-counter-0')}: `),
    )
  })

  it('does not fall back past state the job has no operator for', async () => {
    await assert.rejects(JobRestore.load(jobDir, [], false), {
      code: 'checkpoint.unmapped-state',
    })
  })

  it('lists every checkpoint when none can be read', async () => {
    await rm(join(jobDir, 'chk-1', '_metadata'))
    await assert.rejects(JobRestore.load(jobDir, operators, false), (e: Error) => {
      const lines = e.message.split('\n')
      assert.equal(lines[0], `No checkpoint in ${jobDir} can be restored:`)
      assert.equal(lines.length, 5)
      assert.match(lines[4]!, /^ {2}No checkpoint at .*chk-1: .*_metadata does not exist/)
      return true
    })
  })

  it('failover restores the newest completed checkpoint, and does not fall back past it', async () => {
    const directory = join(dir, 'failover')
    await mkdir(join(directory, 'chk-1'), { recursive: true })
    await mkdir(join(directory, 'chk-2'), { recursive: true })
    const completed = async (checkpointId: number) => {
      const chk = join(directory, `chk-${checkpointId}`)
      const stateSize = await writeStateFile(chk, 'op-counter-0', {
        keyedState: new Uint8Array([checkpointId]),
      })
      return {
        checkpointId,
        timestamp: checkpointId,
        directory: chk,
        operators: [
          { ...operators[0]!, subtasks: new Map([[0, { stateFile: 'op-counter-0', stateSize }]]) },
        ],
      }
    }
    const checkpoints = [await completed(1), await completed(2)]
    const newest = await JobRestore.fromCompletedCheckpoints(checkpoints)
    assert.deepEqual([...newest!.stateFor('counter', 1, 0)!.keyedState[0]!], [2])
    // Sinks committed checkpoint 2's output: restoring 1 would write it again.
    const lost = join(directory, 'chk-2', 'op-counter-0')
    await rm(lost)
    await assert.rejects(JobRestore.fromCompletedCheckpoints(checkpoints), {
      code: 'checkpoint.missing-state',
      message: new RegExp(`^Cannot read checkpoint state file ${lost}: `),
    })
    assert.equal(await JobRestore.fromCompletedCheckpoints([]), undefined)
  })
})
