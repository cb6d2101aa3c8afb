// `npm test`: type check, layering check, lint, format check, then every test/**/*.test.ts on node:test.
// Stops at the first failing step with its exit code. Usage:
//   npm test                                  all five steps
//   npm test -- test/core [test/api/x.test.ts] only the tests under those paths (skips the checks)
//   npm test -- --test-name-pattern=Window    flags starting with `-` go to node's test runner
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(fileURLToPath(new URL('..', import.meta.url)))
process.chdir(root)
const bin = (name) => join(root, 'node_modules', '.bin', name)

const args = process.argv.slice(2)
const runnerFlags = args.filter((a) => a.startsWith('-'))
const pathFilters = args.filter((a) => !a.startsWith('-'))

/** Runs one step with inherited stdio; exits with its code if it fails. */
function step(title, command, commandArgs, { last = false, shown = commandArgs } = {}) {
  const name = command === process.execPath ? 'node' : relative(root, command)
  console.log(`\n=== ${title}: ${[name, ...shown].join(' ')}`)
  const started = performance.now()
  const r = spawnSync(command, commandArgs, { stdio: 'inherit' })
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  if (r.error) {
    console.error(`=== ${title} could not start: ${r.error.message}`)
    process.exit(1)
  }
  const code = r.status ?? 1
  if (code !== 0) {
    const why = r.signal ? `killed by ${r.signal}` : `exit code ${code}`
    console.error(`=== ${title} FAILED (${why}, ${seconds}s)`)
    process.exit(code)
  }
  // After the tests nothing is printed, so the runner's summary stays the last output.
  if (!last) console.log(`=== ${title} ok (${seconds}s)`)
}

/** Every `*.test.ts` under `dir`, sorted, as paths relative to the project root. */
function findTests(dir) {
  const found = []
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name)
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules') walk(p)
      } else if (entry.name.endsWith('.test.ts')) found.push(p)
    }
  }
  walk(dir)
  return found.sort()
}

/** A filter is a path from the project root, or else from test/ (`core` means `test/core`). */
function testsFor(filter) {
  const candidates = [resolve(root, filter), resolve(root, 'test', filter)]
  const hit = candidates.find((p) => existsSync(p))
  if (hit === undefined) {
    console.error(`npm test: no such file or directory: ${filter}`)
    process.exit(1)
  }
  if (statSync(hit).isDirectory()) return findTests(hit)
  if (!hit.endsWith('.test.ts')) {
    console.error(`npm test: not a test file (*.test.ts): ${filter}`)
    process.exit(1)
  }
  return [hit]
}

const files =
  pathFilters.length === 0
    ? findTests(join(root, 'test'))
    : [...new Set(pathFilters.flatMap(testsFor))].sort()
if (files.length === 0) {
  console.error(`npm test: no *.test.ts files under ${pathFilters.join(', ') || 'test/'}`)
  process.exit(1)
}

if (pathFilters.length === 0) {
  step('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'])
  step('layers', bin('depcruise'), ['src', '--config', '.dependency-cruiser.cjs'])
  step('lint', bin('eslint'), ['.'])
  step('format', bin('prettier'), ['--check', '.', '--log-level', 'warn'])
}
const nodeArgs = [
  '--import',
  'tsx',
  '--test',
  '--test-concurrency=2',
  '--test-timeout=120000',
  ...runnerFlags,
]
step(
  'tests',
  process.execPath,
  [...nodeArgs, ...files.map((f) => relative(root, f).split(sep).join('/'))],
  { last: true, shown: [...nodeArgs, `<${files.length} *.test.ts files>`] },
)
