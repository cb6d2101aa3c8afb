// The Nexmark runner: a query (or every query) on a local cluster of real processes — a
// JobManager and one single-slot TaskManager per parallel subtask, started fresh for each run so
// that peak memory is that run's — beside its hand-written baseline in a process of its own.
// Prints events/s, events per CPU-second ("per core"), the ratio to the baseline, the peak
// memory of every process and, with checkpoints, their durations. See bench/README.md.
//   npm run bench:nexmark -- --query q5 --events 10000000 --parallelism 2 --checkpoint-interval 10s
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { CheckpointStatisticsInfo } from '../../src/runtime/common/cluster-info.js'
import { BenchCluster, ROOT, killAll, track } from '../cluster.js'
import { CpuSampler } from '../cpu-sampler.js'
import { peakResidentBytes } from '../process-memory.js'
import { median } from '../stats.js'
import { NEXMARK_QUERIES, nexmarkQuery } from './queries.js'
import type { BaselineTiming } from './time-baseline.js'

const JOB = 'bench/jobs/nexmark.ts'
const BASELINE = 'bench/nexmark/time-baseline.ts'

const USAGE = `Usage: npm run bench:nexmark -- [options]
  --query <name>                 the query to run: ${NEXMARK_QUERIES.map((q) => q.name).join(', ')}
  --all                          run every query and print one table
  --events <n>                   events to generate (default 10000000)
  --parallelism <p>              job parallelism = TaskManagers of one slot each (default 2)
  --checkpoint-interval <d>      checkpoint every <d> (e.g. 10s); default: no checkpoints
  --incremental                  incremental checkpoints (execution.checkpointing.incremental)
  --rate <n>                     events per second of event time (default 10000, Nexmark's)
  --runs <n>                     runs per side and query; the best is reported (default 1)
  --cpu-prof <dir>               run the TaskManagers under node --cpu-prof, profiles into <dir>
  --json                         print the results as JSON`

