// Incremental checkpoints (execution.checkpointing.incremental) on the MiniCluster: keyed state is
// checkpointed as a chain of files in the job's shared directory, a full snapshot followed by
// snapshots of the keys changed since; a checkpoint restores exactly once from its chain, after a
// failure too; the shared files go with the checkpoints that name them.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  Configuration,
  DiscardingSink,
  StreamExecutionEnvironment,
  Types,
} from '../../src/index.js'
import { readCheckpointMetadata } from '../../src/runtime/checkpoint/fs-checkpoint-storage.js'
import { completedCheckpoints, countedInState, recordsRead } from './support/checkpoint-files.js'
import { MaxCountSink } from './support/max-count-sink.js'
import { pacedNumbers } from './support/paced-numbers.js'

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

/** Sums a count per key of an endless sequence: key i/4, so new keys keep coming. */
function countingJob(configuration: Configuration): StreamExecutionEnvironment {
  const env = StreamExecutionEnvironment.getExecutionEnvironment(configuration).setParallelism(2)
  env
    .fromSequence(0, Number.MAX_SAFE_INTEGER)
    .map((i): [number, number] => [Math.floor(i / 4), 1], Types.TUPLE([Types.LONG, Types.INT]))
    .keyBy((t) => t[0])
    .sum(1)
    .sinkTo(new DiscardingSink())
  return env
}

describe('incremental checkpoints', () => {
  const dirs: string[] = []
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })

  /** A fresh checkpoint directory and a configuration checkpointing into it incrementally. */
  async function incrementalInto(
    interval: string,
    extra: Record<string, unknown> = {},
  ): Promise<{ dir: string; configuration: Configuration }> {
    const dir = await mkdtemp(join(tmpdir(), 'eddy-incremental-job-'))
    dirs.push(dir)
    const configuration = Configuration.fromMap({
      'execution.checkpointing.interval': interval,
      'execution.checkpointing.incremental': true,
      'state.checkpoints.dir': dir,
      ...extra,
    })
    return { dir, configuration }
  }

  it(
    'checkpoints keyed state as a chain of changes that restores exactly the records read',
    { timeout: 60_000 },
    async () => {
      const { dir, configuration } = await incrementalInto('20 ms', {
        'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      })
      const env = countingJob(configuration)
      const client = await env.executeAsync('incremental counting')
      const jobDir = join(dir, client.getJobID())
      try {
        for (let i = 0; i < 400 && ((await completedCheckpoints(jobDir)).at(-1) ?? 0) < 8; i++)
          await sleep(25)
      } finally {
        await client.cancel()
      }
      const ids = await completedCheckpoints(jobDir)
      assert.equal(ids.length, 1, `retained ${ids.join(',')}`)
      const directory = join(jobDir, `chk-${ids[0]!}`)
      const { metadata } = await readCheckpointMetadata(directory)

      const source = metadata.operators.find((o) => o.operatorName.startsWith('Source'))!
      const read = await recordsRead(directory, source)
      const summing = metadata.operators.find((o) => o.operatorName === 'Keyed Aggregation')!
      const { counted, changes } = await countedInState(directory, summing)
      // Later checkpoints wrote changes on top of a full snapshot.
      assert.ok(changes > 0, 'no snapshot of changes in the chain')
      assert.ok(read > 0)
      assert.equal(counted, read)
      // The shared directory holds the retained checkpoint's files (a full snapshot and its
      // changes per subtask), and at most the files of one earlier checkpoint per subtask that a
      // task could still have built on.
      const named = summing.subtasks.length + changes
      const shared = await readdir(join(jobDir, 'shared'))
      assert.ok(
        shared.length >= named && shared.length <= named + 2,
        `${shared.length} files, ${named} named`,
      )
    },
  )

  it('deletes the shared files with the checkpoints when the job is cancelled', async () => {
    const { dir, configuration } = await incrementalInto('20 ms')
    const env = countingJob(configuration)
    const client = await env.executeAsync('incremental counting')
    const jobDir = join(dir, client.getJobID())
    let sharedSeen = 0
    try {
      for (let i = 0; i < 400 && ((await completedCheckpoints(jobDir)).at(-1) ?? 0) < 4; i++) {
        await sleep(25)
        // The job's directories may not exist yet.
        const shared = await readdir(join(jobDir, 'shared')).catch((): string[] => [])
        sharedSeen = Math.max(sharedSeen, shared.length)
      }
    } finally {
      await client.cancel()
    }
    assert.ok(sharedSeen > 0)
    assert.deepEqual(await completedCheckpoints(jobDir), [])
    assert.deepEqual(await readdir(join(jobDir, 'shared')), [])
  })

  it(
    'restarts from a chain after a failure and counts every record exactly once',
    { timeout: 60_000 },
    async () => {
      const records = 20_000
      let failed = false
      const sink = new MaxCountSink()
      const { dir, configuration } = await incrementalInto('50 ms', {
        'restart-strategy.type': 'fixed-delay',
        'restart-strategy.fixed-delay.attempts': 1,
        'restart-strategy.fixed-delay.delay': '10 ms',
      })
      const { env, numbers } = pacedNumbers(configuration, records)
      numbers
        .map(
          (i): [number, number] => {
            // Late in the second split, after checkpoints of changes completed.
            if (i === 19_000 && !failed) {
              failed = true
              sink.mark()
              throw new Error(`injected failure at ${i}`)
            }
            return [Math.floor(i / 4), 1]
          },
          Types.TUPLE([Types.INT, Types.INT]),
        )
        .keyBy((t) => t[0])
        .sum(1)
        .sinkTo(sink)
      const client = await env.executeAsync('incremental failover')
      await client.getJobExecutionResult()
      assert.equal(failed, true)
      assert.deepEqual(
        sink.sorted(),
        Array.from({ length: records / 4 }, (_, k) => [k, 4]),
      )
      assert.ok(sink.writesSinceMark < records / 2, `${sink.writesSinceMark} after the failure`)
      // A finished job keeps no checkpoint, and no shared file either.
      assert.deepEqual(await readdir(join(dir, client.getJobID(), 'shared')), [])
    },
  )
})
