// Runs one step of a step-by-step bench script (keyed-ladder.ts, keyed-window-floor.ts) in a
// child process of its own with this process's node flags, so V8's type feedback of one step
// does not slow another. The child prints its ns per record as JSON on stdout.
import { spawnSync } from 'node:child_process'

/** Runs `script` with `--step <step>` and `args`; returns the ns per record it printed. */
export function nsPerRecordInChild(script: string, step: string, args: readonly string[]): number {
  const child = spawnSync(
    process.execPath,
    [...process.execArgv, script, '--step', step, ...args],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  )
  if (child.status !== 0) throw new Error(`step ${step} failed (exit code ${String(child.status)})`)
  return JSON.parse(child.stdout) as number
}
