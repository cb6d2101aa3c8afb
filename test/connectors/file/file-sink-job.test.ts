// The FileSink in jobs on the MiniCluster: a keyed running count written to part files at
// parallelism 2. With checkpointing, a task fails once mid-way and the job restarts from the
// latest checkpoint; the finished files still hold every line of the fault-free output exactly
// once (uncommitted files of the failed attempt stay hidden). Without checkpointing the files
// are committed at the end of input.
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, it } from 'node:test'
import type { StreamExecutionEnvironment } from '../../../src/index.js'
import { Configuration, Types } from '../../../src/index.js'
import { pacedNumbers } from '../../api/support/paced-numbers.js'
import {
  DefaultRollingPolicy,
  FileSink,
  SimpleStringEncoder,
  listFinishedPartFiles,
  readFinishedLines,
} from '../../../src/connectors/file/index.js'
import { tempBasePath } from './support.js'

const RECORDS = 20_000
const KEYS = 10
/** Late in the second source split, so that checkpoints have completed before it. */
const FAIL_AT = 19_000

let failAt: number | undefined
let failed = false

function countingJob(configuration: Configuration, basePath: string): StreamExecutionEnvironment {
  const { env, numbers } = pacedNumbers(configuration, RECORDS)
  numbers
    .map(
      (i): [number, number] => {
        if (i === failAt && !failed) {
          failed = true
          throw new Error(`injected failure at ${i}`)
        }
        return [i % KEYS, 1]
      },
      Types.TUPLE([Types.INT, Types.INT]),
    )
    .keyBy((t) => t[0])
    .sum(1)
    .map((t) => `${t[0]}:${t[1]}`, Types.STRING)
    .sinkTo(
      FileSink.forRowFormat(basePath, new SimpleStringEncoder<string>())
        .withRollingPolicy(
          DefaultRollingPolicy.builder()
            .withMaxPartSize(16 * 1024)
            .build(),
        )
        .build(),
    )
  return env
}

/** Every running count of every key: the output of a fault-free run, sorted. */
function expectedLines(): string[] {
  const lines: string[] = []
  for (let k = 0; k < KEYS; k++) {
    for (let c = 1; c <= RECORDS / KEYS; c++) lines.push(`${k}:${c}`)
  }
  return lines.sort()
}

describe('FileSink in a job', () => {
  let base: { path: string; remove: () => void }
  beforeEach(() => {
    base = tempBasePath()
    failed = false
    failAt = undefined
  })
  afterEach(() => base.remove())

  it(
    'writes every line exactly once although a task failed and the job restarted',
    { timeout: 60_000 },
    async () => {
      failAt = FAIL_AT
      const configuration = Configuration.fromMap({
        'execution.checkpointing.interval': '50 ms',
        'restart-strategy.type': 'fixed-delay',
        'restart-strategy.fixed-delay.attempts': 1,
        'restart-strategy.fixed-delay.delay': '10 ms',
      })
      await countingJob(configuration, base.path).execute('file sink failover')
      assert.equal(failed, true)
      assert.deepStrictEqual(readFinishedLines(base.path).sort(), expectedLines())
      // Writers of both attempts committed files (each writer names its files with its own id):
      // the first attempt's checkpoints were committed before the failure, so a duplicate would
      // show had the restart not resumed from a checkpoint or had a commit happened twice.
      const writerIds = new Set(
        listFinishedPartFiles(base.path).map((f) => /part-([0-9a-f-]{36})-\d+$/.exec(f)![1]),
      )
      assert.ok(writerIds.size > 2, `files of ${writerIds.size} writers`)
    },
  )

  it(
    'commits at the end of input when the job does not checkpoint',
    { timeout: 60_000 },
    async () => {
      await countingJob(new Configuration(), base.path).execute('file sink without checkpoints')
      assert.deepStrictEqual(readFinishedLines(base.path).sort(), expectedLines())
      // Two subtasks, each rolling at 16 KiB: more than one part file each.
      assert.ok(listFinishedPartFiles(base.path).length > 2)
    },
  )
})
