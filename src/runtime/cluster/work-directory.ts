// A process's scratch directory (job bundles), named after its pid so that the directories of
// processes that died without cleaning up (kill -9) can be recognised and removed by the next one.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e: unknown) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Creates `<tmp>/<prefix>-<pid>-XXXXXX`, first removing those of dead processes. */
export function createWorkDirectory(prefix: string): string {
  const base = tmpdir()
  const pattern = new RegExp(`^${prefix}-(\\d+)-`)
  for (const name of readdirSync(base)) {
    const pid = Number(pattern.exec(name)?.[1] ?? Number.NaN)
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) {
      rmSync(join(base, name), { recursive: true, force: true })
    }
  }
  return mkdtempSync(join(base, `${prefix}-${process.pid}-`))
}
