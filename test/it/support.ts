// Shared pieces of the MiniCluster integration tests: sinks that keep what they receive (with the
// subtask that received it), small FLIP-27 sources whose timing or content the test controls, and
// a way to build the JobGraph of a program without running it.
import type {
  InputStatus,
  ReaderOutput,
  Sink,
  SinkWriter,
  Source,
  SimpleVersionedSerializer,
  SourceReader,
  SourceReaderContext,
  SourceSplit,
  SplitEnumerator,
  StreamExecutionEnvironment,
} from '../../src/index.js'
import type { DataStreamSink } from '../../src/index.js'
import type { Pipeline } from '../../src/api/execution/pipeline-executor.js'
import { generateStreamGraph } from '../../src/graph/stream-graph-generator.js'
import { createJobGraph } from '../../src/graph/streaming-job-graph-generator.js'
import type { JobGraph } from '../../src/graph/job-graph.js'

/** A sink that appends every record, and the subtask that wrote it, to arrays the test reads. */
export class ListSink<T> implements Sink<T> {
  readonly values: T[] = []
  /** `[subtaskIndex, record]` in arrival order. */
  readonly bySubtask: [number, T][] = []

  createWriter(context: { getSubtaskId(): number }): SinkWriter<T> {
    const subtask = context.getSubtaskId()
    return {
      write: (element: T) => {
        this.values.push(element)
        this.bySubtask.push([subtask, element])
      },
      flush: () => {},
      close: () => {},
    }
  }

  /** The records each subtask received, in arrival order, for subtasks 0..parallelism-1. */
  perSubtask(parallelism: number): T[][] {
    const result: T[][] = Array.from({ length: parallelism }, () => [])
    for (const [s, v] of this.bySubtask) result[s]!.push(v)
    return result
  }
}

