// Times one query's hand-written baseline over freshly generated events, in a process of its own
// (as each side of bench/nexmark/run.ts gets fresh processes: no JIT feedback or heap carried
// over from another query). Generation is part of the time, as in the job, whose source
// generates the same events. Prints one line of JSON: BaselineTiming.
//   node --import tsx bench/nexmark/time-baseline.ts <query> <events> <first-event-rate>
import { NexmarkGenerator } from '../../src/connectors/nexmark/index.js'
import { nexmarkQuery } from './queries.js'

export interface BaselineTiming {
  readonly query: string
  readonly events: number
  readonly rows: number
  readonly wallSeconds: number
  /** User + system CPU of the process over the run (GC threads included). */
  readonly cpuSeconds: number
  /** The process's peak resident memory, bytes. */
  readonly peakBytes: number
}

const [name = 'q0', events = '1000000', rate = '10000'] = process.argv.slice(2)
const query = nexmarkQuery(name)
const generator = new NexmarkGenerator({ numEvents: Number(events), firstEventRate: Number(rate) })
let rows = 0
const cpu0 = process.cpuUsage()
const t0 = performance.now()
query.baseline(generator, () => {
  rows++
})
const wallSeconds = (performance.now() - t0) / 1000
const cpu = process.cpuUsage(cpu0)
const timing: BaselineTiming = {
  query: query.name,
  events: Number(events),
  rows,
  wallSeconds,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  peakBytes: process.resourceUsage().maxRSS * 1024,
}
console.log(JSON.stringify(timing))
