// Micro-benchmark runner (DESIGN.md §11): for each workload of bench/workloads.ts, the records/s of
// the Eddy job and of a hand-written loop doing the same work in the same process, and their
// ratio. Each workload runs in a fresh child process by default, so V8's type feedback from one
// workload does not leak into the next. The multi-process benchmarks (STANDALONE) are scripts of
// their own, run only when named. See bench/README.md for the options and the output.
import { spawn } from 'node:child_process'
import os from 'node:os'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { WORKLOADS, type Outcome, type Workload } from './workloads.js'

interface Side {
  /** Records per second of each measured run, in run order. */
  readonly samples: number[]
  readonly best: number
  readonly median: number
}

interface Result {
  readonly name: string
  readonly title: string
  readonly records: number
  readonly eddy: Side | undefined
  readonly baseline: Side | undefined
  /** eddy.best / baseline.best (and the same for medians). */
  readonly ratioBest: number | undefined
  readonly ratioMedian: number | undefined
}

/**
 * Benchmarks that start processes of their own (a cluster, a producer) and print their own
 * report: run only when named, as `node --import tsx bench/<script>` with --runs, --scale,
 * --records and --json passed on.
 */
const STANDALONE: readonly { name: string; title: string; script: string }[] = [
  {
    name: 'cluster-keyed-count',
    title: 'keyed count at p=2 on two TaskManager processes vs p=1, and a plain loop',
    script: 'cluster-keyed-count.ts',
  },
  {
    name: 'checkpointing',
    title:
      'keyed sum with checkpoints every second vs none; checkpoints of 1M keys (duration, size, pause)',
    script: 'checkpointing.ts',
  },
  {
    name: 'shuffle',
    title: 'records through the TCP shuffle between two processes vs a hand-written socket loop',
    script: 'shuffle.ts',
  },
]

const USAGE = `Usage: npm run bench -- [options] [workload ...]
  --json            print the results as JSON instead of a table
  --runs <n>        measured runs per side (default 3); best and median are reported
  --scale <x>       multiply every workload's record count (default 1; 0.1 for a quick look)
  --records <n>     use exactly n records for every selected workload
  --only <side>     run only 'eddy' or only 'baseline' (for profiling)
  --in-process      run every workload in this process instead of one child each
  --list            list the workloads
workloads: ${WORKLOADS.map((w) => w.name).join(', ')} (default: all of these)
multi-process benchmarks, run only when named: ${STANDALONE.map((b) => b.name).join(', ')}`

function fail(message: string): never {
  console.error(`bench: ${message}\n\n${USAGE}`)
  process.exit(2)
}

const { values: opts, positionals } = parseCommandLine()

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        json: { type: 'boolean', default: false },
        runs: { type: 'string', default: '3' },
        scale: { type: 'string', default: '1' },
        records: { type: 'string' },
        only: { type: 'string' },
        'in-process': { type: 'boolean', default: false },
        child: { type: 'boolean', default: false },
        list: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      allowPositionals: true,
    })
  } catch (e: unknown) {
    return fail(e instanceof Error ? e.message : String(e))
  }
}

const runs = Number(opts.runs)
const scale = Number(opts.scale)
if (!Number.isInteger(runs) || runs < 1) fail(`--runs must be a positive integer, got ${opts.runs}`)
if (!(scale > 0)) fail(`--scale must be a positive number, got ${opts.scale}`)
if (opts.only !== undefined && opts.only !== 'eddy' && opts.only !== 'baseline') {
  fail(`--only must be 'eddy' or 'baseline', got ${opts.only}`)
}
const fixedRecords = opts.records === undefined ? undefined : Number(opts.records)
if (fixedRecords !== undefined && !(Number.isSafeInteger(fixedRecords) && fixedRecords > 0)) {
  fail(`--records must be a positive integer, got ${opts.records}`)
}
const isStandalone = (name: string): boolean => STANDALONE.some((b) => b.name === name)
const standalone = STANDALONE.filter((b) => positionals.includes(b.name))
const selected =
  positionals.length === 0 ? WORKLOADS : positionals.filter((n) => !isStandalone(n)).map(find)

function find(name: string): Workload {
  return WORKLOADS.find((w) => w.name === name) ?? fail(`unknown workload '${name}'`)
}

function recordsOf(w: Workload): number {
  return fixedRecords ?? Math.max(1000, Math.round(w.defaultRecords * scale))
}

// ---------------------------------------------------------------------------------------------
// Measuring one workload (in this process).

function summarize(samples: number[]): Side {
  const sorted = samples.slice().sort((a, b) => a - b)
  const median = sorted[(sorted.length - 1) >> 1]! // lower median for even counts
  return { samples, best: sorted[sorted.length - 1]!, median }
}

function sameOutcome(a: Outcome, b: Outcome): boolean {
  return a.count === b.count && a.checksum === b.checksum
}

