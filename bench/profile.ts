// Profiles one workload of bench/run.ts: bundles the runner with esbuild (with a source map, so
// frames map back to the TypeScript sources), runs the Eddy side (or the baseline) in a child
// `node --cpu-prof`, and prints the functions with the most self time. The .cpuprofile is kept
// for Chrome DevTools or `bench/profile-summary.ts`.
// Usage: node --import tsx bench/profile.ts <workload> [--side eddy|baseline] [--runs 2]
//          [--records n] [--top 25] [--under fn] [--by function|file] [--no-inlining]
// --no-inlining runs V8 without TurboFan inlining: slower, but every function keeps its own
// samples, which shows how the time splits inside a fused chain.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { build } from 'esbuild'
import { SourceMapper, formatSummary, readProfile, summarize } from './cpuprofile.js'

const { values: opts, positionals } = parseArgs({
  options: {
    side: { type: 'string', default: 'eddy' },
    runs: { type: 'string', default: '2' },
    records: { type: 'string' },
    top: { type: 'string', default: '25' },
    under: { type: 'string' },
    by: { type: 'string', default: 'function' },
    'no-inlining': { type: 'boolean', default: false },
  },
  allowPositionals: true,
})

const workload = positionals[0]
if (
  positionals.length !== 1 ||
  (opts.side !== 'eddy' && opts.side !== 'baseline') ||
  (opts.by !== 'function' && opts.by !== 'file')
) {
  console.error(
    'Usage: profile.ts <workload> [--side eddy|baseline] [--runs n] [--records n] [--top n] [--under fn] [--by function|file] [--no-inlining]',
  )
  process.exit(2)
}

const here = path.dirname(fileURLToPath(import.meta.url))
// Outside the project, so that neither git nor the linters see it; the bundle includes its
// dependencies, so it needs no node_modules there.
const outDir = path.join(os.tmpdir(), 'eddy-bench-profile')
const bundle = path.join(outDir, 'run.mjs')
const profileDir = path.join(outDir, `${workload}${opts['no-inlining'] ? '-no-inlining' : ''}`)
mkdirSync(outDir, { recursive: true })
rmSync(profileDir, { recursive: true, force: true })

await build({
  entryPoints: [path.join(here, 'run.ts')],
  outfile: bundle,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'external',
  // Bundled CommonJS dependencies (yaml) call require() for Node's built-ins.
  banner: {
    js: "import { createRequire as __eddyCreateRequire } from 'node:module'; const require = __eddyCreateRequire(import.meta.url);",
  },
  keepNames: true,
  logLevel: 'warning',
})

const nodeArgs = ['--cpu-prof', '--cpu-prof-dir', profileDir]
if (opts['no-inlining']) nodeArgs.push('--no-turbo-inlining')
const runArgs = ['--child', '--only', opts.side, '--runs', opts.runs]
if (opts.records !== undefined) runArgs.push('--records', opts.records)
const run = spawnSync(process.execPath, [...nodeArgs, bundle, ...runArgs, workload!], {
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
})
if (run.status !== 0) {
  console.error(`profile: the run failed (exit code ${String(run.status)})`)
  process.exit(1)
}
const result = (
  JSON.parse(run.stdout) as { eddy?: { best: number }; baseline?: { best: number } }[]
)[0]!
const best = opts.side === 'eddy' ? result.eddy?.best : result.baseline?.best
console.log(
  `${workload} (${opts.side}${opts['no-inlining'] ? ', no inlining' : ''}): best ${((best ?? 0) / 1e6).toFixed(2)} M records/s while profiling`,
)

// The main thread's profile is the largest one.
const files = readdirSync(profileDir)
  .filter((f) => f.endsWith('.cpuprofile'))
  .map((f) => path.join(profileDir, f))
  .sort((a, b) => statSync(b).size - statSync(a).size)
const summary = summarize(readProfile(files[0]!), {
  top: Number(opts.top),
  under: opts.under,
  by: opts.by,
  sourceMap: SourceMapper.forBundle(bundle),
})
console.log(
  formatSummary(summary, opts.under === undefined ? 'all samples' : `samples under ${opts.under}`),
)
console.log(`\nprofile: ${files[0]!}`)
