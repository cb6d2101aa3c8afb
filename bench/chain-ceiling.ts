// What the chained map→filter benchmark could reach if more of the task were generated code: three
// hand-made prototypes of possible code shapes (not Eddy's code), timed against the hand-written
// loop of bench/workloads.ts, with the same user functions and sink writer. A guide for work on
// src/runtime/task/chain/chain-compiler.ts; the numbers say how much each layer costs.
// Usage: node --import tsx bench/chain-ceiling.ts [--records 100000000]
import { parseArgs } from 'node:util'

const { values: opts } = parseArgs({
  options: { records: { type: 'string', default: '100000000' } },
})
const records = Number(opts.records)

// The benchmark's user functions and sink writer, as in bench/workloads.ts.
const identity = (i: number): number => i
const double = (x: number): number => x * 2
const notMultipleOf3 = (x: number): boolean => x % 3 !== 0

class CountingWriter {
  count = 0
  checksum = 0
  write(value: number, _context: unknown): void {
    this.count++
    this.checksum += value
  }
}

const context = {}

/** Compiles `body` over named values, as Eddy's CodeWriter does. */
function generate<T>(body: string, values: Record<string, unknown>): T {
  const names = Object.keys(values)
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a prototype of generated code
  const factory = new Function(...names, body) as (...args: unknown[]) => T
  return factory(...names.map((n) => values[n]))
}

function time(name: string, run: (n: number) => number): void {
  const warm = Math.max(1000, Math.round(records / 50))
  let best = 0
  let check = 0
  for (let r = 0; r < 3; r++) {
    run(warm)
    run(warm)
    const t0 = performance.now()
    check = run(records)
    best = Math.max(best, records / ((performance.now() - t0) / 1000))
  }
  console.log(`${name.padEnd(62)} ${(best / 1e6).toFixed(0).padStart(5)} M/s  (count ${check})`)
}

interface RangeLoop {
  run(from: number, to: number): void
}

interface Collector {
  collect(value: number, timestamp: number): void
}

// 1. The source's index loop, the chain and the sink write in one generated function, called in
//    batches of 1024 (so the task loop can still check its time budget). Like Eddy's chains, the
//    code is generated anew for every run (job). Three ways to know which operator failed:
const STAGE_SHAPES = {
  // (a) as chain-compiler.ts does today: a closure variable, written per operator per record;
  closure: `
    let stage = 0
    return { run(from, to) {
      for (let i = from; i <= to; i++) {
        stage = 0; const v0 = mapIndex(i)
        stage = 1; const v1 = fn1(v0)
        stage = 2; if (fn2(v1)) { stage = 3; writer.write(v1, context) }
      }
      stage = 0
    } }`,
  // (b) a local, published to the closure only when an exception passes;
  local: `
    let failedStage = -1
    return { run(from, to) {
      let stage = 0
      try {
        for (let i = from; i <= to; i++) {
          stage = 0; const v0 = mapIndex(i)
          stage = 1; const v1 = fn1(v0)
          stage = 2; if (fn2(v1)) { stage = 3; writer.write(v1, context) }
        }
      } catch (e) { failedStage = stage; throw e }
    } }`,
  // (c) not tracked at all: the upper bound.
  none: `
    return { run(from, to) {
      for (let i = from; i <= to; i++) {
        const v1 = fn1(mapIndex(i))
        if (fn2(v1)) writer.write(v1, context)
      }
    } }`,
} as const

function rangeLoop(shape: keyof typeof STAGE_SHAPES): (n: number) => number {
  return (n) => {
    const writer = new CountingWriter()
    const loop = generate<RangeLoop>(STAGE_SHAPES[shape], {
      mapIndex: identity,
      fn1: double,
      fn2: notMultipleOf3,
      writer,
      context,
    })
    for (let i = 1; i <= n; i += 1024) loop.run(i, Math.min(n, i + 1023))
    return writer.count
  }
}

// 2. A shared reader class that emits a batch per poll into a generated per-chain
//    collect(value, timestamp) (no StreamRecord, the sink write fused, `stage` a closure
//    variable). As each run generates a new collect, the reader's call site turns megamorphic,
//    as it does in a TaskManager that has run a few jobs.
class BatchReader {
  next = 1
  to = 0
  poll(output: Collector): boolean {
    const end = Math.min(this.to, this.next + 1023)
    for (let i = this.next; i <= end; i++) output.collect(identity(i), Number.NaN)
    this.next = end + 1
    return this.next <= this.to
  }
}

function batchedReader(n: number): number {
  const writer = new CountingWriter()
  const output = generate<Collector>(
    `
    let stage = 0
    return {
      collect(v, ts) {
        stage = 1; const v1 = fn1(v)
        stage = 2; if (fn2(v1)) { stage = 3; writer.write(v1, context) }
        stage = 0
      },
    }`,
    { fn1: double, fn2: notMultipleOf3, writer, context },
  )
  const reader = new BatchReader()
  reader.to = n
  while (reader.poll(output));
  return writer.count
}

// 3. The hand-written loop of the benchmark, with its own copies of the functions.
const baselineDouble = (x: number): number => x * 2
const baselineNotMultipleOf3 = (x: number): boolean => x % 3 !== 0
function handWritten(n: number): number {
  let count = 0
  let checksum = 0
  for (let i = 1; i <= n; i++) {
    const v = baselineDouble(i)
    if (baselineNotMultipleOf3(v)) {
      count++
      checksum += v
    }
  }
  return checksum >= 0 ? count : -1
}

console.log(`chain ceiling, ${records.toLocaleString('en-US')} records, best of 3\n`)
time('generated range loop (source+chain+sink), stage in closure', rangeLoop('closure'))
time('generated range loop, stage local + try/catch', rangeLoop('local'))
time('generated range loop, no stage tracking (upper bound)', rangeLoop('none'))
time('shared batched reader → generated collect(value, ts)', batchedReader)
time('hand-written loop (the benchmark baseline)', handWritten)
