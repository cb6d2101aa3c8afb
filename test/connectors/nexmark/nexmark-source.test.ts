import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type {
  ReaderOutput,
  SourceOutput,
  SourceReader,
  SourceReaderContext,
  SplitEnumerator,
} from '../../../src/api/connector/source/source.js'
import {
  ProcessFunction,
  StreamExecutionEnvironment,
  WatermarkStrategy,
  type Collector,
  type ProcessFunctionContext,
} from '../../../src/index.js'
import {
  DEFAULT_NEXMARK_CONFIGURATION,
  EVENT_TYPE,
  EventType,
  NexmarkGenerator,
  NexmarkSource,
  NexmarkSplit,
  type Event,
  type NexmarkConfiguration,
} from '../../../src/connectors/nexmark/index.js'
import {
  NexmarkSourceReader,
  type ScheduleTimer,
} from '../../../src/connectors/nexmark/nexmark-source-reader.js'

const DEFAULT_BASE_TIME = DEFAULT_NEXMARK_CONFIGURATION.baseTime

/** An emitted record: the event and the timestamp it was emitted with. */
type Emitted = [Event, number | undefined]

/** Collects each split's records, in order, and which splits were released. */
class RecordingOutput implements ReaderOutput<Event> {
  readonly bySplit = new Map<string, Emitted[]>()
  readonly released: string[] = []

  collect(): void {
    assert.fail('the reader must emit through split outputs')
  }

  createOutputForSplit(splitId: string): SourceOutput<Event> {
    const records = this.bySplit.get(splitId) ?? []
    this.bySplit.set(splitId, records)
    return { collect: (event, timestamp) => records.push([event, timestamp]) }
  }

  releaseOutputForSplit(splitId: string): void {
    this.released.push(splitId)
  }
}

/**
 * A source's enumerator and `parallelism` readers wired together as the runtime wires them,
 * synchronously: a split request is answered at once.
 */
function wire(
  source: NexmarkSource,
  parallelism: number,
  restored?: { enumerator: NexmarkSplit[]; readers: NexmarkSplit[][] },
) {
  const readers: SourceReader<Event, NexmarkSplit>[] = []
  const context = {
    currentParallelism: () => parallelism,
    registeredReaders: () => new Set(readers.keys()),
    assignSplit: (split: NexmarkSplit, subtask: number) => readers[subtask]!.addSplits([split]),
    signalNoMoreSplits: (subtask: number) => readers[subtask]!.notifyNoMoreSplits(),
  }
  const enumerator: SplitEnumerator<NexmarkSplit, NexmarkSplit[]> =
    restored === undefined
      ? source.createEnumerator(context)
      : source.restoreEnumerator(context, restored.enumerator)
  for (let subtask = 0; subtask < parallelism; subtask++) {
    const readerContext: SourceReaderContext = {
      getIndexOfSubtask: () => subtask,
      getNumberOfParallelSubtasks: () => parallelism,
      sendSplitRequest: () => enumerator.handleSplitRequest(subtask),
    }
    readers.push(source.createReader(readerContext))
  }
  for (let subtask = 0; subtask < parallelism; subtask++) {
    const splits = restored?.readers[subtask] ?? []
    if (splits.length > 0) readers[subtask]!.addSplits(splits)
    readers[subtask]!.start()
  }
  return { enumerator, readers }
}

/** Polls every reader in turn until all are at end of input, or each has had `polls` polls. */
function poll(readers: SourceReader<Event, NexmarkSplit>[], output: RecordingOutput, polls = 1e9) {
  const done = new Set<number>()
  for (let round = 0; round < polls && done.size < readers.length; round++) {
    readers.forEach((reader, subtask) => {
      if (done.has(subtask)) return
      const status = reader.pollNext(output)
      assert.notEqual(status, 'NOTHING_AVAILABLE', 'an unpaced reader always has events or ends')
      if (status === 'END_OF_INPUT') done.add(subtask)
    })
  }
}

