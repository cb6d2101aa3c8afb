// Keyed count on a real cluster: bench/jobs/keyed-count.ts (N numbers keyed by i % 10,000, a
// running count per key in a ValueState, a DiscardingSink) at parallelism 1 and 2 on a
// JobManager and two one-slot TaskManager processes, beside the same count as a plain loop in
// this process. Prints records/s of each and the speed-up p2/p1 (target: >= 1.6). The runs
// alternate, so a slow phase of the machine hurts all sides; each Eddy run also reports the cores
// its TaskManagers got and the cores other processes took meanwhile. See bench/README.md.
import { parseArgs } from 'node:util'
import { BenchCluster, killAll } from './cluster.js'
import { CpuSampler, type CpuUsage } from './cpu-sampler.js'
import { median } from './stats.js'

const JOB = 'bench/jobs/keyed-count.ts'
const DISTINCT_KEYS = 10_000

const USAGE = `Usage: node --import tsx bench/cluster-keyed-count.ts [options]
  --records <n>    records per measured run (default 72000000)
  --scale <x>      multiply the default record count
  --runs <n>       measured rounds (p=1, p=2, baseline each; default 3)
  --cpu-prof <dir> run the TaskManagers under node --cpu-prof, profiles into <dir>
  --json           print the results as JSON`

