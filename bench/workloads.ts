// The micro-benchmarks of bench/run.ts: each is an Eddy job and a hand-written loop doing the same
// work (same records, same user logic, same count and checksum), so the figure that matters is the
// ratio, which survives a noisy machine (DESIGN.md §11). Both sides return their count and checksum,
// and the runner rejects a run whose two sides disagree.
import {
  SlidingEventTimeWindows,
  StreamExecutionEnvironment,
  TumblingEventTimeWindows,
  Types,
  WatermarkStrategy,
  type AggregateFunction,
  type Sink,
  type SinkWriter,
} from '../src/index.js'

/** What both sides of a benchmark compute: records reaching the sink, and a checksum of them. */
export interface Outcome {
  readonly count: number
  readonly checksum: number
}

export interface Workload {
  readonly name: string
  readonly title: string
  /** Source records per measured run (before --scale). */
  readonly defaultRecords: number
  readonly eddy: (records: number) => Promise<Outcome>
  readonly baseline: (records: number) => Outcome
}

// ---------------------------------------------------------------------------------------------
// Sinks. One writer class per record shape, so the sink's call site stays monomorphic, as the
// baseline's inlined `count++; checksum += ...` is.

class NumberCountingWriter implements SinkWriter<number> {
  count = 0
  checksum = 0
  write(value: number): void {
    this.count++
    this.checksum += value
  }
  flush(): void {}
  close(): void {}
}

class NumberCountingSink implements Sink<number> {
  writer: NumberCountingWriter | undefined
  createWriter(): SinkWriter<number> {
    return (this.writer = new NumberCountingWriter())
  }
  outcome(): Outcome {
    const w = this.writer
    return w === undefined ? { count: 0, checksum: 0 } : { count: w.count, checksum: w.checksum }
  }
}

interface Keyed {
  key: string
  n: number
}

class KeyedCountingWriter implements SinkWriter<Keyed> {
  count = 0
  checksum = 0
  write(value: Keyed): void {
    this.count++
    this.checksum += value.n
  }
  flush(): void {}
  close(): void {}
}

class KeyedCountingSink implements Sink<Keyed> {
  writer: KeyedCountingWriter | undefined
  createWriter(): SinkWriter<Keyed> {
    return (this.writer = new KeyedCountingWriter())
  }
  outcome(): Outcome {
    const w = this.writer
    return w === undefined ? { count: 0, checksum: 0 } : { count: w.count, checksum: w.checksum }
  }
}

// ---------------------------------------------------------------------------------------------
// (a) fromSequence → map → filter → sink, all chained into one task.

// Each side gets its own copy of the user functions: V8 keeps type feedback per function literal,
// and a shared one lets one side's feedback (say, a heap-number argument) slow down the other.
const double = (x: number): number => x * 2
const notMultipleOf3 = (x: number): boolean => x % 3 !== 0
const baselineDouble = (x: number): number => x * 2
const baselineNotMultipleOf3 = (x: number): boolean => x % 3 !== 0

const chainedMapFilter: Workload = {
  name: 'chain-map-filter',
  title: 'fromSequence→map→filter→sink, chained, p=1',
  defaultRecords: 200_000_000,
  async eddy(records) {
    const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
    const sink = new NumberCountingSink()
    env.fromSequence(1, records).map(double).filter(notMultipleOf3).sinkTo(sink)
    await env.execute('bench chain-map-filter')
    return sink.outcome()
  },
  baseline(records) {
    let count = 0
    let checksum = 0
    for (let i = 1; i <= records; i++) {
      const v = baselineDouble(i)
      if (baselineNotMultipleOf3(v)) {
        count++
        checksum += v
      }
    }
    return { count, checksum }
  },
}

// ---------------------------------------------------------------------------------------------
// (b) fromSequence → map to {key, n} → keyBy(key) → sum('n') → sink: two tasks (source+map,
// keyed sum+sink) joined by a hash edge whose records are serialized into local buffers.

