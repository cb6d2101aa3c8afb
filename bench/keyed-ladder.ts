// Splits the cost of the keyed-sum benchmark into steps: each step is an Eddy job that does a bit
// more of the keyed-sum work than the one before, so the difference of two steps' ns/record is what
// that piece costs. Each step runs in a fresh child process.
// Usage: node --import tsx bench/keyed-ladder.ts [--records 3000000] [--json]
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { StreamExecutionEnvironment, Types, type Sink, type SinkWriter } from '../src/index.js'
import { nsPerRecordInChild } from './child-step.js'

interface Keyed {
  key: string
  n: number
}

const STEPS = {
  chained: 'source → map to {key, n} → sink, one task (no network)',
  network: '+ a rebalance edge: serialize, local channel, deserialize',
  keyed: '+ keyBy instead: key hash on both sides, setCurrentKey (keyed map, identity)',
  reduce:
    '+ keyed reduce with a hand-written reducer: ValueState get/update, a new record per input',
  sum: "+ sum('n') instead of the hand-written reducer (the benchmark)",
} as const
type Step = keyof typeof STEPS

const KEYS: readonly string[] = Array.from({ length: 10_000 }, (_, i) => `key-${i}`)
const toRecord = (i: number): Keyed => ({ key: KEYS[i % 10_000]!, n: i % 7 })
const KeyedRow = Types.ROW({ key: Types.STRING, n: Types.DOUBLE })

class CountingWriter implements SinkWriter<Keyed> {
  count = 0
  checksum = 0
  write(value: Keyed): void {
    this.count++
    this.checksum += value.n
  }
  flush(): void {}
  close(): void {}
}

class CountingSink implements Sink<Keyed> {
  createWriter(): SinkWriter<Keyed> {
    return new CountingWriter()
  }
}

async function job(step: Step, typed: boolean, records: number): Promise<void> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
  const mapped = env.fromSequence(1, records).map(toRecord)
  const stream = typed ? mapped.returns(KeyedRow) : mapped
  const sink = new CountingSink()
  switch (step) {
    case 'chained':
      stream.sinkTo(sink)
      break
    case 'network':
      stream.rebalance().sinkTo(sink)
      break
    case 'keyed':
      stream
        .keyBy((r) => r.key)
        .map((r) => r)
        .sinkTo(sink)
      break
    case 'reduce':
      stream
        .keyBy((r) => r.key)
        .reduce((a, b) => ({ key: a.key, n: a.n + b.n }))
        .sinkTo(sink)
      break
    case 'sum':
      stream
        .keyBy((r) => r.key)
        .sum('n')
        .sinkTo(sink)
      break
  }
  await env.execute(`ladder ${step}`)
}

/** Best ns/record of three runs, each after two small warm-up runs. */
async function measure(step: Step, typed: boolean, records: number): Promise<number> {
  const warm = Math.max(1000, Math.round(records / 50))
  let best = Number.POSITIVE_INFINITY
  for (let r = 0; r < 3; r++) {
    await job(step, typed, warm)
    await job(step, typed, warm)
    const t0 = performance.now()
    await job(step, typed, records)
    best = Math.min(best, ((performance.now() - t0) * 1e6) / records)
  }
  return best
}

const { values: opts } = parseArgs({
  options: {
    records: { type: 'string', default: '3000000' },
    json: { type: 'boolean', default: false },
    step: { type: 'string' },
    generic: { type: 'boolean', default: false },
  },
})
const records = Number(opts.records)

if (opts.step !== undefined) {
  // Child: one step, one variant.
  const ns = await measure(opts.step as Step, !opts.generic, records)
  process.stdout.write(JSON.stringify(ns))
} else {
  const rows: { step: Step; variant: string; nsPerRecord: number; delta: number }[] = []
  for (const generic of [false, true]) {
    let previous = 0
    for (const step of Object.keys(STEPS) as Step[]) {
      const args = ['--records', String(records)]
      if (generic) args.push('--generic')
      const ns = nsPerRecordInChild(fileURLToPath(import.meta.url), step, args)
      rows.push({
        step,
        variant: generic ? 'generic' : 'ROW',
        nsPerRecord: ns,
        delta: ns - previous,
      })
      previous = ns
    }
  }
  if (opts.json) {
    console.log(JSON.stringify(rows, null, 2))
  } else {
    console.log(
      `keyed-sum ladder, ${records.toLocaleString('en-US')} records, best of 3, ns per source record\n`,
    )
    console.log(
      `${'variant'.padEnd(8)} ${'step'.padEnd(8)} ${'ns/rec'.padStart(7)} ${'+ns'.padStart(6)}  what the step adds`,
    )
    for (const r of rows) {
      console.log(
        `${r.variant.padEnd(8)} ${r.step.padEnd(8)} ${r.nsPerRecord.toFixed(0).padStart(7)} ${r.delta.toFixed(0).padStart(6)}  ${STEPS[r.step]}`,
      )
    }
  }
}