const { values: opts } = parseArgs({
  options: {
    records: { type: 'string' },
    scale: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    'cpu-prof': { type: 'string' },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})
if (opts.help) {
  console.log(USAGE)
  process.exit(0)
}
const records = Number(opts.records ?? Math.round(72_000_000 * Number(opts.scale)))
const runs = Number(opts.runs)
if (!Number.isSafeInteger(records) || records < 1000 || !Number.isInteger(runs) || runs < 1) {
  console.error(`cluster-keyed-count: bad --records, --scale or --runs\n\n${USAGE}`)
  process.exit(2)
}

interface EddyRun {
  readonly parallelism: number
  readonly jobId: string
  /** The job's duration from the REST API (`GET /jobs/:jobid`), ms. */
  readonly durationMs: number
  /** Wall time around `eddy run` (CLI start, bundling, submission, 500 ms status polls), ms. */
  readonly wallMs: number
  readonly recordsPerSecond: number
  /** Cores each TaskManager (and the JobManager) used during the job; what others took. */
  readonly cpu: CpuUsage
  /** CPU time of both TaskManagers per record, ns: what the job costs, however busy the machine. */
  readonly cpuNsPerRecord: number
}

function progress(line: string): void {
  process.stderr.write(`${line}\n`)
}

// ---------------------------------------------------------------------------------------------
// The hand-written baseline: the same running count per key, every updated count "emitted" into
// a checksum, as the job's sink receives them.

function baseline(n: number): { count: number; checksum: number } {
  const counts = new Map<number, number>()
  let count = 0
  let checksum = 0
  for (let i = 1; i <= n; i++) {
    const key = i % DISTINCT_KEYS
    const next = (counts.get(key) ?? 0) + 1
    counts.set(key, next)
    count++
    checksum += next
  }
  return { count, checksum }
}

function timeBaseline(n: number): number {
  // Two short runs first, so the timed one starts in optimized code (see bench/README.md).
  baseline(Math.max(1000, n / 50))
  baseline(Math.max(1000, n / 50))
  const t0 = performance.now()
  const outcome = baseline(n)
  const seconds = (performance.now() - t0) / 1000
  if (outcome.count !== n) throw new Error(`baseline counted ${outcome.count} of ${n}`)
  return n / seconds
}

// ---------------------------------------------------------------------------------------------
// Eddy runs.

interface SubtaskInfo {
  readonly subtask: number
  readonly 'taskmanager-id': string
  readonly metrics: { readonly 'read-records': number }
}

/** Checks that the keyed vertex read every record, and at p > 1 on different TaskManagers. */
async function checkJob(cluster: BenchCluster, jobId: string, parallelism: number) {
  const job = await cluster.client.getJob(jobId)
  if (job.state !== 'FINISHED') throw new Error(`job ${jobId} ended ${job.state}`)
  const keyed = job.vertices.find((v) => v.name.startsWith('count per key'))
  if (keyed === undefined) throw new Error(`job ${jobId} has no 'count per key' vertex`)
  const res = await fetch(`http://${cluster.restAddress}/jobs/${jobId}/vertices/${keyed.id}`)
  const { subtasks } = (await res.json()) as { subtasks: SubtaskInfo[] }
  const read = subtasks.reduce((a, s) => a + s.metrics['read-records'], 0)
  if (subtasks.length !== parallelism || read !== records) {
    throw new Error(
      `job ${jobId}: ${subtasks.length} keyed subtasks read ${read} records; expected ${parallelism} and ${records}`,
    )
  }
  const taskManagers = new Set(subtasks.map((s) => s['taskmanager-id']))
  if (taskManagers.size !== parallelism) {
    throw new Error(
      `job ${jobId}: ${parallelism} subtasks ran on ${taskManagers.size} TaskManagers`,
    )
  }
  return job
}

async function runEddy(
  cluster: BenchCluster,
  sampler: CpuSampler,
  parallelism: number,
  n: number,
): Promise<EddyRun> {
  const t0 = performance.now()
  const jobId = await cluster.run(JOB, [String(n)], ['-p', String(parallelism)])
  const wallMs = performance.now() - t0
  const job = n === records ? await checkJob(cluster, jobId, parallelism) : undefined
  const details = job ?? (await cluster.client.getJob(jobId))
  const durationMs = details.duration
  const cpu = sampler.usage(details['start-time'], details['end-time'])
  const taskManagerCores = cpu.processCores[0]! + cpu.processCores[1]!
  return {
    parallelism,
    jobId,
    durationMs,
    wallMs,
    recordsPerSecond: n / (durationMs / 1000),
    cpu,
    cpuNsPerRecord: (taskManagerCores * durationMs * 1e6) / n,
  }
}

// ---------------------------------------------------------------------------------------------
// Output.

function best(xs: readonly number[]): number {
  return Math.max(...xs)
}

function rate(r: number): string {
  return `${(r / 1e6).toFixed(2)} M/s`
}

function describeRun(r: EddyRun): string {
  const tm = r.cpu.processCores
    .slice(0, 2)
    .map((c) => c.toFixed(2))
    .join(' + ')
  return (
    `p=${r.parallelism}: ${rate(r.recordsPerSecond).padStart(10)}  job ${(r.durationMs / 1000).toFixed(2)} s` +
    ` (eddy run ${(r.wallMs / 1000).toFixed(2)} s), TaskManager cores ${tm},` +
    ` JobManager ${r.cpu.processCores[2]!.toFixed(2)}, other processes ${r.cpu.otherCores.toFixed(2)};` +
    ` ${r.cpuNsPerRecord.toFixed(0)} CPU-ns/record`
  )
}

async function main(): Promise<void> {
  const cluster = await BenchCluster.start({
    taskManagers: 2,
    slotsPerTaskManager: 1,
    taskManagerNodeArgs:
      opts['cpu-prof'] === undefined ? [] : ['--cpu-prof', `--cpu-prof-dir=${opts['cpu-prof']}`],
  })
  const pids = [...cluster.taskManagers, cluster.jobManager].map((p) => p.child.pid!)
  const sampler = new CpuSampler(pids)
  const p1: EddyRun[] = []
  const p2: EddyRun[] = []
  const base: number[] = []
  try {
    // Warm-up: both TaskManagers load the runtime and optimize the record path once.
    const warm = Math.max(1000, Math.round(records / 10))
    progress(`cluster-keyed-count: ${records.toLocaleString('en-US')} records, warming up`)
    await runEddy(cluster, sampler, 2, warm)
    await runEddy(cluster, sampler, 1, warm)
    for (let r = 0; r < runs; r++) {
      // Alternate the order, so neither parallelism always follows the other.
      for (const p of r % 2 === 0 ? [1, 2] : [2, 1]) {
        const run = await runEddy(cluster, sampler, p, records)
        ;(p === 1 ? p1 : p2).push(run)
        progress(`  ${describeRun(run)}`)
      }
      base.push(timeBaseline(records))
      progress(`  baseline: ${rate(base[base.length - 1]!).padStart(10)}`)
    }
  } finally {
    sampler.stop()
    await cluster.close(opts['cpu-prof'] === undefined ? 0 : 15_000)
  }

  const cpuP1 = Math.min(...p1.map((r) => r.cpuNsPerRecord))
  const cpuP2 = Math.min(...p2.map((r) => r.cpuNsPerRecord))
  const p1Rates = p1.map((r) => r.recordsPerSecond)
  const p2Rates = p2.map((r) => r.recordsPerSecond)
  const result = {
    records,
    runs,
    p1: { best: best(p1Rates), median: median(p1Rates), runs: p1 },
    p2: { best: best(p2Rates), median: median(p2Rates), runs: p2 },
    baseline: { best: best(base), median: median(base), samples: base },
    speedUpBest: best(p2Rates) / best(p1Rates),
    speedUpMedian: median(p2Rates) / median(p1Rates),
    cpuNsPerRecord: { p1: cpuP1, p2: cpuP2 },
    // What p=2 would reach over p=1 if each TaskManager had a core to itself and never waited.
    cpuBoundSpeedUp: (2 * cpuP1) / cpuP2,
  }
  if (opts.json) {
    console.log(JSON.stringify(result, null, 2))
    return
  }
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`
  console.log(
    `\nkeyed count, ${records / 1e6}M records, 10k keys, best (median) of ${runs}:\n` +
      `  p=1, one TaskManager:    ${rate(result.p1.best)} (${rate(result.p1.median)})\n` +
      `  p=2, two TaskManagers:   ${rate(result.p2.best)} (${rate(result.p2.median)})\n` +
      `  hand-written loop:       ${rate(result.baseline.best)} (${rate(result.baseline.median)})\n` +
      `  speed-up p2/p1:          ${result.speedUpBest.toFixed(2)}x (${result.speedUpMedian.toFixed(2)}x), target >= 1.6x\n` +
      `  p1 / loop, p2 / loop:    ${pct(result.p1.best / result.baseline.best)}, ${pct(result.p2.best / result.baseline.best)}\n` +
      `  CPU per record (least):  p=1 ${result.cpuNsPerRecord.p1.toFixed(0)} ns, p=2 ${result.cpuNsPerRecord.p2.toFixed(0)} ns (both TaskManagers)\n` +
      `  CPU-bound speed-up:      ${result.cpuBoundSpeedUp.toFixed(2)}x (2 x p1 CPU / p2 CPU per record)`,
  )
}

main().catch((e: unknown) => {
  console.error(e)
  killAll()
  process.exit(1)
})
