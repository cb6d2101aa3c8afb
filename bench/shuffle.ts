// Cross-process shuffle: records/s and MB/s through Eddy's network stack between two processes,
// beside a hand-written loop moving the same records between the same two processes.
//   Eddy: a child process (the producer) runs a ShuffleEnvironment and a RecordWriter with the
//   generated serializer of Types.ROW({ id: LONG, key: STRING, value: DOUBLE, ts: LONG }); this
//   process (the consumer) reads the subpartition through its own ShuffleEnvironment, an
//   InputGate and a StreamTaskNetworkInput, into a counting target. Both sides are driven as a
//   StreamTask drives them: slices of at most 5 ms, checking credit between steps of 512 records.
//   Hand-written: the child serializes the same records with a hand codec into ~32 KiB batches
//   and writes them, length-prefixed, to a loopback TCP socket (waiting for 'drain' when Node's
//   buffer is full); this process reassembles the batches and decodes every record.
// Both consumers compute the same count and checksum, and a run whose sides disagree fails.
// Target: Eddy >= 50% of the hand-written loop. See bench/README.md.
import { fork, type ChildProcess } from 'node:child_process'
import { connect, createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import type { TypeSerializer } from '../src/core/types/type-serializer.js'
import { NO_TIMESTAMP, type StreamRecord } from '../src/runtime/common/stream-element.js'
import { createChannelSelector } from '../src/runtime/network/channel-selector.js'
import { InputGate } from '../src/runtime/network/input-gate.js'
import { RecordWriter } from '../src/runtime/network/record-writer.js'
import { ShuffleEnvironment } from '../src/runtime/network/shuffle-environment.js'
import { StreamTaskNetworkInput } from '../src/runtime/task/input/stream-task-network-input.js'
import { CpuSampler } from './cpu-sampler.js'
import { killAll, track } from './cluster.js'
import { median } from './stats.js'
import {
  BASE_TS,
  BaselineConsumer,
  DISTINCT_KEYS,
  EventType,
  KEYS,
  SEGMENT_SIZE,
  runBaselineProducer,
  type Event,
} from './shuffle-hand-written.js'

/** Eddy's default credit per channel: buffers-per-channel (2) + floating-buffers-per-gate (8). */
const DEFAULT_CREDIT = 10
/** Records per producer step, as IndexRangeReader's RANGE_BATCH. */
const STEP = 512
/** A StreamTask's slice budget. */
const SLICE_MS = 5

const USAGE = `Usage: node --import tsx bench/shuffle.ts [options]
  --records <n>   records per measured run (default 20000000)
  --scale <x>     multiply the default record count
  --runs <n>      measured runs per side (default 3)
  --only <side>   'eddy' or 'baseline'
  --credit <n>    Eddy's buffers in flight per channel (default 10, as a TaskManager's)
  --json          print the results as JSON`

const { values: opts } = parseArgs({
  options: {
    records: { type: 'string' },
    scale: { type: 'string', default: '1' },
    runs: { type: 'string', default: '3' },
    only: { type: 'string' },
    credit: { type: 'string', default: String(DEFAULT_CREDIT) },
    json: { type: 'boolean', default: false },
    producer: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})
if (opts.help) {
  console.log(USAGE)
  process.exit(0)
}
if (opts.only !== undefined && opts.only !== 'eddy' && opts.only !== 'baseline') {
  console.error(`shuffle: --only must be 'eddy' or 'baseline'\n\n${USAGE}`)
  process.exit(2)
}

// ---------------------------------------------------------------------------------------------
// The producer process.

interface ProduceCommand {
  readonly channelKey: string
  readonly records: number
  /** The subpartition's capacity: the consumer's credit. */
  readonly credit: number
}

/** Emits records 1..n into the writer as a source task would; resolves after end-of-partition. */
function produceEddy(writer: RecordWriter, records: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let i = 1
    const slice = (): void => {
      try {
        const deadline = performance.now() + SLICE_MS
        for (;;) {
          if (!writer.isAvailable()) {
            writer.whenAvailable().then(() => setImmediate(slice), reject)
            return
          }
          const to = Math.min(records, i + STEP - 1)
          for (; i <= to; i++) {
            const e: Event = {
              id: i,
              key: KEYS[i % DISTINCT_KEYS]!,
              value: i * 0.25,
              ts: BASE_TS + i,
            }
            writer.emit(e, NO_TIMESTAMP)
          }
          if (i > records) {
            writer.broadcastEndOfPartition()
            resolve()
            return
          }
          if (performance.now() >= deadline) {
            setImmediate(slice)
            return
          }
        }
      } catch (e: unknown) {
        reject(e instanceof Error ? e : new Error(String(e)))
      }
    }
    setImmediate(slice)
  })
}