async function measure(w: Workload): Promise<Result> {
  const records = recordsOf(w)
  const doEddy = opts.only !== 'baseline'
  const doBaseline = opts.only !== 'eddy'
  const progress = (s: string): void => {
    if (!opts.json || opts.child) process.stderr.write(s)
  }
  progress(`${w.name}: ${records.toLocaleString('en-US')} records `)
  // Warm-up: two small runs of a side right before each of its measured runs, so the measured
  // run never starts in the interpreter. Once is not enough: the allocation of an Eddy run can
  // age the baseline's bytecode out (V8 bytecode flushing), and then the next baseline run would
  // start in the interpreter and finish in on-stack-replaced code, 2-3x slower than it can be.
  const warm = Math.max(1000, Math.round(records / 50))
  const eddy: number[] = []
  const baseline: number[] = []
  for (let r = 0; r < runs; r++) {
    // Alternate the sides so that a slow phase of the machine hurts both.
    let e: Outcome | undefined
    let b: Outcome | undefined
    if (doEddy) {
      await w.eddy(warm)
      await w.eddy(warm)
      const t0 = performance.now()
      e = await w.eddy(records)
      eddy.push(records / ((performance.now() - t0) / 1000))
    }
    if (doBaseline) {
      w.baseline(warm)
      w.baseline(warm)
      const t0 = performance.now()
      b = w.baseline(records)
      baseline.push(records / ((performance.now() - t0) / 1000))
    }
    if (e !== undefined && b !== undefined && !sameOutcome(e, b)) {
      throw new Error(
        `${w.name}: Eddy and the baseline disagree: eddy ${JSON.stringify(e)}, baseline ${JSON.stringify(b)}`,
      )
    }
    progress('.')
  }
  progress('\n')
  const eddySide = doEddy ? summarize(eddy) : undefined
  const baselineSide = doBaseline ? summarize(baseline) : undefined
  const ratio = (pick: (s: Side) => number): number | undefined =>
    eddySide === undefined || baselineSide === undefined
      ? undefined
      : pick(eddySide) / pick(baselineSide)
  return {
    name: w.name,
    title: w.title,
    records,
    eddy: eddySide,
    baseline: baselineSide,
    ratioBest: ratio((s) => s.best),
    ratioMedian: ratio((s) => s.median),
  }
}

// ---------------------------------------------------------------------------------------------
// One child process per workload.

function childArgs(w: Workload): string[] {
  const args = [
    fileURLToPath(import.meta.url),
    '--child',
    '--runs',
    String(runs),
    '--records',
    String(recordsOf(w)),
  ]
  if (opts.only !== undefined) args.push('--only', opts.only)
  return [...process.execArgv, ...args, w.name]
}

function runChild(w: Workload): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, childArgs(w), { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.setEncoding('utf8')
    child.stdout.on('data', (chunk: string) => (out += chunk))
    child.on('error', reject)
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`workload ${w.name} failed (exit code ${code})`))
        return
      }
      try {
        resolve((JSON.parse(out) as Result[])[0]!)
      } catch (e: unknown) {
        reject(new Error(`workload ${w.name} printed no result`, { cause: e }))
      }
    })
  })
}

/** Runs a multi-process benchmark script with this run's options; its output is its own. */
function runStandalone(b: (typeof STANDALONE)[number]): Promise<void> {
  const args = [...process.execArgv, fileURLToPath(new URL(b.script, import.meta.url))]
  args.push('--runs', String(runs))
  if (fixedRecords !== undefined) args.push('--records', String(fixedRecords))
  else args.push('--scale', String(scale))
  if (opts.json) args.push('--json')
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] })
    // Ctrl-C reaches the child too (same process group); it stops what it started.
    child.on('error', reject)
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${b.name} failed (exit code ${code})`)),
    )
  })
}

// ---------------------------------------------------------------------------------------------
// Output.

function rate(r: number | undefined): string {
  if (r === undefined) return '-'
  if (r >= 1e6) return `${(r / 1e6).toFixed(r >= 1e8 ? 0 : r >= 1e7 ? 1 : 2)} M/s`
  return `${(r / 1e3).toFixed(1)} k/s`
}

function percent(x: number | undefined): string {
  return x === undefined ? '-' : `${(x * 100).toFixed(1)}%`
}

function count(n: number): string {
  return n >= 1e6 ? `${n / 1e6}M` : n >= 1e3 ? `${n / 1e3}k` : String(n)
}

function table(results: readonly Result[]): string {
  const header = [
    'benchmark',
    'records',
    'eddy best',
    'baseline best',
    'ratio best',
    'ratio median',
  ]
  const rows = results.map((r) => [
    r.name,
    count(r.records),
    rate(r.eddy?.best),
    rate(r.baseline?.best),
    percent(r.ratioBest),
    percent(r.ratioMedian),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)))
  const line = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(header), line(widths.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n')
}

function environment(): Record<string, unknown> {
  const cpus = os.cpus()
  return {
    node: process.version,
    v8: process.versions.v8,
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    runs,
    date: new Date().toISOString(),
  }
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  if (opts.help) {
    console.log(USAGE)
    return
  }
  if (opts.list) {
    for (const w of WORKLOADS)
      console.log(`${w.name.padEnd(20)} ${w.title} (${count(w.defaultRecords)} records)`)
    for (const b of STANDALONE) console.log(`${b.name.padEnd(20)} ${b.title} (when named)`)
    return
  }
  if (opts.only !== undefined && standalone.length > 0) {
    fail(`--only applies to the in-process workloads, not to ${standalone[0]!.name}`)
  }
  if (selected.length === 0) {
    for (const b of standalone) await runStandalone(b)
    return
  }
  const results: Result[] = []
  for (const w of selected) {
    results.push(opts.child || opts['in-process'] ? await measure(w) : await runChild(w))
  }
  if (opts.child) {
    process.stdout.write(JSON.stringify(results))
  } else if (opts.json) {
    console.log(JSON.stringify({ environment: environment(), results }, null, 2))
  } else {
    const env = environment()
    console.log(
      `\nnode ${String(env.node)}, ${String(env.cpu)} x${String(env.cores)}, best of ${runs} runs\n`,
    )
    console.log(table(results))
  }
  for (const b of standalone) await runStandalone(b)
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
