// Periodic checkpoints of a running job on the MiniCluster: barriers flow from the sources through
// a keyed shuffle to the sink, every task acknowledges, and the coordinator writes the checkpoint
// in Flink's layout, keeping the number retained. Checkpointing does not change the job's output.
import { describe, it, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  Configuration,
  CountEvictor,
  DiscardingSink,
  EventTimeSessionWindows,
  StreamExecutionEnvironment,
  WatermarkStrategy,
  Types,
  type Sink,
} from '../../src/index.js'
import {
  readCheckpointMetadata,
  readSubtaskState,
} from '../../src/runtime/checkpoint/fs-checkpoint-storage.js'
import { INDEX_RANGE_SPLIT_LIST_SERIALIZER } from '../../src/api/connector/source/lib/index-range-split.js'
import { completedCheckpoints, countedInState, recordsRead } from './support/checkpoint-files.js'

const RECORDS = 1_000_000

async function runCountJob(options: { checkpointDir?: string }): Promise<{
  jobId: string
  counts: Map<number, number>
}> {
  const configuration = Configuration.fromMap(
    options.checkpointDir === undefined
      ? {}
      : {
          'execution.checkpointing.interval': '30 ms',
          'state.checkpoints.dir': options.checkpointDir,
          'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
          'execution.checkpointing.num-retained': 2,
        },
  )
  const env = StreamExecutionEnvironment.getExecutionEnvironment(configuration).setParallelism(2)
  const counts = new Map<number, number>()
  const sink: Sink<[number, number]> = {
    createWriter: () => ({
      write: ([key, count]: [number, number]) => {
        counts.set(key, Math.max(counts.get(key) ?? 0, count))
      },
      flush: () => {},
      close: () => {},
    }),
  }
  env
    .fromSequence(1, RECORDS)
    .map((i): [number, number] => [i % 100, 1], Types.TUPLE([Types.INT, Types.INT]))
    .keyBy((t) => t[0])
    .sum(1)
    .sinkTo(sink)
  const client = await env.executeAsync('counting')
  await client.getJobExecutionResult()
  return { jobId: client.getJobID(), counts }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('checkpointing on the MiniCluster', () => {
  const dirs: string[] = []
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })

  /** A fresh checkpoint directory and a configuration checkpointing into it every 20 ms. */
  async function checkpointingInto(
    extra: Record<string, unknown>,
  ): Promise<{ dir: string; configuration: Configuration }> {
    const dir = await mkdtemp(join(tmpdir(), 'eddy-chk-job-'))
    dirs.push(dir)
    const configuration = Configuration.fromMap({
      'execution.checkpointing.interval': '20 ms',
      'state.checkpoints.dir': dir,
      ...extra,
    })
    return { dir, configuration }
  }

  for (const retention of [undefined, 'DELETE_ON_CANCELLATION'] as const) {
    it(
      `deletes the checkpoints when the job is cancelled (retention ${retention ?? 'unset'})`,
      { timeout: 60_000 },
      async () => {
        const { dir, configuration } = await checkpointingInto(
          retention === undefined
            ? {}
            : { 'execution.checkpointing.externalized-checkpoint-retention': retention },
        )
        const env =
          StreamExecutionEnvironment.getExecutionEnvironment(configuration).setParallelism(1)
        env
          .fromSequence(1, Number.MAX_SAFE_INTEGER)
          .map((i): [number, number] => [i % 100, 1], Types.TUPLE([Types.INT, Types.INT]))
          .keyBy((t) => t[0])
          .sum(1)
          .sinkTo(new DiscardingSink())
        const client = await env.executeAsync('cancelled counting')
        const jobDir = join(dir, client.getJobID())
        let seen: number[] = []
        try {
          for (let i = 0; i < 200 && seen.length === 0; i++) {
            await sleep(50)
            seen = await completedCheckpoints(jobDir)
          }
        } finally {
          await client.cancel()
        }
        assert.ok(seen.length > 0, 'a checkpoint completed while the job ran')
        assert.deepEqual(await completedCheckpoints(jobDir), [])
      },
    )
  }

  it(
    'completes checkpoints while the job runs and keeps the number retained',
    { timeout: 60_000 },
    async () => {
      const { dir, configuration } = await checkpointingInto({
        'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
        'execution.checkpointing.num-retained': 2,
      })
      const env =
        StreamExecutionEnvironment.getExecutionEnvironment(configuration).setParallelism(2)
      env
        .fromSequence(1, Number.MAX_SAFE_INTEGER)
        .map((i): [number, number] => [i % 100, 1], Types.TUPLE([Types.INT, Types.INT]))
        .keyBy((t) => t[0])
        .sum(1)
        .sinkTo(new DiscardingSink())
      const client = await env.executeAsync('unbounded counting')
      const jobDir = join(dir, client.getJobID())
      try {
        for (let i = 0; i < 200 && ((await completedCheckpoints(jobDir)).at(-1) ?? 0) < 4; i++)
          await sleep(50)
      } finally {
        await client.cancel()
      }
      const ids = await completedCheckpoints(jobDir)
      assert.ok(ids.at(-1)! >= 4, `completed ${ids.join(',')}`)
      // Two retained: the older ones were deleted as newer ones completed.
      assert.ok(ids.length <= 2, `completed ${ids.join(',')}`)
      assert.deepEqual((await readdir(jobDir)).filter((e) => !e.startsWith('chk-')).sort(), [
        'shared',
        'taskowned',
      ])
      const latest = ids.at(-1)!
      const { metadata } = await readCheckpointMetadata(join(jobDir, `chk-${latest}`))
      assert.equal(metadata.jobId, client.getJobID())
      assert.equal(metadata.kind, 'CHECKPOINT')
      assert.equal(metadata.checkpointId, latest)
      // The source's reader splits are in it, one entry per source subtask.
      const source = metadata.operators.find((o) => o.operatorName.startsWith('Source'))!
      assert.deepEqual(
        source.subtasks.map((s) => s.subtask),
        [0, 1],
      )
      // And its enumerator's remaining splits, taken before the readers' snapshots: none read.
      const { version, bytes } = source.coordinatorState!
      const remaining = INDEX_RANGE_SPLIT_LIST_SERIALIZER.deserialize(version, bytes)
      assert.ok(remaining.every((split) => split.next === split.from))

      // Exactly once: the counts in the keyed state are the records the readers had read at the
      // barrier, no more and no less. Each reader holds one split it never finishes.
      const directory = join(jobDir, `chk-${latest}`)
      for (const s of source.subtasks) {
        assert.equal((await readSubtaskState(directory, s.file)).sourceSplits!.splits.length, 1)
      }
      const read = await recordsRead(directory, source)
      const summing = metadata.operators.find((o) => o.operatorName === 'Keyed Aggregation')!
      const { counted } = await countedInState(directory, summing)
      assert.ok(read > 0)
      assert.equal(counted, read)
    },
  )

  it(
    'checkpoints session windows with an evictor (their state is plain data)',
    { timeout: 60_000 },
    async () => {
      const { dir, configuration } = await checkpointingInto({
        'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
      })
      const env =
        StreamExecutionEnvironment.getExecutionEnvironment(configuration).setParallelism(1)
      env.getConfig().setAutoWatermarkInterval(10)
      env
        .fromSequence(0, Number.MAX_SAFE_INTEGER)
        .assignTimestampsAndWatermarks(
          // Ten keys, each a session that keeps growing: one element per ms of event time.
          WatermarkStrategy.forMonotonousTimestamps<number>().withTimestampAssigner((i) =>
            Math.floor(i / 10),
          ),
        )
        .keyBy((i) => i % 10)
        .window(EventTimeSessionWindows.withGap(5))
        .evictor(CountEvictor.of(1))
        .reduce((a, b) => a + b)
        .sinkTo(new DiscardingSink())
      const client = await env.executeAsync('sessions')
      const jobDir = join(dir, client.getJobID())
      let metadataOf: string | undefined
      try {
        // Not the first checkpoints: they may come before the first record reaches the window.
        for (let i = 0; i < 200 && metadataOf === undefined; i++) {
          const id = (await completedCheckpoints(jobDir)).find((n) => n >= 5)
          if (id !== undefined) metadataOf = `chk-${id}`
          else await sleep(50)
        }
      } finally {
        await client.cancel()
      }
      assert.ok(metadataOf !== undefined, 'no checkpoint completed')
      const { metadata } = await readCheckpointMetadata(join(jobDir, metadataOf))
      const window = metadata.operators.find((o) => o.operatorName.startsWith('EvictingWindow('))!
      assert.equal(window.subtasks.length, 1)
      const state = await readSubtaskState(join(jobDir, metadataOf), window.subtasks[0]!.file)
      assert.ok(state.keyedState !== undefined && state.timers !== undefined)
    },
  )

  it('does not change what a bounded job computes', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'eddy-chk-job-'))
    dirs.push(dir)
    const { counts } = await runCountJob({ checkpointDir: dir })
    assert.deepEqual(
      [...counts].sort((a, b) => a[0] - b[0]),
      Array.from({ length: 100 }, (_, k) => [k, RECORDS / 100]),
    )
  })
})