const { values: opts } = parseArgs({
  options: {
    query: { type: 'string' },
    all: { type: 'boolean', default: false },
    events: { type: 'string', default: '10000000' },
    parallelism: { type: 'string', default: '2' },
    'checkpoint-interval': { type: 'string' },
    incremental: { type: 'boolean', default: false },
    rate: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '1' },
    'cpu-prof': { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})

function usageError(message: string): never {
  console.error(`bench:nexmark: ${message}\n\n${USAGE}`)
  process.exit(2)
}

if (opts.help) {
  console.log(USAGE)
  process.exit(0)
}
const events = Number(opts.events)
const parallelism = Number(opts.parallelism)
const rate = Number(opts.rate)
const runs = Number(opts.runs)
if (!Number.isSafeInteger(events) || events < 1) usageError(`bad --events '${opts.events}'`)
if (!Number.isInteger(parallelism) || parallelism < 1 || parallelism > 16)
  usageError(`bad --parallelism '${opts.parallelism}' (1 to 16)`)
if (!Number.isSafeInteger(rate) || rate < 1) usageError(`bad --rate '${opts.rate}'`)
if (!Number.isInteger(runs) || runs < 1) usageError(`bad --runs '${opts.runs}'`)
if (opts.all === (opts.query !== undefined)) usageError('give either --query <name> or --all')
let queryNames: string[]
try {
  queryNames = opts.all ? NEXMARK_QUERIES.map((q) => q.name) : [nexmarkQuery(opts.query!).name]
} catch (e: unknown) {
  usageError((e as Error).message)
}
const checkpointInterval = opts['checkpoint-interval']
if (opts.incremental && checkpointInterval === undefined)
  usageError('--incremental needs --checkpoint-interval')
/** How the run checkpoints, for the headings. */
const checkpointing =
  checkpointInterval === undefined
    ? ''
    : `, checkpoint every ${checkpointInterval}${opts.incremental ? ' (incremental)' : ''}`

interface ProcessFigures {
  readonly role: 'jobmanager' | 'taskmanager'
  /** Average cores the process used while the job ran. */
  readonly cores: number
  readonly peakBytes: number
}

interface CheckpointFigures {
  readonly completed: number
  readonly failed: number
  /** End-to-end durations of the completed checkpoints, ms, in order. */
  readonly durationsMs: readonly number[]
  /** The largest completed checkpoint's state size, bytes. */
  readonly maxSizeBytes: number
  /** Why each failed checkpoint failed, as the JobMaster reports it. */
  readonly failures: readonly string[]
}

interface EddyRun {
  readonly jobId: string
  readonly durationMs: number
  readonly eventsPerSecond: number
  /** Events per CPU-second of all cluster processes (JobManager included). */
  readonly eventsPerCoreSecond: number
  readonly processes: readonly ProcessFigures[]
  /** Cores other processes on the machine took while the job ran: a starved run shows here. */
  readonly otherCores: number
  readonly checkpoints?: CheckpointFigures
}

interface BaselineRun extends BaselineTiming {
  readonly eventsPerSecond: number
  readonly eventsPerCoreSecond: number
}

interface QueryResult {
  readonly query: string
  readonly eddy: EddyRun
  readonly baseline: BaselineRun
  /** Eddy's events per core-second over the baseline's. */
  readonly ratio: number
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`)
}

function summarizeCheckpoints(
  history: readonly CheckpointStatisticsInfo[],
  counts: {
    completed: number
    failed: number
  },
): CheckpointFigures {
  const completed = history
    .filter((c) => c.status === 'COMPLETED' && !c.is_savepoint)
    .sort((a, b) => a.id - b.id)
  return {
    completed: counts.completed,
    failed: counts.failed,
    durationsMs: completed.map((c) => c.end_to_end_duration),
    maxSizeBytes: Math.max(0, ...completed.map((c) => c.state_size)),
    failures: history
      .filter((c) => c.status === 'FAILED')
      .map((c) => `checkpoint ${c.id}: ${c.failure_message ?? 'no reason given'}`),
  }
}

async function runEddy(query: string): Promise<EddyRun> {
  const checkpointDir =
    checkpointInterval === undefined ? undefined : mkdtempSync(join(tmpdir(), 'eddy-nexmark-'))
  // Job configuration: the JobMaster takes a job's checkpointing settings from its program.
  const jobConfig =
    checkpointDir === undefined
      ? []
      : [
          `execution.checkpointing.interval=${checkpointInterval}`,
          `state.checkpoints.dir=${checkpointDir}`,
          ...(opts.incremental ? ['execution.checkpointing.incremental=true'] : []),
          // A bounded run's history, all of it (Flink keeps the last 10 by default).
          'web.checkpoints.history=1000',
        ]
  const cluster = await BenchCluster.start({
    taskManagers: parallelism,
    slotsPerTaskManager: 1,
    taskManagerNodeArgs:
      opts['cpu-prof'] === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${opts['cpu-prof']}`],
  })
  const all = [cluster.jobManager, ...cluster.taskManagers]
  const sampler = new CpuSampler(all.map((p) => p.child.pid!))
  try {
    const jobId = await cluster.run(
      JOB,
      [query, String(events), String(rate)],
      ['-p', String(parallelism), ...jobConfig.flatMap((c) => ['-D', c])],
    )
    const job = await cluster.client.getJob(jobId)
    if (job.state !== 'FINISHED')
      throw new Error(`nexmark ${query}: job ${jobId} ended ${job.state}`)
    sampler.sample()
    const cpu = sampler.usage(job['start-time'], job['end-time'])
    const processes = all.map((p, i): ProcessFigures => ({
      role: i === 0 ? 'jobmanager' : 'taskmanager',
      cores: cpu.processCores[i]!,
      peakBytes: peakResidentBytes(p.child.pid!),
    }))
    const cores = cpu.processCores.reduce((a, b) => a + b, 0)
    const seconds = job.duration / 1000
    let checkpoints: CheckpointFigures | undefined
    if (checkpointDir !== undefined) {
      const stats = await cluster.client.getCheckpointStatistics(jobId)
      checkpoints = summarizeCheckpoints(stats.history, stats.counts)
    }
    return {
      jobId,
      durationMs: job.duration,
      eventsPerSecond: events / seconds,
      eventsPerCoreSecond: events / (seconds * cores),
      processes,
      otherCores: cpu.otherCores,
      ...(checkpoints === undefined ? {} : { checkpoints }),
    }
  } finally {
    sampler.stop()
    await cluster.close(opts['cpu-prof'] === undefined ? 0 : 15_000)
    if (checkpointDir !== undefined) rmSync(checkpointDir, { recursive: true, force: true })
  }
}

function runBaseline(query: string): Promise<BaselineRun> {
  return new Promise((resolve, reject) => {
    track(
      execFile(
        process.execPath,
        ['--import', 'tsx', BASELINE, query, String(events), String(rate)],
        { cwd: ROOT, maxBuffer: 1024 * 1024 },
        (error, stdout) => {
          if (error !== null) {
            reject(new Error(`the ${query} baseline failed: ${error.message}`))
            return
          }
          const timing = JSON.parse(stdout) as BaselineTiming
          resolve({
            ...timing,
            eventsPerSecond: timing.events / timing.wallSeconds,
            eventsPerCoreSecond: timing.events / timing.cpuSeconds,
          })
        },
      ),
    )
  })
}

// ---------------------------------------------------------------------------------------------
// Output.

