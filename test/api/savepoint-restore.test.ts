// Starting a job from a retained checkpoint on the MiniCluster (execution.savepoint.path): a keyed
// count is cancelled mid-way at parallelism 2 and restored at 3 (rescaled), and at 1 (its keyBy
// chained into one task) and restored at 2; the restored run resumes the sources' splits and the
// enumerator where the checkpoint left them and the counts where they were, so every key ends
// with exactly its number of records. A job that lacks an
// operator of the checkpoint is refused, naming its uid, unless unclaimed state is ignored.
import { describe, it, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  Configuration,
  DiscardingSink,
  StreamExecutionEnvironment,
  Types,
  WatermarkStrategy,
} from '../../src/index.js'
import { DataGeneratorSource, RateLimiterStrategy } from '../../src/connectors/datagen/index.js'
import { MaxCountSink } from './support/max-count-sink.js'

const RECORDS = 30_000
const KEYS = 10

function buildJob(
  configuration: Configuration,
  parallelism: number,
  sink: MaxCountSink | undefined,
): StreamExecutionEnvironment {
  const env = StreamExecutionEnvironment.getExecutionEnvironment(configuration)
  env.setParallelism(parallelism)
  const numbers = env
    .fromSource(
      new DataGeneratorSource((i) => i, RECORDS, RateLimiterStrategy.perSecond(30_000), Types.LONG),
      WatermarkStrategy.noWatermarks(),
      'numbers',
    )
    .uid('numbers')
  if (sink === undefined) {
    numbers.sinkTo(new DiscardingSink()).uid('sink')
    return env
  }

  numbers
    .map((i): [number, number] => [i % KEYS, 1], Types.TUPLE([Types.INT, Types.INT]))
    .uid('pairs')
    .keyBy((t) => t[0])
    .sum(1)
    .uid('counter')
    .sinkTo(sink)
    .uid('sink')
  return env
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

describe('restoring from a retained checkpoint', () => {
  const dirs: string[] = []
  after(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true })
  })

  /** Runs the counting job until a few checkpoints exist, cancels it, returns the latest. */
  async function checkpointMidway(parallelism = 2): Promise<string> {
    const dir = await mkdtemp(join(tmpdir(), 'eddy-restore-'))
    dirs.push(dir)
    const configuration = Configuration.fromMap({
      'execution.checkpointing.interval': '50 ms',
      'state.checkpoints.dir': dir,
      'execution.checkpointing.externalized-checkpoint-retention': 'RETAIN_ON_CANCELLATION',
    })
    const client = await buildJob(configuration, parallelism, new MaxCountSink()).executeAsync(
      'count',
    )
    const jobDir = join(dir, client.getJobID())
    let latest: string | undefined
    try {
      for (let i = 0; i < 200 && latest === undefined; i++) {
        await sleep(50)
        for (const e of await readdir(jobDir).catch((): string[] => [])) {
          const files = await readdir(join(jobDir, e)).catch((): string[] => [])
          if (e.startsWith('chk-') && Number(e.slice(4)) >= 3 && files.includes('_metadata'))
            latest = join(jobDir, e)
        }
      }
    } finally {
      await client.cancel()
    }
    assert.ok(latest !== undefined, 'no checkpoint completed')
    return latest
  }

  /** Restores `checkpoint` at `parallelism` and checks every key ends with all its records. */
  async function resumesExactlyOnce(checkpoint: string, parallelism: number): Promise<void> {
    const sink = new MaxCountSink()
    const restored = Configuration.fromMap({ 'execution.savepoint.path': checkpoint })
    await buildJob(restored, parallelism, sink).execute('count restored')
    // The restored run read only what the checkpoint had not.
    assert.ok(sink.writes > 0 && sink.writes < RECORDS, `restored run saw ${sink.writes} records`)
    assert.deepEqual(
      sink.sorted(),
      Array.from({ length: KEYS }, (_, k) => [k, RECORDS / KEYS]),
    )
  }

  it(
    'resumes sources and keyed state, rescaled from 2 to 3, exactly once',
    { timeout: 60_000 },
    async () => {
      await resumesExactlyOnce(await checkpointMidway(), 3)
    },
  )

  it(
    'resumes keyed state checkpointed at parallelism 1, where keyBy is chained, at 2',
    { timeout: 60_000 },
    async () => {
      await resumesExactlyOnce(await checkpointMidway(1), 2)
    },
  )

  it(
    'refuses state of an operator the job lacks, naming its uid, unless told to ignore it',
    { timeout: 60_000 },
    async () => {
      const checkpoint = await checkpointMidway()
      const restored = Configuration.fromMap({ 'execution.savepoint.path': checkpoint })
      await assert.rejects(buildJob(restored, 2, undefined).execute('without counter'), {
        code: 'checkpoint.unmapped-state',
        message: new RegExp(
          `^Failed to rollback to checkpoint/savepoint ${checkpoint.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\. ` +
            'Cannot map checkpoint/savepoint state for operator counter \\(Keyed Aggregation\\) to the new program',
        ),
      })
      const allowed = Configuration.fromMap({
        'execution.savepoint.path': checkpoint,
        'execution.savepoint.ignore-unclaimed-state': true,
      })
      await buildJob(allowed, 2, undefined).execute('without counter, allowed')
    },
  )
})
