// The Nexmark queries of bench/nexmark against their hand-written baselines: on the same
// generated events, each query's job on the MiniCluster at parallelism 1 and 2 leaves the same
// canonical output as its baseline. The events span 80 s of event time across a UTC midnight,
// with out-of-order groups of 0.4 s (below the 4 s watermark bound), so windows fire many times,
// q17 sees two days, and bids sometimes arrive before their auction.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { StreamExecutionEnvironment, WatermarkStrategy } from '../../../src/index.js'
import {
  EventType,
  NexmarkGenerator,
  NexmarkSource,
  type Bid,
  type Event,
  type NexmarkConfiguration,
} from '../../../src/connectors/nexmark/index.js'
import { eventTimestamp, nexmarkEvents } from '../../../bench/nexmark/event-streams.js'
import { EventArrayCursor, type NexmarkQuery } from '../../../bench/nexmark/query.js'
import { NEXMARK_QUERIES, nexmarkQuery } from '../../../bench/nexmark/queries.js'
import { q7 } from '../../../bench/nexmark/q7.js'

const CONFIG: Partial<NexmarkConfiguration> = {
  numEvents: 40_000,
  firstEventRate: 500,
  outOfOrderGroupSize: 200,
  baseTime: Date.UTC(2015, 6, 14, 23, 59, 30),
}

/** The baseline's canonical output on CONFIG's events, computed once per query. */
const expected = new Map<string, string[]>()
function baselineOutput(query: NexmarkQuery<unknown>): string[] {
  let result = expected.get(query.name)
  if (result === undefined) {
    const rows: unknown[] = []
    query.baseline(new NexmarkGenerator(CONFIG), (row) => rows.push(row))
    result = query.canonical(rows)
    expected.set(query.name, result)
  }
  return result
}

async function jobOutput(query: NexmarkQuery<unknown>, parallelism: number): Promise<string[]> {
  const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism)
  const rows = await query.build(nexmarkEvents(env, new NexmarkSource(CONFIG))).executeAndCollect()
  return query.canonical(rows)
}

describe('Nexmark queries', () => {
  it('are registered under the reference names', () => {
    assert.deepStrictEqual(
      NEXMARK_QUERIES.map((q) => q.name),
      ['q0', 'q1', 'q2', 'q3', 'q4', 'q5', 'q7', 'q8', 'q11', 'q12', 'q17', 'q18', 'q19'],
    )
    assert.equal(nexmarkQuery('q5').name, 'q5')
    assert.throws(() => nexmarkQuery('q6'), /No Nexmark query 'q6'; there are q0, q1/)
  })

  for (const query of NEXMARK_QUERIES) {
    describe(query.name, () => {
      it('has a baseline with output on the test events', () => {
        assert.ok(baselineOutput(query).length > 0, `${query.name}: no baseline output`)
      })
      for (const parallelism of [1, 2]) {
        it(`emits the baseline's output at parallelism ${parallelism}`, async () => {
          assert.deepStrictEqual(await jobOutput(query, parallelism), baselineOutput(query))
        })
      }
    })
  }
})

function bidAt(dateTime: number, price: number): Event {
  const bid: Bid = {
    auction: 1000,
    bidder: 2000,
    price,
    channel: 'Google',
    url: 'https://www.nexmark.com/a',
    dateTime,
    extra: '',
  }
  return { type: EventType.BID, person: null, auction: null, bid }
}

describe('Nexmark q7', () => {
  // A window [0, 10 s) whose maximum (900) is tied by a bid at exactly 10 s: the reference's
  // BETWEEN window_end - 10 s AND window_end lists that bid for both windows.
  const EVENTS = [
    bidAt(1_000, 500),
    bidAt(5_000, 900),
    bidAt(10_000, 900),
    bidAt(12_000, 100),
    bidAt(25_000, 50),
  ]
  const EXPECTED = [5_000, 10_000, 10_000, 25_000]

  it('lists, with a window, the bids at its end that tie its highest price (baseline)', () => {
    const rows: number[] = []
    q7.baseline(new EventArrayCursor(EVENTS), (r) => rows.push(r.dateTime))
    assert.deepStrictEqual(
      rows.sort((a, b) => a - b),
      EXPECTED,
    )
  })

  it('lists, with a window, the bids at its end that tie its highest price (job, p=2)', async () => {
    const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(2)
    const events = env
      .fromCollection(EVENTS)
      .assignTimestampsAndWatermarks(
        WatermarkStrategy.forBoundedOutOfOrderness<Event>(4000).withTimestampAssigner(
          eventTimestamp,
        ),
      )
    const rows = await q7.build(events).executeAndCollect()
    assert.deepStrictEqual(
      rows.map((r) => r.dateTime).sort((a, b) => a - b),
      EXPECTED,
    )
  })
})

describe('Nexmark baselines', () => {
  it('reject an event more than 4 s late', () => {
    const events = new EventArrayCursor([bidAt(10_000, 1), bidAt(5_998, 1)])
    assert.throws(
      () => q7.baseline(events, () => {}),
      /an event at 5998 is late \(watermark 5999\)/,
    )
  })

  it('accept an event exactly 4 s late', () => {
    const rows: number[] = []
    q7.baseline(new EventArrayCursor([bidAt(10_000, 1), bidAt(6_000, 2)]), (r) =>
      rows.push(r.dateTime),
    )
    assert.deepStrictEqual(
      rows.sort((a, b) => a - b),
      [6_000, 10_000],
    )
  })
})
