// Prints where a V8 .cpuprofile (from `node --cpu-prof`) spends its time: the functions with the
// most self time, with their inclusive time. bench/profile.ts runs a workload and calls the same
// code; use this one on a profile of anything else.
// Usage: node --import tsx bench/profile-summary.ts <file.cpuprofile> [--top 25]
//          [--under functionName] [--by function|file] [--bundle bundle.mjs] [--json]
// --under keeps only the samples whose stack has that function (e.g. `processInputSlice`, the
// task's input loop); --bundle maps frames of an esbuild bundle back to the TypeScript sources
// through its .map file.
import { parseArgs } from 'node:util'
import { SourceMapper, formatSummary, readProfile, summarize } from './cpuprofile.js'

const { values: opts, positionals } = parseArgs({
  options: {
    top: { type: 'string', default: '25' },
    under: { type: 'string' },
    by: { type: 'string', default: 'function' },
    bundle: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
  allowPositionals: true,
})

if (positionals.length !== 1 || (opts.by !== 'function' && opts.by !== 'file')) {
  console.error(
    'Usage: profile-summary.ts <file.cpuprofile> [--top n] [--under functionName] [--by function|file] [--bundle file.mjs] [--json]',
  )
  process.exit(2)
}

const summary = summarize(readProfile(positionals[0]!), {
  top: Number(opts.top),
  under: opts.under,
  by: opts.by,
  sourceMap: opts.bundle === undefined ? undefined : SourceMapper.forBundle(opts.bundle),
})
console.log(
  opts.json
    ? JSON.stringify(summary, null, 2)
    : formatSummary(
        summary,
        opts.under === undefined ? 'all samples' : `samples under ${opts.under}`,
      ),
)