const DISTINCT_KEYS = 10_000
const KEYS: readonly string[] = Array.from({ length: DISTINCT_KEYS }, (_, i) => `key-${i}`)
const toRecord = (i: number): Keyed => ({ key: KEYS[i % DISTINCT_KEYS]!, n: i % 7 })
const keyOf = (r: Keyed): string => r.key
const baselineToRecord = (i: number): Keyed => ({ key: KEYS[i % DISTINCT_KEYS]!, n: i % 7 })
const baselineKeyOf = (r: Keyed): string => r.key
const KeyedRow = Types.ROW({ key: Types.STRING, n: Types.DOUBLE })

function keyedSum(name: string, title: string, typed: boolean): Workload {
  return {
    name,
    title,
    defaultRecords: typed ? 4_000_000 : 3_000_000,
    async eddy(records) {
      const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
      const sink = new KeyedCountingSink()
      const mapped = env.fromSequence(1, records).map(toRecord)
      const stream = typed ? mapped.returns(KeyedRow) : mapped
      stream.keyBy(keyOf).sum('n').sinkTo(sink)
      await env.execute(`bench ${name}`)
      return sink.outcome()
    },
    // The same records, a running sum per key in a Map, and every updated sum emitted to the
    // same count/checksum a sink would compute: what one would write by hand.
    baseline(records) {
      const sums = new Map<string, number>()
      let count = 0
      let checksum = 0
      for (let i = 1; i <= records; i++) {
        const r = baselineToRecord(i)
        const key = baselineKeyOf(r)
        const previous = sums.get(key)
        const sum = previous === undefined ? r.n : previous + r.n
        sums.set(key, sum)
        count++
        checksum += sum
      }
      return { count, checksum }
    },
  }
}

// ---------------------------------------------------------------------------------------------
// (c) Event-time windows over keyed records: 1,000 keys, 100 records per ms of event time (in
// order), watermarks from forMonotonousTimestamps every 200 ms of processing time. Both sides
// emit one result per key and window; the baseline keeps the same per-window, per-key Maps a
// hand-written job would, and emits a window when event time passes its end.

const WINDOW_KEYS: readonly string[] = Array.from({ length: 1000 }, (_, i) => `key-${i}`)
const RECORDS_PER_MS = 100
const baselineWindowRecord = (i: number): Keyed => ({ key: WINDOW_KEYS[i % 1000]!, n: i % 7 })

interface KeyedTime extends Keyed {
  t: number
}
const timedRecord = (i: number): KeyedTime => ({
  key: WINDOW_KEYS[i % 1000]!,
  n: i % 7,
  t: Math.floor(i / RECORDS_PER_MS),
})
// Declared, as a Flink job's POJO type would be inferred: the hash edge then runs a generated
// serializer instead of the generic one.
const KeyedTimeRow = Types.ROW({ key: Types.STRING, n: Types.INT, t: Types.LONG })
const timeOf = (r: KeyedTime): number => r.t
const windowKeyOf = (r: KeyedTime): string => r.key

class CountAggregate implements AggregateFunction<KeyedTime, number, number> {
  createAccumulator(): number {
    return 0
  }
  add(_r: KeyedTime, acc: number): number {
    return acc + 1
  }
  getResult(acc: number): number {
    return acc
  }
  merge(a: number, b: number): number {
    return a + b
  }
}

/** Sum and count; the result is the average in thousandths, rounded (exact checksums). */
class AverageAggregate implements AggregateFunction<KeyedTime, [number, number], number> {
  createAccumulator(): [number, number] {
    return [0, 0]
  }
  add(r: KeyedTime, acc: [number, number]): [number, number] {
    acc[0] += r.n
    acc[1]++
    return acc
  }
  getResult(acc: [number, number]): number {
    return Math.round((acc[0] / acc[1]) * 1000)
  }
  merge(a: [number, number], b: [number, number]): [number, number] {
    return [a[0] + b[0], a[1] + b[1]]
  }
}