async function producerMain(): Promise<void> {
  const shuffle = await ShuffleEnvironment.start({ host: '127.0.0.1', port: 0 })
  const serializer = EventType.createSerializer() as TypeSerializer<unknown>
  const server = createServer({ noDelay: true }, (socket) => {
    // The consumer sends the record count as a u32, then reads until the end of the stream.
    socket.once('data', (chunk: Buffer) => runBaselineProducer(socket, chunk.readUInt32LE(0)))
    // A consumer that went away mid-run: its side of the run fails there, with its own error.
    socket.on('error', () => socket.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  const port = typeof address === 'object' && address !== null ? address.port : 0
  process.on('message', (m: ProduceCommand | { release: string }) => {
    if ('release' in m) {
      shuffle.release(m.release)
      return
    }
    const channel = shuffle.subpartition(m.channelKey, m.credit)
    const selector = createChannelSelector({ type: 'FORWARD' }, 1, 0, 128)
    const writer = new RecordWriter([channel], selector, serializer, SEGMENT_SIZE)
    produceEddy(writer, m.records).catch((e: unknown) => {
      console.error(e)
      process.exit(1)
    })
  })
  // Ends with the parent (the IPC channel closes).
  process.once('disconnect', () => {
    server.close()
    void shuffle.close().finally(() => process.exit(0))
  })
  process.send!({ dataAddress: shuffle.dataAddress, port })
}

// ---------------------------------------------------------------------------------------------
// The consumer side (this process).

class CountingTarget {
  count = 0
  checksum = 0
  processElement(record: StreamRecord): void {
    const e = record.value as Event
    this.count++
    this.checksum += e.id + e.key.length + e.value + (e.ts - BASE_TS)
  }
  processWatermark(): void {}
  processWatermarkStatus(): void {}
}

interface Measured {
  readonly seconds: number
  readonly count: number
  readonly checksum: number
  /** Payload bytes (records and element tags; no frame headers). */
  readonly bytes: number
}

class Consumer {
  private readonly child: ChildProcess
  private readonly shuffle: ShuffleEnvironment
  private readonly producerDataAddress: string
  private readonly baselinePort: number
  private readonly serializer = EventType.createSerializer() as TypeSerializer<unknown>
  private run = 0

  constructor(child: ChildProcess, shuffle: ShuffleEnvironment, dataAddress: string, port: number) {
    this.child = child
    this.shuffle = shuffle
    this.producerDataAddress = dataAddress
    this.baselinePort = port
  }

  /** One Eddy run: the producer starts at once; the consumer requests the subpartition. */
  eddy(records: number): Promise<Measured> {
    const prefix = `bench-shuffle/${this.run++}/`
    const channelKey = `${prefix}e0/0/0`
    const t0 = performance.now()
    const credit = Number(opts.credit)
    this.child.send({ channelKey, records, credit } satisfies ProduceCommand)
    const channel = this.shuffle.inputChannel(channelKey, this.producerDataAddress, credit)
    const target = new CountingTarget()
    const input = new StreamTaskNetworkInput(new InputGate([channel]), [this.serializer], target)
    return new Promise((resolve, reject) => {
      // A StreamTask's loop: slices of at most 5 ms; when nothing is there, wait for the gate.
      const slice = (): void => {
        try {
          const deadline = performance.now() + SLICE_MS
          for (;;) {
            const status = input.processInput()
            if (status === 'END_OF_INPUT') {
              const seconds = (performance.now() - t0) / 1000
              this.shuffle.release(prefix)
              this.child.send({ release: prefix })
              const { count, checksum } = target
              resolve({ seconds, count, checksum, bytes: input.bytesIn })
              return
            }
            if (status === 'NOTHING_AVAILABLE') {
              input.getAvailableFuture().then(() => setImmediate(slice), reject)
              return
            }
            if (performance.now() >= deadline) {
              setImmediate(slice)
              return
            }
          }
        } catch (e: unknown) {
          reject(e instanceof Error ? e : new Error(String(e)))
        }
      }
      setImmediate(slice)
    })
  }

  /** One hand-written run over a fresh loopback connection. */
  baseline(records: number): Promise<Measured> {
    const t0 = performance.now()
    const consumer = new BaselineConsumer()
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: this.baselinePort, noDelay: true })
      socket.on('connect', () => {
        const request = Buffer.alloc(4)
        request.writeUInt32LE(records, 0)
        socket.write(request)
      })
      socket.on('data', (chunk: Buffer) => consumer.feed(chunk))
      socket.on('error', reject)
      socket.on('end', () => {
        const seconds = (performance.now() - t0) / 1000
        socket.destroy()
        const { count, checksum } = consumer
        resolve({ seconds, count, checksum, bytes: consumer.bytes })
      })
    })
  }
}

// ---------------------------------------------------------------------------------------------

