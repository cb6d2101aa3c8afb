// Checkpoints under backpressure, in process (MiniCluster, parallelism 2): a source of padded
// records feeds, over a hash edge, a step that spends --slow-us per record, so the channels
// between them stay full. The same job runs with aligned and with unaligned checkpoints (every
// --interval ms) and prints, per mode, the median and longest end-to-end checkpoint duration, how
// many completed, the in-flight data they stored and the job's throughput. Aligned checkpoints
// wait for the barriers to cross the full channels; unaligned ones overtake them.
// See bench/README.md.
import { parseArgs } from 'node:util'
import { Configuration, DiscardingSink, StreamExecutionEnvironment, Types } from '../src/index.js'
import type { CheckpointStats } from '../src/runtime/checkpoint/checkpoint-coordinator.js'
import { checkpointHistory } from './checkpoint-history.js'

const { values: opts } = parseArgs({
  options: {
    records: { type: 'string', default: '200000' },
    'slow-us': { type: 'string', default: '20' },
    interval: { type: 'string', default: '200' },
    json: { type: 'boolean', default: false },
  },
})
const records = Number(opts.records)
const slowMs = Number(opts['slow-us']) / 1000
const interval = Number(opts.interval)
const PADDING = 'x'.repeat(200)

interface Result {
  readonly mode: string
  readonly completed: number
  readonly medianMs: number
  readonly maxMs: number
  readonly maxPersistedBytes: number
  readonly recordsPerSecond: number
}

async function run(unaligned: boolean): Promise<Result> {
  const configuration = Configuration.fromMap({
    'execution.checkpointing.interval': interval,
    'execution.checkpointing.unaligned.enabled': unaligned,
  })
  const env = StreamExecutionEnvironment.getExecutionEnvironment(configuration).setParallelism(2)
  env
    .fromSequence(0, records - 1)
    .map(
      (i): [number, number, string] => [i % 100, i, PADDING],
      Types.TUPLE([Types.INT, Types.LONG, Types.STRING]),
    )
    .keyBy((t) => t[0])
    .map((t) => {
      const until = performance.now() + slowMs
      while (performance.now() < until);
      return t[1]
    }, Types.LONG)
    .sinkTo(new DiscardingSink())
  const start = performance.now()
  const client = await env.executeAsync(`bench ${unaligned ? 'unaligned' : 'aligned'}`)
  // The history keeps the last ten: sample it while the job runs.
  const seen = new Map<number, CheckpointStats>()
  const sample = (): void => {
    for (const s of checkpointHistory(client)) if (s.status === 'COMPLETED') seen.set(s.id, s)
  }
  const sampler = setInterval(sample, 50)
  await client.getJobExecutionResult()
  clearInterval(sampler)
  sample()
  const seconds = (performance.now() - start) / 1000
  const durations = [...seen.values()].map((s) => s.endToEndDurationMs).sort((a, b) => a - b)
  return {
    mode: unaligned ? 'unaligned' : 'aligned',
    completed: durations.length,
    medianMs: durations[Math.floor(durations.length / 2)] ?? Number.NaN,
    maxMs: durations[durations.length - 1] ?? Number.NaN,
    maxPersistedBytes: Math.max(0, ...[...seen.values()].map((s) => s.persistedDataBytes)),
    recordsPerSecond: records / seconds,
  }
}

await run(false) // warm-up
const results = [await run(false), await run(true), await run(false), await run(true)]
if (opts.json) {
  console.log(JSON.stringify(results, null, 2))
} else {
  console.log(
    `${records.toLocaleString()} padded records, p=2, slow step ${opts['slow-us']} µs/record, ` +
      `checkpoint every ${interval} ms`,
  )
  for (const r of results) {
    console.log(
      `  ${r.mode.padEnd(9)} ${String(r.completed).padStart(3)} checkpoints, end to end median ` +
        `${Math.round(r.medianMs)} ms, max ${Math.round(r.maxMs)} ms; in-flight data stored up ` +
        `to ${(r.maxPersistedBytes / 1024).toFixed(0)} KiB; ${Math.round(r.recordsPerSecond).toLocaleString()} records/s`,
    )
  }
}