function windowJob(
  name: string,
  assigner: TumblingEventTimeWindows | SlidingEventTimeWindows,
  aggregate: AggregateFunction<KeyedTime, unknown, number>,
) {
  return async (records: number): Promise<Outcome> => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
    const sink = new NumberCountingSink()
    env
      .fromSequence(0, records - 1)
      .map(timedRecord, KeyedTimeRow)
      .assignTimestampsAndWatermarks(
        WatermarkStrategy.forMonotonousTimestamps<KeyedTime>().withTimestampAssigner(timeOf),
      )
      .keyBy(windowKeyOf)
      .window(assigner)
      .aggregate(aggregate)
      .sinkTo(sink)
    await env.execute(`bench ${name}`)
    return sink.outcome()
  }
}

const tumblingWindowCount: Workload = {
  name: 'window-tumbling-count',
  title: 'keyBy→tumbling 1 s event-time window→count, 1k keys, p=1',
  defaultRecords: 3_000_000,
  eddy: windowJob(
    'window-tumbling-count',
    TumblingEventTimeWindows.of(1000),
    new CountAggregate() as AggregateFunction<KeyedTime, unknown, number>,
  ),
  baseline(records) {
    let count = 0
    let checksum = 0
    let windowStart = 0
    let counts = new Map<string, number>()
    const emit = (): void => {
      for (const c of counts.values()) {
        count++
        checksum += c
      }
      counts = new Map()
    }
    for (let i = 0; i < records; i++) {
      const r = baselineWindowRecord(i)
      const t = Math.floor(i / RECORDS_PER_MS)
      if (t >= windowStart + 1000) {
        emit()
        windowStart = t - (t % 1000)
      }
      counts.set(r.key, (counts.get(r.key) ?? 0) + 1)
    }
    emit()
    return { count, checksum }
  },
}

const slidingWindowAverage: Workload = {
  name: 'window-sliding-avg',
  title: 'keyBy→sliding 10 s / 2 s event-time window→average, 1k keys, p=1',
  defaultRecords: 3_000_000,
  eddy: windowJob(
    'window-sliding-avg',
    SlidingEventTimeWindows.of(10_000, 2000),
    new AverageAggregate() as AggregateFunction<KeyedTime, unknown, number>,
  ),
  // Each record updates the accumulators of its 5 windows; a window is emitted (and dropped)
  // once event time passes its end.
  baseline(records) {
    let count = 0
    let checksum = 0
    const windows = new Map<number, Map<string, [number, number]>>()
    const emitUpTo = (time: number): void => {
      for (const [start, perKey] of windows) {
        if (start + 10_000 - 1 > time) continue
        for (const acc of perKey.values()) {
          count++
          checksum += Math.round((acc[0] / acc[1]) * 1000)
        }
        windows.delete(start)
      }
    }
    let lastTime = -1
    for (let i = 0; i < records; i++) {
      const r = baselineWindowRecord(i)
      const t = Math.floor(i / RECORDS_PER_MS)
      if (t !== lastTime) {
        emitUpTo(t - 1)
        lastTime = t
      }
      for (let start = t - (t % 2000); start > t - 10_000; start -= 2000) {
        let perKey = windows.get(start)
        if (perKey === undefined) windows.set(start, (perKey = new Map()))
        const acc = perKey.get(r.key)
        if (acc === undefined) perKey.set(r.key, [r.n, 1])
        else {
          acc[0] += r.n
          acc[1]++
        }
      }
    }
    emitUpTo(Number.POSITIVE_INFINITY)
    return { count, checksum }
  },
}

export const WORKLOADS: readonly Workload[] = [
  chainedMapFilter,
  keyedSum('keyed-sum-row', 'keyBy→sum over a hash edge, Types.ROW, 10k keys', true),
  keyedSum(
    'keyed-sum-generic',
    'keyBy→sum over a hash edge, undescribed (generic), 10k keys',
    false,
  ),
  tumblingWindowCount,
  slidingWindowAverage,
]
