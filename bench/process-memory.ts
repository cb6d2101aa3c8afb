// Peak memory of a process, from /proc (Linux; elsewhere NaN): the resident set's high-water
// mark, which the kernel keeps for the process's whole life. Benchmarks that want one run's peak
// start fresh processes for it.
import { readFileSync } from 'node:fs'

/** VmHWM of `pid` in bytes: the most resident memory it has had; NaN if unknown. */
export function peakResidentBytes(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8')
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(status)
    return match === null ? Number.NaN : Number(match[1]) * 1024
  } catch {
    // Not Linux, or the process is gone.
    return Number.NaN
  }
}
