// What a Nexmark query is to the runner and the tests: a DataStream program over the Nexmark
// source, the same computation as a hand-written loop (the correctness oracle and the speed
// floor), and the deterministic form of its output that the two are compared by.
// Nexmark: nexmark-flink/src/main/resources/queries/q*.sql (github.com/nexmark/nexmark).
import type { DataStream } from '../../src/index.js'
import type { Event } from '../../src/connectors/nexmark/index.js'

/**
 * The events a baseline reads, in index order: a `NexmarkGenerator` (generation included in the
 * time), or a cursor over events generated beforehand (`EventArrayCursor`).
 */
export interface NexmarkEvents {
  hasNext(): boolean
  next(): Event
}

/**
 * One Nexmark query. Implementations are stateless objects: `build` and `baseline` may be called
 * any number of times, and each call starts from empty state.
 *
 * Output rows are plain data (objects of numbers and strings), so they cross task boundaries.
 * Rows the query emits for the same input may come in another order, or (for queries whose
 * output is an upsert stream, q18 and q19) as other intermediate updates, at another parallelism
 * or in another run; `canonical` maps a complete output to what does not change: compare that.
 *
 * Event-time queries assume no late events: the generator's out-of-orderness must stay below
 * the watermark's 4 s bound (it does with the default `outOfOrderGroupSize` of 1, and with
 * groups spanning less than 4 s of event time). Baselines throw on a late event.
 */
export interface NexmarkQuery<R> {
  /** 'q0' ... 'q19', as the reference's file names. */
  readonly name: string
  /** One line: what the query computes. */
  readonly description: string
  /**
   * Adds the query after `events` and returns its output stream. `events` carry their event time
   * as timestamps and the reference's watermarks: `nexmarkEvents(env, source)`. The caller adds
   * the sink (`sinkTo(new DiscardingSink())`, `executeAndCollect()`) and executes.
   */
  build(events: DataStream<Event>): DataStream<R>
  /**
   * The same computation as a plain single-threaded loop over `events` until `hasNext()` is
   * false, calling `emit` for every output row. Event time is simulated as Flink's: the watermark
   * is the largest timestamp seen minus 4 s minus 1, windows and timers fire once the watermark
   * reaches their time, and everything left fires at the end of the input.
   */
  baseline(events: NexmarkEvents, emit: (row: R) => void): void
  /** The output's deterministic form: canonical strings of the rows, sorted. */
  canonical(rows: readonly R[]): string[]
}

/**
 * The query with its row type forgotten, for a list of queries with different row types
 * (DataStream<R> is invariant in R). Pass to `canonical` only rows this query produced.
 */
export function withUnknownRows<R>(query: NexmarkQuery<R>): NexmarkQuery<unknown> {
  return query as unknown as NexmarkQuery<unknown>
}

/** A `NexmarkEvents` over events generated beforehand, to time a baseline without the generator. */
export class EventArrayCursor implements NexmarkEvents {
  private readonly events: readonly Event[]
  private index = 0

  constructor(events: readonly Event[]) {
    this.events = events
  }

  hasNext(): boolean {
    return this.index < this.events.length
  }

  next(): Event {
    return this.events[this.index++]!
  }
}

/** The canonical string of one row: the listed columns' values, as JSON. */
export function formatRow<R>(row: R, columns: readonly (keyof R)[]): string {
  const values: unknown[] = []
  for (const c of columns) values.push(row[c])
  return JSON.stringify(values)
}

/** An append-only output's canonical form: every row, formatted, sorted. */
export function canonicalRows<R>(rows: readonly R[], columns: readonly (keyof R)[]): string[] {
  return rows.map((r) => formatRow(r, columns)).sort()
}

/**
 * An upsert stream's canonical form: the table it leaves, i.e. the last row emitted for each key,
 * formatted and sorted. Valid because all rows of a key come from one keyed subtask, in order.
 */
export function canonicalUpserts<R>(
  rows: readonly R[],
  keyOf: (row: R) => string | number,
  columns: readonly (keyof R)[],
): string[] {
  const table = new Map<string | number, R>()
  for (const r of rows) table.set(keyOf(r), r)
  return canonicalRows([...table.values()], columns)
}
