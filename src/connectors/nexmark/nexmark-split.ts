// A Nexmark split: every `stride`-th event index from `next` on. Split j of n starts at j, so the
// n splits together cover each index exactly once and all advance through event time together.
// The split's state is its next index (and the wall clock it is paced from), nothing else.
// Flink (nexmark): com.github.nexmark.flink.source.NexmarkSource.NexmarkSourceSplit.
import { SerializationError } from '../../core/errors.js'
import type { SimpleVersionedSerializer, SourceSplit } from '../../api/connector/source/source.js'
import { SplitListSerializer } from '../../api/connector/source/lib/split-list-serializer.js'

export class NexmarkSplit implements SourceSplit {
  readonly id: string
  /** The distance between the split's indices: the number of splits it was made with. */
  readonly stride: number
  /** The next event index to emit; the split is done once it reaches the source's event count. */
  next: number
  /**
   * Wall-clock ms of the split's first emitted event when pacing (`maxEmitSpeed: false`), so a
   * restored split keeps its schedule; -1 until then.
   */
  wallclockBaseTime: number

  constructor(id: string, stride: number, next: number, wallclockBaseTime = -1) {
    this.id = id
    this.stride = stride
    this.next = next
    this.wallclockBaseTime = wallclockBaseTime
  }

  splitId(): string {
    return this.id
  }

  copy(): NexmarkSplit {
    return new NexmarkSplit(this.id, this.stride, this.next, this.wallclockBaseTime)
  }
}

/** The `numSplits` splits of the indices 0..maxEvents-1 (fewer if there are fewer events). */
export function createNexmarkSplits(numSplits: number, maxEvents: number): NexmarkSplit[] {
  const n = Math.max(1, Math.min(numSplits, maxEvents))
  const splits: NexmarkSplit[] = []
  for (let j = 0; j < n; j++) splits.push(new NexmarkSplit(String(j), n, j))
  return splits
}

/** Version 1: `[stride, next, wallclockBaseTime]` as float64, then the id as UTF-8. */
export class NexmarkSplitSerializer implements SimpleVersionedSerializer<NexmarkSplit> {
  static readonly INSTANCE = new NexmarkSplitSerializer()

  getVersion(): number {
    return 1
  }

  serialize(split: NexmarkSplit): Uint8Array {
    const id = new TextEncoder().encode(split.id)
    const bytes = new Uint8Array(24 + id.length)
    const view = new DataView(bytes.buffer)
    view.setFloat64(0, split.stride)
    view.setFloat64(8, split.next)
    view.setFloat64(16, split.wallclockBaseTime)
    bytes.set(id, 24)
    return bytes
  }

  deserialize(version: number, bytes: Uint8Array): NexmarkSplit {
    if (version !== 1 || bytes.length < 24) {
      throw new SerializationError(
        `Cannot read a Nexmark split of version ${version} from ${bytes.length} bytes`,
        { domain: 'internal' },
      )
    }
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const id = new TextDecoder().decode(bytes.subarray(24))
    return new NexmarkSplit(id, view.getFloat64(0), view.getFloat64(8), view.getFloat64(16))
  }
}

/** The enumerator's unassigned splits. */
export const NEXMARK_SPLIT_LIST_SERIALIZER = new SplitListSerializer(
  NexmarkSplitSerializer.INSTANCE,
  'Nexmark enumerator state',
)
