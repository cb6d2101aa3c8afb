// Checkpointing costs, in process (MiniCluster, parallelism 1):
//  1. throughput of a keyed sum (10,000 keys, Types.ROW, a hash edge) with a checkpoint every
//     --interval (default 1 s) against the same job without checkpoints, runs alternating;
//     target: at most 10% slower;
//  2. a job holding --keys keyed states (default 1,000,000): each completed checkpoint's
//     duration, size and the part taken at the barrier; and the longest pause of the task, seen
//     from the record path: the longest gap between two records reaching an operator chained
//     to the keyed one, over the same time with and without checkpoints (the task shares the
//     thread with its source, so some gap there always is); target: pause under 50 ms whatever
//     the state size. With --timers, each key also holds an event-time timer (a keyed process
//     function counting in ValueState), so the checkpoint holds as many timers as keys.
// See bench/README.md.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import {
  Configuration,
  DiscardingSink,
  KeyedProcessFunction,
  StreamExecutionEnvironment,
  Types,
  ValueStateDescriptor,
  type Collector,
  type KeyedProcessFunctionContext,
  type ValueState,
} from '../src/index.js'
import type { CheckpointStats } from '../src/runtime/checkpoint/checkpoint-coordinator.js'
import { checkpointHistory } from './checkpoint-history.js'

const USAGE = `Usage: node --import tsx bench/checkpointing.ts [options]
  --records <n>   records per throughput run (default 12000000)
  --scale <x>     multiply the default record count
  --runs <n>      throughput runs per side (default 3)
  --interval <ms> checkpoint interval of the throughput runs (default 1000)
  --keys <n>      keyed states of the state-size job (default 1000000)
  --timers        the state-size job also holds an event-time timer per key
  --json          print the results as JSON`

