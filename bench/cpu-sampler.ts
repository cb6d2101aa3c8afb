// CPU time of chosen processes and of the whole machine over a time window, from /proc (Linux;
// elsewhere every figure is NaN). The cluster benchmarks run several processes on a machine that
// other work shares: a rate alone cannot tell a slow run from a starved one, so each run also
// reports how many cores its processes got and how many everything else took meanwhile.
import { readFileSync } from 'node:fs'

/** Clock ticks per second of /proc's utime/stime and /proc/stat (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100

interface Sample {
  readonly atMs: number
  /** Busy ticks of the machine (all but idle and iowait), summed over its cores. */
  readonly machineBusy: number
  /** utime + stime of each watched process, in ticks (NaN once it is gone). */
  readonly processes: readonly number[]
}

export interface CpuUsage {
  /** Average cores the watched processes used over the window, one entry per process. */
  readonly processCores: readonly number[]
  /** Average cores everything else on the machine used over the window. */
  readonly otherCores: number
}

function machineBusyTicks(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!
  const f = line.trim().split(/\s+/).slice(1).map(Number)
  const total = f.slice(0, 8).reduce((a, b) => a + b, 0)
  return total - f[3]! - f[4]!
}

function processTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // Fields after the command name, which may contain spaces, in parentheses.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return Number(f[11]) + Number(f[12])
}

function safely(read: () => number): number {
  try {
    return read()
  } catch {
    // Not Linux, or the process is gone: the figure is unknown.
    return Number.NaN
  }
}

/** Samples every `intervalMs` until stopped; `usage` integrates any window inside that span. */
export class CpuSampler {
  private readonly pids: readonly number[]
  private readonly samples: Sample[] = []
  private readonly timer: NodeJS.Timeout

  constructor(pids: readonly number[], intervalMs = 100) {
    this.pids = pids
    this.sample()
    this.timer = setInterval(() => this.sample(), intervalMs)
  }

  /** Takes a sample now: call it at the edges of a window shorter than a few intervals. */
  sample(): void {
    this.samples.push({
      atMs: Date.now(),
      machineBusy: safely(machineBusyTicks),
      processes: this.pids.map((pid) => safely(() => processTicks(pid))),
    })
  }

  stop(): void {
    clearInterval(this.timer)
    this.sample()
  }

  /** Usage between two wall-clock times (ms since the epoch), from the nearest samples. */
  usage(fromMs: number, toMs: number): CpuUsage {
    const first = this.nearest(fromMs)
    const last = this.nearest(toMs)
    const seconds = (last.atMs - first.atMs) / 1000
    if (!(seconds > 0)) return { processCores: this.pids.map(() => Number.NaN), otherCores: NaN }
    const processCores = this.pids.map(
      (_, i) => (last.processes[i]! - first.processes[i]!) / TICKS_PER_SECOND / seconds,
    )
    const machine = (last.machineBusy - first.machineBusy) / TICKS_PER_SECOND / seconds
    const ours = processCores.reduce((a, b) => a + b, 0)
    return { processCores, otherCores: Math.max(0, machine - ours) }
  }

  private nearest(atMs: number): Sample {
    let best = this.samples[0]!
    for (const s of this.samples) {
      if (Math.abs(s.atMs - atMs) < Math.abs(best.atMs - atMs)) best = s
    }
    return best
  }
}