function startProducer(): Promise<{ child: ChildProcess; dataAddress: string; port: number }> {
  const child = track(
    fork(fileURLToPath(import.meta.url), ['--producer'], {
      execArgv: process.execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  )
  return new Promise((resolve, reject) => {
    child.once('message', (m: { dataAddress: string; port: number }) =>
      resolve({ child, dataAddress: m.dataAddress, port: m.port }),
    )
    child.once('exit', (code) =>
      reject(new Error(`the producer exited (${code}) before it was ready`)),
    )
  })
}

interface SideResult {
  readonly recordsPerSecond: number[]
  readonly megabytesPerSecond: number[]
  readonly bytesPerRecord: number
  /** Cores the producer and this process used during the run, and what others took. */
  readonly cores: { producer: number; consumer: number; other: number }[]
}

async function consumerMain(): Promise<void> {
  const records = Number(opts.records ?? Math.round(20_000_000 * Number(opts.scale)))
  const runs = Number(opts.runs)
  const credit = Number(opts.credit)
  const isValid =
    Number.isSafeInteger(records) && records >= 1000 && records <= 0xffffffff && runs >= 1
  if (!isValid || !Number.isInteger(credit) || credit < 1) {
    console.error(`shuffle: bad --records, --scale, --runs or --credit\n\n${USAGE}`)
    process.exit(2)
  }
  const sides = (['eddy', 'baseline'] as const).filter(
    (s) => opts.only === undefined || opts.only === s,
  )
  const producer = await startProducer()
  const shuffle = await ShuffleEnvironment.start({ host: '127.0.0.1', port: 0 })
  const sampler = new CpuSampler([producer.child.pid!, process.pid])
  const consumer = new Consumer(producer.child, shuffle, producer.dataAddress, producer.port)
  const results: Record<string, SideResult> = {}
  let reference: Measured | undefined
  try {
    process.stderr.write(`shuffle: ${records.toLocaleString('en-US')} records `)
    for (let r = 0; r < runs; r++) {
      for (const side of r % 2 === 0 ? sides : sides.slice().reverse()) {
        const run = (n: number): Promise<Measured> =>
          side === 'eddy' ? consumer.eddy(n) : consumer.baseline(n)
        // Two short runs first, so the timed one starts in optimized code on both ends.
        await run(Math.max(1000, Math.round(records / 20)))
        await run(Math.max(1000, Math.round(records / 20)))
        sampler.sample()
        const from = Date.now()
        const m = await run(records)
        sampler.sample()
        const cpu = sampler.usage(from, Date.now())
        reference ??= m
        if (m.count !== records || m.checksum !== reference.checksum) {
          throw new Error(
            `shuffle ${side}: got ${m.count} records (checksum ${m.checksum}); expected ${records} (${reference.checksum})`,
          )
        }
        const result = (results[side] ??= {
          recordsPerSecond: [],
          megabytesPerSecond: [],
          bytesPerRecord: m.bytes / m.count,
          cores: [],
        })
        result.recordsPerSecond.push(records / m.seconds)
        result.megabytesPerSecond.push(m.bytes / 1e6 / m.seconds)
        result.cores.push({
          producer: cpu.processCores[0]!,
          consumer: cpu.processCores[1]!,
          other: cpu.otherCores,
        })
        process.stderr.write('.')
      }
    }
    process.stderr.write('\n')
  } finally {
    sampler.stop()
    await shuffle.close()
    producer.child.kill('SIGKILL')
  }
  report(records, runs, results)
}

function report(records: number, runs: number, results: Record<string, SideResult>): void {
  const best = (xs: readonly number[]): number => Math.max(...xs)
  const eddy = results.eddy
  const baseline = results.baseline
  const ratio =
    eddy !== undefined && baseline !== undefined
      ? {
          best: best(eddy.recordsPerSecond) / best(baseline.recordsPerSecond),
          median: median(eddy.recordsPerSecond) / median(baseline.recordsPerSecond),
        }
      : undefined
  if (opts.json) {
    console.log(JSON.stringify({ records, runs, ...results, ratio }, null, 2))
    return
  }
  const line = (name: string, s: SideResult | undefined): string => {
    if (s === undefined) return ''
    const i = s.recordsPerSecond.indexOf(best(s.recordsPerSecond))
    const c = s.cores[i]!
    return (
      `  ${name.padEnd(13)} ${(best(s.recordsPerSecond) / 1e6).toFixed(2).padStart(6)} M/s` +
      ` (median ${(median(s.recordsPerSecond) / 1e6).toFixed(2)}),` +
      ` ${best(s.megabytesPerSecond).toFixed(0).padStart(4)} MB/s, ${s.bytesPerRecord.toFixed(1)} B/record;` +
      ` best run: producer ${c.producer.toFixed(2)} + consumer ${c.consumer.toFixed(2)} cores,` +
      ` other processes ${c.other.toFixed(2)}\n`
    )
  }
  console.log(
    `\nshuffle, ${records / 1e6}M records of ROW<id LONG, key STRING, value DOUBLE, ts LONG>, ` +
      `best of ${runs}:\n` +
      line('eddy', eddy) +
      line('hand-written', baseline) +
      (ratio === undefined
        ? ''
        : `  eddy / hand-written: ${(ratio.best * 100).toFixed(1)}% (median ${(ratio.median * 100).toFixed(1)}%), target >= 50%`),
  )
}

;(opts.producer ? producerMain() : consumerMain()).catch((e: unknown) => {
  console.error(e)
  killAll()
  process.exit(1)
})
