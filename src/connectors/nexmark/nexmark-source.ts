// The Nexmark benchmark's event stream as a parallel FLIP-27 source. The stream is one timeline of
// event indices; split j of n takes the indices j, j+n, j+2n, ..., so any parallelism emits the
// very same events as parallelism 1, and each event carries its event time as its timestamp.
// Flink (nexmark): com.github.nexmark.flink.source.NexmarkSource.
import type {
  Boundedness,
  SimpleVersionedSerializer,
  Source,
  SourceReader,
  SourceReaderContext,
  SplitEnumerator,
  SplitEnumeratorContext,
} from '../../api/connector/source/source.js'
import type { Event } from './event.js'
import { GeneratorConfig } from './generator-config.js'
import { resolveNexmarkConfiguration, type NexmarkConfiguration } from './nexmark-configuration.js'
import { NexmarkGenerator } from './nexmark-generator.js'
import {
  createNexmarkSplits,
  NEXMARK_SPLIT_LIST_SERIALIZER,
  NexmarkSplitSerializer,
  type NexmarkSplit,
} from './nexmark-split.js'
import { IteratorSourceEnumerator } from '../../api/connector/source/lib/iterator-source-enumerator.js'
import { NexmarkSourceReader } from './nexmark-source-reader.js'

/**
 * Nexmark people, auctions and bids (1 : 3 : 46 by default), generated as the nexmark benchmark
 * generates them. Bounded with `numEvents > 0`, unbounded with 0 (the default). The events and
 * their timestamps depend only on the configuration: not on the parallelism, the run, or a
 * restore. Records carry their event time (`dateTime`) as timestamp; a watermark strategy without
 * a timestamp assigner uses it.
 *
 * The source does not declare its record type. Pass `EVENT_TYPE` as `fromSource`'s fourth
 * argument to have records cross the network through its generated serializer, and copied through
 * generated code where a chain hands them to several operators; each chained edge then checks
 * them against it (Nexmark q0: 72% of its hand-written loop undeclared, 70% declared).
 *
 * @public
 * @example
 * const source = new NexmarkSource({ numEvents: 10_000_000, firstEventRate: 10_000_000 })
 * env
 *   .fromSource(source, WatermarkStrategy.forBoundedOutOfOrderness(0), 'nexmark')
 *   .filter((e) => e.type === EventType.BID)
 */
export class NexmarkSource implements Source<Event, NexmarkSplit, NexmarkSplit[]> {
  readonly configuration: Readonly<NexmarkConfiguration>

  constructor(configuration: Partial<NexmarkConfiguration> = {}) {
    // Checked here, so that a bad field fails the program, not the job's first reader.
    this.configuration = resolveNexmarkConfiguration(configuration)
  }

  getBoundedness(): Boundedness {
    return this.configuration.numEvents > 0 ? 'BOUNDED' : 'CONTINUOUS_UNBOUNDED'
  }

  createEnumerator(
    context: SplitEnumeratorContext<NexmarkSplit>,
  ): SplitEnumerator<NexmarkSplit, NexmarkSplit[]> {
    // Not a NexmarkGenerator: the coordinator needs no string tables.
    const maxEvents = new GeneratorConfig(this.configuration).maxEvents
    return new IteratorSourceEnumerator(
      context,
      createNexmarkSplits(context.currentParallelism(), maxEvents),
    )
  }

  restoreEnumerator(
    context: SplitEnumeratorContext<NexmarkSplit>,
    checkpoint: NexmarkSplit[],
  ): SplitEnumerator<NexmarkSplit, NexmarkSplit[]> {
    return new IteratorSourceEnumerator(context, checkpoint)
  }

  createReader(context: SourceReaderContext): SourceReader<Event, NexmarkSplit> {
    return new NexmarkSourceReader(context, new NexmarkGenerator(this.configuration))
  }

  getSplitSerializer(): SimpleVersionedSerializer<NexmarkSplit> {
    return NexmarkSplitSerializer.INSTANCE
  }

  getEnumeratorCheckpointSerializer(): SimpleVersionedSerializer<NexmarkSplit[]> {
    return NEXMARK_SPLIT_LIST_SERIALIZER
  }
}