const { values: opts } = parseArgs({
  options: {
    records: { type: 'string' },
    scale: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    interval: { type: 'string', default: '1000' },
    keys: { type: 'string', default: '1000000' },
    timers: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})
if (opts.help) {
  console.log(USAGE)
  process.exit(0)
}
const records = Number(opts.records ?? Math.round(12_000_000 * Number(opts.scale)))
const runs = Number(opts.runs)
const interval = Number(opts.interval)
const keys = Number(opts.keys)

const KEYS = Array.from({ length: 10_000 }, (_, i) => `key-${i}`)
const Row = Types.ROW({ key: Types.STRING, n: Types.DOUBLE })

async function throughputRun(checkpointDir: string | undefined): Promise<number> {
  const configuration = Configuration.fromMap(
    checkpointDir === undefined
      ? {}
      : {
          'execution.checkpointing.interval': interval,
          'state.checkpoints.dir': checkpointDir,
        },
  )
  const env = StreamExecutionEnvironment.getExecutionEnvironment(configuration).setParallelism(1)
  env
    .fromSequence(1, records)
    .map((i) => ({ key: KEYS[i % 10_000]!, n: i % 7 }), Row)
    .keyBy((r) => r.key)
    .sum('n')
    .sinkTo(new DiscardingSink())
  const start = performance.now()
  await env.execute('bench checkpointed keyed sum')
  return records / ((performance.now() - start) / 1000)
}

/** The longest gap between two records seen after the keyed sum, since `resetGaps`. */
let longestGapMs = 0
let lastRecordAt = Number.NaN

function resetGaps(): void {
  longestGapMs = 0
  lastRecordAt = Number.NaN
}

const STATE_CHECKPOINT_INTERVAL_MS = 2000

/** The keyed sum as a process function that also keeps one event-time timer per key. */
class CountWithTimer extends KeyedProcessFunction<number, [number, number], [number, number]> {
  private count!: ValueState<number>

  override open(): void {
    this.count = this.getRuntimeContext().getState(new ValueStateDescriptor('count', Types.INT))
  }

  processElement(
    t: [number, number],
    ctx: KeyedProcessFunctionContext<number>,
    out: Collector<[number, number]>,
  ): void {
    const n = (this.count.value() ?? 0) + t[1]
    this.count.update(n)
    // Far in the future, so it never fires; registering it again is de-duplicated.
    ctx.timerService().registerEventTimeTimer(1e12 + t[0])
    out.collect([t[0], n])
  }
}

/**
 * Runs the state-size job until three checkpoints after the first two (every key has state by
 * then), or with no `dir`, without checkpoints for as long; the longest record gap after the
 * keyed state exists.
 */
async function stateSizeRun(
  dir: string | undefined,
): Promise<{ checkpoints: CheckpointStats[]; longestGapMs: number }> {
  const configuration = Configuration.fromMap(
    dir === undefined
      ? {}
      : {
          'execution.checkpointing.interval': STATE_CHECKPOINT_INTERVAL_MS,
          'state.checkpoints.dir': dir,
        },
  )
  const env = StreamExecutionEnvironment.getExecutionEnvironment(configuration).setParallelism(1)
  const keyed = env
    .fromSequence(0, Number.MAX_SAFE_INTEGER)
    .map((i): [number, number] => [i % keys, 1], Types.TUPLE([Types.INT, Types.INT]))
    .keyBy((t) => t[0])
  const counts = opts.timers
    ? keyed.process(new CountWithTimer(), Types.TUPLE([Types.INT, Types.INT]))
    : keyed.sum(1)
  counts
    .map((t) => {
      const now = performance.now()
      if (now - lastRecordAt > longestGapMs) longestGapMs = now - lastRecordAt
      lastRecordAt = now
      return t[1]
    }, Types.INT)
    .sinkTo(new DiscardingSink())
  const client = await env.executeAsync('bench state size')
  const completed = (): CheckpointStats[] =>
    checkpointHistory(client).filter((s) => s.status === 'COMPLETED')
  const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
  try {
    // The first two checkpoint intervals fill the state; gaps are measured after them.
    await sleep(2 * STATE_CHECKPOINT_INTERVAL_MS + 500)
    resetGaps()
    if (dir === undefined) {
      await sleep(3 * STATE_CHECKPOINT_INTERVAL_MS)
    } else {
      const deadline = Date.now() + 300_000
      while (Date.now() < deadline && completed().filter((s) => s.id >= 3).length < 3) {
        await sleep(200)
      }
    }
  } finally {
    await client.cancel()
  }
  return {
    longestGapMs,
    checkpoints: completed()
      .filter((s) => s.id >= 3)
      .sort((a, b) => a.id - b.id),
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

const dir = await mkdtemp(join(tmpdir(), 'eddy-bench-chk-'))
try {
  const without: number[] = []
  const withCheckpoints: number[] = []
  // Warm-up, not measured.
  await throughputRun(undefined)
  for (let r = 0; r < runs; r++) {
    without.push(await throughputRun(undefined))
    withCheckpoints.push(await throughputRun(join(dir, `run-${r}`)))
  }
  const baseline = await stateSizeRun(undefined)
  const checkpointed = await stateSizeRun(join(dir, 'state'))
  const stats = checkpointed.checkpoints
  const result = {
    records,
    intervalMs: interval,
    withoutCheckpoints: { best: Math.max(...without), median: median(without) },
    withCheckpoints: { best: Math.max(...withCheckpoints), median: median(withCheckpoints) },
    slowdownBest: 1 - Math.max(...withCheckpoints) / Math.max(...without),
    slowdownMedian: 1 - median(withCheckpoints) / median(without),
    stateSize: {
      keys,
      longestGapMs: Math.round(checkpointed.longestGapMs),
      longestGapWithoutCheckpointsMs: Math.round(baseline.longestGapMs),
      checkpoints: stats.map((s) => ({
        id: s.id,
        durationMs: s.endToEndDurationMs,
        bytes: s.stateSize,
        syncPartMs: Math.round(s.syncDurationMs),
        alignmentMs: Math.round(s.alignmentDurationMs),
      })),
    },
  }
  if (opts.json) {
    console.log(JSON.stringify(result, null, 2))
  } else {
    const m = (x: number): string => `${(x / 1e6).toFixed(2)} M/s`
    console.log(
      `keyed sum, ${records.toLocaleString()} records, p=1, checkpoint every ${interval} ms`,
    )
    console.log(
      `  without checkpoints: best ${m(result.withoutCheckpoints.best)}, median ${m(result.withoutCheckpoints.median)}`,
    )
    console.log(
      `  with checkpoints:    best ${m(result.withCheckpoints.best)}, median ${m(result.withCheckpoints.median)}`,
    )
    console.log(
      `  slowdown: best ${(result.slowdownBest * 100).toFixed(1)}%, median ${(result.slowdownMedian * 100).toFixed(1)}% (target <= 10%)`,
    )
    console.log(
      `state of ${keys.toLocaleString()} keys (${opts.timers ? 'ValueState count and an event-time timer per key' : 'keyed sum, ValueState of a [key, count] tuple'}):`,
    )
    for (const c of result.stateSize.checkpoints) {
      console.log(
        `  checkpoint ${c.id}: ${c.durationMs} ms end to end, ${(c.bytes / 1e6).toFixed(1)} MB, ` +
          `${c.syncPartMs} ms at the barrier`,
      )
    }
    console.log(
      `  longest gap between records after the keyed sum: ${result.stateSize.longestGapMs} ms ` +
        `with checkpoints, ${result.stateSize.longestGapWithoutCheckpointsMs} ms without ` +
        `(target < 50 ms)`,
    )
  }
} finally {
  await rm(dir, { recursive: true, force: true })
}