/** Groups values by key, keeping the order within each key; keys sorted. */
export function groupInOrder<T>(
  values: readonly T[],
  keyOf: (v: T) => string,
): Record<string, T[]> {
  const groups: Record<string, T[]> = {}
  for (const v of values) (groups[keyOf(v)] ??= []).push(v)
  return Object.fromEntries(Object.entries(groups).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** A sorted copy (strings, numbers, or JSON of anything else). */
export function sorted<T>(values: readonly T[]): T[] {
  const key = (v: T): string => (typeof v === 'string' ? v : JSON.stringify(v))
  if (values.every((v) => typeof v === 'number')) {
    return values.slice().sort((a, b) => (a as number) - (b as number))
  }
  return values.slice().sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}

/** An enumerator for sources whose readers need no splits. */
class NoSplitEnumerator implements SplitEnumerator<SourceSplit, null> {
  start(): void {}
  handleSplitRequest(): void {}
  addSplitsBack(): void {}
  addReader(): void {}
  snapshotState(): null {
    return null
  }
  close(): void {}
}

/** A source without splits whose reader is made by the test from the reader context. */
abstract class SplitlessSource<T> implements Source<T, SourceSplit, null> {
  abstract getBoundedness(): 'BOUNDED' | 'CONTINUOUS_UNBOUNDED'
  abstract createReader(context: SourceReaderContext): SourceReader<T, SourceSplit>
  createEnumerator(): SplitEnumerator<SourceSplit, null> {
    return new NoSplitEnumerator()
  }
  restoreEnumerator(): SplitEnumerator<SourceSplit, null> {
    return new NoSplitEnumerator()
  }
  getEnumeratorCheckpointSerializer(): SimpleVersionedSerializer<null> {
    return { getVersion: () => 1, serialize: () => new Uint8Array(), deserialize: () => null }
  }
  getSplitSerializer(): SimpleVersionedSerializer<SourceSplit> {
    return {
      getVersion: () => 1,
      serialize: () => {
        throw new Error('a splitless source has no splits to serialize')
      },
      deserialize: () => {
        throw new Error('a splitless source has no splits to deserialize')
      },
    }
  }
}

/** Reader plumbing: no splits, nothing to snapshot. */
abstract class SplitlessReader<T> implements SourceReader<T, SourceSplit> {
  start(): void {}
  abstract pollNext(output: ReaderOutput<T>): InputStatus
  abstract isAvailable(): Promise<void>
  addSplits(): void {}
  notifyNoMoreSplits(): void {}
  snapshotState(): SourceSplit[] {
    return []
  }
  close(): void {}
}

/**
 * Each reader emits `[subtaskIndex, i]` for i in 0..count-1, so a test knows which producer
 * subtask sent a record without a rich function.
 */
export class SubtaskTaggedSource extends SplitlessSource<[number, number]> {
  readonly count: number
  constructor(count: number) {
    super()
    this.count = count
  }
  getBoundedness(): 'BOUNDED' {
    return 'BOUNDED'
  }
  createReader(context: SourceReaderContext): SourceReader<[number, number], SourceSplit> {
    const subtask = context.getIndexOfSubtask()
    const count = this.count
    let i = 0
    return new (class extends SplitlessReader<[number, number]> {
      pollNext(output: ReaderOutput<[number, number]>): InputStatus {
        if (i >= count) return 'END_OF_INPUT'
        output.collect([subtask, i++])
        return i >= count ? 'END_OF_INPUT' : 'MORE_AVAILABLE'
      }
      isAvailable(): Promise<void> {
        return Promise.resolve()
      }
    })()
  }
}

/** An unbounded source of 0, 1, 2, ... as fast as it is polled (subtask 0 only). */
export class EndlessCounterSource extends SplitlessSource<number> {
  getBoundedness(): 'CONTINUOUS_UNBOUNDED' {
    return 'CONTINUOUS_UNBOUNDED'
  }
  createReader(context: SourceReaderContext): SourceReader<number, SourceSplit> {
    const active = context.getIndexOfSubtask() === 0
    let n = 0
    return new (class extends SplitlessReader<number> {
      pollNext(output: ReaderOutput<number>): InputStatus {
        if (!active) return 'NOTHING_AVAILABLE'
        output.collect(n++)
        return 'MORE_AVAILABLE'
      }
      isAvailable(): Promise<void> {
        // Idle readers never become available; cancellation still reaches their task's mailbox.
        return active ? Promise.resolve() : new Promise<void>(() => {})
      }
    })()
  }
}

/**
 * Emits `elements` one at a time, `intervalMs` apart (via setTimeout, so the reader really goes
 * NOTHING_AVAILABLE in between), from subtask 0. Then ends when `bounded`, else idles until the
 * job is cancelled. Records get timestamps from `timestampOf` when given.
 */
export class PacedSource<T> extends SplitlessSource<T> {
  readonly elements: readonly T[]
  readonly intervalMs: number
  readonly bounded: boolean
  readonly timestampOf: ((value: T) => number) | undefined

  constructor(
    elements: readonly T[],
    options: { intervalMs: number; bounded: boolean; timestampOf?: (value: T) => number },
  ) {
    super()
    this.elements = elements
    this.intervalMs = options.intervalMs
    this.bounded = options.bounded
    this.timestampOf = options.timestampOf
  }

  getBoundedness(): 'BOUNDED' | 'CONTINUOUS_UNBOUNDED' {
    return this.bounded ? 'BOUNDED' : 'CONTINUOUS_UNBOUNDED'
  }

  createReader(context: SourceReaderContext): SourceReader<T, SourceSplit> {
    const { elements, intervalMs, bounded, timestampOf } = this
    const active = context.getIndexOfSubtask() === 0
    let next = 0
    let waiting: Promise<void> | undefined
    let timer: ReturnType<typeof setTimeout> | undefined
    return new (class extends SplitlessReader<T> {
      pollNext(output: ReaderOutput<T>): InputStatus {
        if (!active) return bounded ? 'END_OF_INPUT' : 'NOTHING_AVAILABLE'
        if (waiting !== undefined) return 'NOTHING_AVAILABLE'
        if (next >= elements.length) {
          return bounded ? 'END_OF_INPUT' : 'NOTHING_AVAILABLE'
        }
        const value = elements[next++]!
        if (timestampOf === undefined) output.collect(value)
        else output.collect(value, timestampOf(value))
        waiting = new Promise<void>((resolve) => {
          timer = setTimeout(() => {
            waiting = undefined
            resolve()
          }, intervalMs)
        })
        return 'NOTHING_AVAILABLE'
      }
      isAvailable(): Promise<void> {
        if (waiting !== undefined) return waiting
        if (active && next < elements.length) return Promise.resolve()
        return bounded ? Promise.resolve() : new Promise<void>(() => {})
      }
      override close(): void {
        if (timer !== undefined) clearTimeout(timer)
      }
    })()
  }
}

/**
 * A bounded source that emits nothing until `gate` resolves, then `elements` from subtask 0:
 * lets a test order one input after something another input caused, deterministically.
 */
export class GatedSource<T> extends SplitlessSource<T> {
  readonly elements: readonly T[]
  readonly gate: Promise<void>
  constructor(elements: readonly T[], gate: Promise<void>) {
    super()
    this.elements = elements
    this.gate = gate
  }
  getBoundedness(): 'BOUNDED' {
    return 'BOUNDED'
  }
  createReader(context: SourceReaderContext): SourceReader<T, SourceSplit> {
    const { elements, gate } = this
    const active = context.getIndexOfSubtask() === 0
    let open = false
    void gate.then(() => {
      open = true
    })
    let next = 0
    return new (class extends SplitlessReader<T> {
      pollNext(output: ReaderOutput<T>): InputStatus {
        if (!active || next >= elements.length) return 'END_OF_INPUT'
        if (!open) return 'NOTHING_AVAILABLE'
        output.collect(elements[next++]!)
        return next >= elements.length ? 'END_OF_INPUT' : 'MORE_AVAILABLE'
      }
      isAvailable(): Promise<void> {
        return open ? Promise.resolve() : gate
      }
    })()
  }
}

/** A promise with its resolver, for gates between inputs. */
export function latch(): { promise: Promise<void>; open: () => void } {
  let open!: () => void
  const promise = new Promise<void>((resolve) => {
    open = resolve
  })
  return { promise, open }
}

/** The JobGraph the in-process executor would build for these sinks, without running it. */
export function jobGraphOf(
  env: StreamExecutionEnvironment,
  sinks: DataStreamSink<unknown>[],
): JobGraph {
  const pipeline: Pipeline = {
    jobName: 'plan',
    transformations: sinks.map((s) => s.transformation),
    configuration: env.getConfiguration(),
    defaultParallelism: 1,
    maxParallelism: env.getMaxParallelism(),
    chainingEnabled: env.isChainingEnabled(),
    bufferTimeoutMs: env.getBufferTimeout(),
  }
  return createJobGraph(generateStreamGraph(pipeline))
}

/** The JobGraph as names: vertices (name, parallelism, slot sharing group) and edges. */
export function describeJobGraph(graph: JobGraph): {
  vertices: [string, number, string][]
  edges: [string, string, string][]
} {
  return {
    vertices: graph.vertices.map((v) => [v.name, v.parallelism, v.slotSharingGroup]),
    edges: graph.vertices.flatMap((v) =>
      v.outputs.map((e): [string, string, string] => [
        e.source.name,
        e.target.name,
        e.streamEdge.partitioner.type,
      ]),
    ),
  }
}

/** Every error in the cause chain of `e`, starting with `e`. */
export function causeChain(e: unknown): unknown[] {
  const chain: unknown[] = []
  let current: unknown = e
  while (current !== undefined && !chain.includes(current)) {
    chain.push(current)
    current = current instanceof Error ? current.cause : undefined
  }
  return chain
}