function perSecond(r: number): string {
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)} M/s` : `${(r / 1e3).toFixed(0)} k/s`
}

function megabytes(bytes: number): string {
  return Number.isNaN(bytes) ? '?' : (bytes / 2 ** 20).toFixed(0)
}

function percent(x: number): string {
  return `${(x * 100).toFixed(1)}%`
}

function describeCheckpoints(c: CheckpointFigures): string {
  if (c.durationsMs.length === 0) return `${c.completed} completed, ${c.failed} failed`
  return (
    `${c.completed} completed, ${c.failed} failed; end to end median ${median(c.durationsMs)} ms,` +
    ` max ${Math.max(...c.durationsMs)} ms; largest ${megabytes(c.maxSizeBytes)} MB`
  )
}

function describe(r: QueryResult): string {
  const e = r.eddy
  const cores = e.processes.map((p) => p.cores.toFixed(2)).join(' + ')
  const memory = e.processes.map((p) => `${megabytes(p.peakBytes)}`).join(' / ')
  const lines = [
    `${r.query}: ${events.toLocaleString('en-US')} events, parallelism ${parallelism}` +
      checkpointing,
    `  eddy:      ${perSecond(e.eventsPerSecond)} (job ${(e.durationMs / 1000).toFixed(1)} s),` +
      ` ${perSecond(e.eventsPerCoreSecond)} per core; cores JM + TMs ${cores}, other processes ${e.otherCores.toFixed(2)}`,
    `  baseline:  ${perSecond(r.baseline.eventsPerSecond)} (${r.baseline.wallSeconds.toFixed(1)} s,` +
      ` ${r.baseline.rows.toLocaleString('en-US')} rows), ${perSecond(r.baseline.eventsPerCoreSecond)} per core`,
    `  ratio per core: ${percent(r.ratio)};` +
      ` peak memory MB JM / TMs ${memory}, baseline ${megabytes(r.baseline.peakBytes)}`,
  ]
  if (e.checkpoints !== undefined) {
    lines.push(`  checkpoints: ${describeCheckpoints(e.checkpoints)}`)
    for (const failure of e.checkpoints.failures) lines.push(`    failed: ${failure}`)
  }
  return lines.join('\n')
}

function table(results: readonly QueryResult[]): string {
  const header = [
    'query',
    'eddy',
    'eddy/core',
    'baseline/core',
    'ratio',
    'peak MB (JM / TMs)',
    ...(checkpointInterval === undefined ? [] : ['checkpoints (n, median / max ms)']),
  ]
  const rows = results.map((r) => [
    r.query,
    perSecond(r.eddy.eventsPerSecond),
    perSecond(r.eddy.eventsPerCoreSecond),
    perSecond(r.baseline.eventsPerCoreSecond),
    percent(r.ratio),
    r.eddy.processes.map((p) => megabytes(p.peakBytes)).join(' / '),
    ...(r.eddy.checkpoints === undefined
      ? []
      : [
          r.eddy.checkpoints.durationsMs.length === 0
            ? `${r.eddy.checkpoints.completed}`
            : `${r.eddy.checkpoints.completed}, ${median(r.eddy.checkpoints.durationsMs)} / ${Math.max(...r.eddy.checkpoints.durationsMs)}`,
        ]),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

async function main(): Promise<void> {
  const results: QueryResult[] = []
  for (const query of queryNames) {
    let eddy: EddyRun | undefined
    let baseline: BaselineRun | undefined
    for (let r = 0; r < runs; r++) {
      progress(`${query}: run ${r + 1} of ${runs}`)
      const e = await runEddy(query)
      if (eddy === undefined || e.eventsPerCoreSecond > eddy.eventsPerCoreSecond) eddy = e
      const b = await runBaseline(query)
      if (baseline === undefined || b.eventsPerCoreSecond > baseline.eventsPerCoreSecond)
        baseline = b
    }
    const result = {
      query,
      eddy: eddy!,
      baseline: baseline!,
      ratio: eddy!.eventsPerCoreSecond / baseline!.eventsPerCoreSecond,
    }
    results.push(result)
    progress(describe(result))
  }
  const setup = {
    events,
    parallelism,
    rate,
    runs,
    checkpointInterval: checkpointInterval ?? null,
    incremental: opts.incremental,
  }
  if (opts.json) {
    console.log(JSON.stringify({ ...setup, results }, null, 2))
    return
  }
  console.log(
    `\nnexmark, ${events.toLocaleString('en-US')} events at ${rate}/s of event time, parallelism ${parallelism}` +
      `${checkpointInterval === undefined ? ', no checkpoints' : checkpointing}` +
      `, best of ${runs}; per core = events per CPU-second of all processes\n`,
  )
  console.log(table(results))
}

main().catch((e: unknown) => {
  console.error(e)
  killAll()
  process.exit(1)
})