/** The records of all splits put back into event-index order (split j of n has j, j+n, ...). */
function byIndex(output: RecordingOutput, numSplits: number): Emitted[] {
  const all: Emitted[] = []
  for (const [id, records] of output.bySplit) {
    records.forEach((record, k) => (all[Number(id) + k * numSplits] = record))
  }
  return all
}

/** What a reader must emit: the generator's events, each with its event time. */
function expected(config: Partial<NexmarkConfiguration>): Emitted[] {
  const generator = new NexmarkGenerator(config)
  return Array.from({ length: generator.maxEvents }, (_, i) => [
    generator.eventAt(i),
    generator.timestampAt(i),
  ])
}

function dateTimeOf(event: Event): number {
  switch (event.type) {
    case EventType.PERSON:
      return event.person.dateTime
    case EventType.AUCTION:
      return event.auction.dateTime
    case EventType.BID:
      return event.bid.dateTime
  }
}

describe('NexmarkSource', () => {
  const config: Partial<NexmarkConfiguration> = { numEvents: 1000, outOfOrderGroupSize: 5 }

  it('emits the generator events with their event time from one split', () => {
    const output = new RecordingOutput()
    const { readers } = wire(new NexmarkSource(config), 1)
    poll(readers, output)
    assert.deepStrictEqual(byIndex(output, 1), expected(config))
    assert.ok(byIndex(output, 1).every(([event, ts]) => dateTimeOf(event) === ts))
    assert.deepStrictEqual(output.released, ['0'])
  })

  it('emits exactly the events of one split from n splits, event by event', () => {
    const single = expected(config)
    for (const parallelism of [2, 3, 4, 7]) {
      const output = new RecordingOutput()
      const { readers } = wire(new NexmarkSource(config), parallelism)
      poll(readers, output)
      assert.equal(output.bySplit.size, parallelism)
      assert.deepStrictEqual(byIndex(output, parallelism), single, `parallelism ${parallelism}`)
    }
  })

  it('makes no more splits than events', () => {
    const output = new RecordingOutput()
    const { readers } = wire(new NexmarkSource({ numEvents: 2 }), 4)
    poll(readers, output)
    assert.deepStrictEqual(byIndex(output, 2), expected({ numEvents: 2 }))
  })

  it('resumes each split at its checkpointed index, also on fewer readers', () => {
    const source = new NexmarkSource(config)
    const serializer = source.getSplitSerializer()
    const output = new RecordingOutput()
    const before = wire(source, 3)
    poll(before.readers, output, 2)
    // The checkpoint: every reader's splits and the enumerator's, through the serializers.
    const splits = before.readers
      .flatMap((reader) => reader.snapshotState(1))
      .map((split) => serializer.deserialize(serializer.getVersion(), serializer.serialize(split)))
    const enumeratorSerializer = source.getEnumeratorCheckpointSerializer()
    const enumerator = enumeratorSerializer.deserialize(
      enumeratorSerializer.getVersion(),
      enumeratorSerializer.serialize(before.enumerator.snapshotState(1)),
    )
    assert.deepStrictEqual(
      splits.map((s) => [s.id, s.stride, s.next]),
      [
        ['0', 3, 384],
        ['1', 3, 385],
        ['2', 3, 386],
      ],
    )
    assert.deepStrictEqual(enumerator, [])
    // Restored at parallelism 2: one reader gets two of the splits and reads them in turns.
    const after = wire(source, 2, { enumerator, readers: [splits.slice(0, 2), splits.slice(2)] })
    poll(after.readers, output)
    assert.deepStrictEqual(byIndex(output, 3), expected(config))
  })

  it('keeps an unassigned split in the enumerator checkpoint', () => {
    const source = new NexmarkSource(config)
    const context = {
      currentParallelism: () => 2,
      registeredReaders: () => new Set([0, 1]),
      assignSplit: () => {},
      signalNoMoreSplits: () => {},
    }
    const enumerator = source.createEnumerator(context)
    enumerator.handleSplitRequest(0)
    assert.deepStrictEqual(enumerator.snapshotState(1), [new NexmarkSplit('1', 2, 1)])
  })

  it('paces events by their event time when maxEmitSpeed is false', () => {
    let now = 10_000
    const timers: { at: number; callback: () => void }[] = []
    const delays: number[] = []
    const schedule: ScheduleTimer = (callback, delayMs) => {
      delays.push(delayMs)
      timers.push({ at: now + delayMs, callback })
      return () => {}
    }
    const advance = (ms: number): void => {
      now += ms
      for (const timer of timers.splice(0)) {
        if (timer.at <= now) timer.callback()
        else timers.push(timer)
      }
    }
    const paced: Partial<NexmarkConfiguration> = {
      numEvents: 10,
      firstEventRate: 1000,
      maxEmitSpeed: false,
    }
    const context: SourceReaderContext = {
      getIndexOfSubtask: () => 0,
      getNumberOfParallelSubtasks: () => 1,
      sendSplitRequest: () => {},
    }
    const reader = new NexmarkSourceReader(
      context,
      new NexmarkGenerator(paced),
      () => now,
      schedule,
    )
    reader.addSplits([new NexmarkSplit('0', 1, 0)])
    const output = new RecordingOutput()
    // Event i is due i + 1 ms after the first poll: its event number is i + 1, 1 ms apart.
    const statuses = [reader.pollNext(output)]
    void reader.isAvailable()
    advance(4)
    statuses.push(reader.pollNext(output), reader.pollNext(output))
    void reader.isAvailable()
    advance(100)
    statuses.push(reader.pollNext(output))
    reader.notifyNoMoreSplits()
    statuses.push(reader.pollNext(output))
    assert.deepStrictEqual(
      { statuses, delays, emitted: byIndex(output, 1) },
      {
        statuses: [
          'NOTHING_AVAILABLE',
          'MORE_AVAILABLE',
          'NOTHING_AVAILABLE',
          'MORE_AVAILABLE',
          'END_OF_INPUT',
        ],
        delays: [1, 1],
        emitted: expected({ numEvents: 10, firstEventRate: 1000 }),
      },
    )
    assert.deepStrictEqual(
      output.bySplit.get('0')!.map(([event]) => dateTimeOf(event) - DEFAULT_BASE_TIME),
      [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
    )
  })

  it('is bounded with a number of events and unbounded without', () => {
    assert.deepStrictEqual(
      [new NexmarkSource({ numEvents: 5 }).getBoundedness(), new NexmarkSource().getBoundedness()],
      ['BOUNDED', 'CONTINUOUS_UNBOUNDED'],
    )
  })

  it('runs in a job at parallelism 3, each event once, stamped with its event time', async () => {
    // Without a declared type (the default), and with EVENT_TYPE's generated serializer.
    for (const type of [undefined, EVENT_TYPE]) {
      const env = StreamExecutionEnvironment.getExecutionEnvironment()
      env.setParallelism(3)
      const out = await env
        .fromSource(
          new NexmarkSource({ numEvents: 1000 }),
          WatermarkStrategy.forBoundedOutOfOrderness<Event>(0),
          'nexmark',
          type,
        )
        .process(new StampCheck())
        .executeAndCollect()
      const bids = out.filter((e) => e.type === EventType.BID)
      const key = (e: Event): string => JSON.stringify(e)
      assert.deepStrictEqual(
        { count: out.length, bids: bids.length, events: out.map(key).sort() },
        {
          count: 1000,
          bids: 920,
          events: [...new NexmarkGenerator({ numEvents: 1000 })].map(key).sort(),
        },
      )
    }
  })
})

/** Passes events on, failing the job if one's record timestamp is not its dateTime. */
class StampCheck extends ProcessFunction<Event, Event> {
  processElement(event: Event, ctx: ProcessFunctionContext, out: Collector<Event>): void {
    if (ctx.timestamp() !== dateTimeOf(event)) {
      throw new Error(`timestamp ${ctx.timestamp()} of an event at ${dateTimeOf(event)}`)
    }
    out.collect(event)
  }
}
