// The checkpoint layout on disk and its bad-input errors: `_metadata` round trip, and a clear error
// naming the file for a missing directory, a truncated or corrupted `_metadata` or state file, and
// a format version this Eddy does not read.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  FsCheckpointStorage,
  readCheckpointMetadata,
  readSubtaskState,
} from '../../../src/runtime/checkpoint/fs-checkpoint-storage.js'

describe('file system checkpoint storage', () => {
  let dir: string
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'eddy-chk-'))
  })
  after(() => rm(dir, { recursive: true, force: true }))

  async function writeOne(storage: FsCheckpointStorage, checkpointId: number): Promise<string> {
    const { directory } = await storage.writeCheckpoint(
      { jobId: 'job1', checkpointId, timestamp: 1234, kind: 'CHECKPOINT' },
      [
        {
          operatorId: 'counter',
          operatorName: 'Keyed Aggregation',
          parallelism: 2,
          maxParallelism: 128,
          subtasks: new Map([
            [1, { keyedState: new Uint8Array([4, 5]) }],
            [0, { keyedState: new Uint8Array([1, 2, 3]), timers: new Uint8Array([9]) }],
          ]),
        },
      ],
    )
    return directory
  }

  it("writes Flink's layout and reads it back", async () => {
    const storage = new FsCheckpointStorage(dir, 'job1')
    await storage.initialize()
    const directory = await writeOne(storage, 7)
    assert.equal(directory, join(dir, 'job1', 'chk-7'))
    assert.deepEqual((await readdir(join(dir, 'job1'))).sort(), ['chk-7', 'shared', 'taskowned'])
    assert.deepEqual((await readdir(directory)).sort(), [
      '_metadata',
      'op-counter-0',
      'op-counter-1',
    ])
    const { metadata } = await readCheckpointMetadata(directory)
    assert.deepEqual(metadata, {
      jobId: 'job1',
      checkpointId: 7,
      timestamp: 1234,
      kind: 'CHECKPOINT',
      operators: [
        {
          operatorId: 'counter',
          operatorName: 'Keyed Aggregation',
          parallelism: 2,
          maxParallelism: 128,
          subtasks: [
            { subtask: 0, file: 'op-counter-0', bytes: 37 },
            { subtask: 1, file: 'op-counter-1', bytes: 24 },
          ],
        },
      ],
    })
    const state = await readSubtaskState(directory, 'op-counter-0')
    assert.deepEqual(
      { keyed: [...state.keyedState!], timers: [...state.timers!] },
      { keyed: [1, 2, 3], timers: [9] },
    )
    // The metadata file itself is accepted as the path too.
    assert.equal((await readCheckpointMetadata(join(directory, '_metadata'))).directory, directory)
    await storage.discardCheckpoint(7)
    assert.deepEqual((await readdir(join(dir, 'job1'))).sort(), ['shared', 'taskowned'])
  })

  it('names the path when the checkpoint directory or its _metadata is missing', async () => {
    const missing = join(dir, 'nope', 'chk-1')
    await assert.rejects(readCheckpointMetadata(missing), {
      code: 'checkpoint.not-found',
      message: `No checkpoint at ${missing}: ${join(missing, '_metadata')} does not exist (an incomplete checkpoint, or a wrong path)`,
    })
  })

  it('rejects a truncated or corrupted _metadata, naming the file', async () => {
    const storage = new FsCheckpointStorage(dir, 'job2')
    const directory = await writeOne(storage, 1)
    const file = join(directory, '_metadata')
    const bytes = await readFile(file)
    await writeFile(file, bytes.subarray(0, bytes.length - 5))
    await assert.rejects(readCheckpointMetadata(directory), {
      code: 'checkpoint.corrupt-metadata',
      message: `Cannot read checkpoint metadata ${file}: it is truncated or corrupted (checksum mismatch)`,
    })
    const flipped = Buffer.from(bytes)
    flipped[flipped.length - 3] ^= 0xff
    await writeFile(file, flipped)
    await assert.rejects(readCheckpointMetadata(directory), { code: 'checkpoint.corrupt-metadata' })
    await writeFile(file, Buffer.from('not a checkpoint at all'))
    await assert.rejects(readCheckpointMetadata(directory), {
      message: `Cannot read checkpoint metadata ${file}: it is not an Eddy checkpoint metadata file (bad magic number)`,
    })
  })

  it('rejects a format version it does not read', async () => {
    const storage = new FsCheckpointStorage(dir, 'job3')
    const directory = await writeOne(storage, 1)
    const file = join(directory, '_metadata')
    const bytes = Buffer.from(await readFile(file))
    bytes.writeUInt32BE(99, 8)
    await writeFile(file, bytes)
    await assert.rejects(readCheckpointMetadata(directory), {
      code: 'checkpoint.incompatible-version',
      message: `Cannot read checkpoint metadata ${file}: its format version is 99, but this Eddy reads version 1`,
    })
  })

  it('rejects a truncated state file, naming it', async () => {
    const storage = new FsCheckpointStorage(dir, 'job4')
    const directory = await writeOne(storage, 1)
    const file = join(directory, 'op-counter-0')
    const bytes = await readFile(file)
    await writeFile(file, bytes.subarray(0, bytes.length - 1))
    await assert.rejects(readSubtaskState(directory, 'op-counter-0'), {
      code: 'checkpoint.corrupt-state',
      message: `Checkpoint state file ${file} is truncated or corrupted: checksum mismatch`,
    })
  })
})
