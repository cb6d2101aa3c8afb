// The checkpoint layout on disk and its bad-input errors: `_metadata` round trip, and a clear error
// naming the file for a missing directory, a truncated or corrupted `_metadata` or state file, and
// a format version this Eddy does not read; state files written by tasks, large arrays kept as
// segments, the keyed state files tasks stream beside them, and the first format's state files.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'
import { Packr } from 'msgpackr'
import {
  FsCheckpointStorage,
  readCheckpointMetadata,
  readSubtaskState,
} from '../../../src/runtime/checkpoint/fs-checkpoint-storage.js'
import { writeStateFile } from '../../../src/runtime/checkpoint/state-file.js'

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
      formatVersion: 2,
      operators: [
        {
          operatorId: 'counter',
          operatorName: 'Keyed Aggregation',
          parallelism: 2,
          maxParallelism: 128,
          subtasks: [
            { subtask: 0, file: 'op-counter-0', bytes: 60 },
            { subtask: 1, file: 'op-counter-1', bytes: 47 },
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
      message: `Cannot read checkpoint metadata ${file}: its format version is 99, but this Eddy reads versions 1 and 2`,
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

  it('references the state files tasks wrote, and reads large byte arrays back as written', async () => {
    const storage = new FsCheckpointStorage(dir, 'job5')
    const directory = storage.checkpointDirectory(3)
    await mkdir(directory, { recursive: true })
    const keyedState = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7) % 251)
    const channel = new Uint8Array(5000).fill(3)
    const stateSize = await writeStateFile(directory, 'op-counter-0', {
      keyedState,
      timers: new Uint8Array([1, 2]),
      inputChannelState: { checkpointId: 3, gates: [[[channel, new Uint8Array([8])]]] },
    })
    await storage.writeCheckpoint(
      { jobId: 'job5', checkpointId: 3, timestamp: 1, kind: 'CHECKPOINT' },
      [
        {
          operatorId: 'counter',
          operatorName: 'Keyed Aggregation',
          parallelism: 1,
          maxParallelism: 128,
          subtasks: new Map([[0, { stateFile: 'op-counter-0', stateSize }]]),
        },
      ],
    )
    const { metadata } = await readCheckpointMetadata(directory)
    assert.deepEqual(metadata.operators[0]!.subtasks, [
      { subtask: 0, file: 'op-counter-0', bytes: stateSize },
    ])
    // Header (8 bytes, then MessagePack) and the two arrays of 4 KiB or more as segments.
    assert.equal(stateSize > 105_000 && stateSize < 105_200, true)
    const state = await readSubtaskState(directory, 'op-counter-0')
    assert.deepEqual(Buffer.from(state.keyedState!), Buffer.from(keyedState))
    assert.deepEqual([...state.timers!], [1, 2])
    const gates = state.inputChannelState!.gates
    assert.deepEqual(
      gates.map((g) => g.map((c) => c.map((b) => b.length))),
      [[[5000, 1]]],
    )
    assert.equal(
      gates[0]![0]![0]!.every((b) => b === 3),
      true,
    )
  })

  it('reads the keyed state file a state file names, and rejects a missing or cut one', async () => {
    const directory = join(dir, 'keyed-file')
    await mkdir(directory, { recursive: true })
    const keyed = join(directory, 'op-x-0.keyed')
    await writeFile(keyed, new Uint8Array([7, 8, 9]))
    await writeStateFile(directory, 'op-x-0', {
      keyedStateFile: { file: 'op-x-0.keyed', size: 3 },
      timers: new Uint8Array([1]),
    })
    const state = await readSubtaskState(directory, 'op-x-0')
    assert.deepEqual(Object.keys(state).sort(), ['keyedState', 'timers'])
    assert.deepEqual([...state.keyedState!], [7, 8, 9])

    await writeFile(keyed, new Uint8Array([7, 8]))
    await assert.rejects(readSubtaskState(directory, 'op-x-0'), {
      code: 'checkpoint.corrupt-state',
      message:
        `Checkpoint state file ${join(directory, 'op-x-0')} is truncated or corrupted: ` +
        `its keyed state file ${keyed} holds 2 bytes, the state file says 3`,
    })
    await rm(keyed)
    await assert.rejects(readSubtaskState(directory, 'op-x-0'), (e: unknown) => {
      assert.equal((e as { code?: string }).code, 'checkpoint.missing-state')
      assert.match((e as Error).message, /^Cannot read keyed state file .*op-x-0\.keyed: ENOENT/)
      return true
    })
    await writeStateFile(directory, 'op-y-0', { keyedStateFile: { file: '../op-x-0', size: 3 } })
    await assert.rejects(readSubtaskState(directory, 'op-y-0'), {
      code: 'checkpoint.corrupt-state',
      message:
        `Checkpoint state file ${join(directory, 'op-y-0')} is truncated or corrupted: ` +
        'it names the keyed state file "../op-x-0", not a file name',
    })
  })

  it('reads state files of format 1 (Eddy before task-written files)', async () => {
    const directory = join(dir, 'v1')
    await mkdir(directory, { recursive: true })
    const body = new Packr({ useRecords: false, moreTypes: true }).pack({
      keyedState: new Uint8Array([5, 6]),
    })
    const header = Buffer.alloc(4)
    header.writeUInt32BE(crc32(body), 0)
    await writeFile(join(directory, 'op-x-0'), Buffer.concat([header, body]))
    assert.deepEqual([...(await readSubtaskState(directory, 'op-x-0', 1)).keyedState!], [5, 6])
  })

  it('rejects a state file whose segments do not add up, naming it', async () => {
    const directory = join(dir, 'segments')
    await mkdir(directory, { recursive: true })
    await writeStateFile(directory, 'op-x-0', { keyedState: new Uint8Array(10_000) })
    const file = join(directory, 'op-x-0')
    const bytes = await readFile(file)
    // Drop the last byte and fix the checksum: the file is consistent but short.
    const short = Buffer.from(bytes.subarray(0, bytes.length - 1))
    short.writeUInt32BE(crc32(short.subarray(4)), 0)
    await writeFile(file, short)
    await assert.rejects(readSubtaskState(directory, 'op-x-0'), {
      code: 'checkpoint.corrupt-state',
      message: `Checkpoint state file ${file} is truncated or corrupted: a segment ends past the end of the file`,
    })
  })
})
