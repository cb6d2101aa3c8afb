// Snapshots the keyed state of a `hashmap` backend into bytes, key group by key group, so that a
// restore at another parallelism reads only the key groups it owns. Synchronous: the bytes hold
// copies, never references into live state (heap values are mutable user objects).
// Flink: HeapSnapshotStrategy + KeyedBackendSerializationProxy + KeyGroupsStateHandle.
//
// Format version 1 (big-endian; varint = unsigned LEB128; string = varint UTF-8 length + bytes):
//
//   header   int32  magic 0x45444B53 ('EDKS')
//            int16  format version (1)
//            uint32 total length of the snapshot in bytes
//            varint maxParallelism
//            varint first key group of the range
//            varint number of key groups n (0: the empty range)
//            varint number of states s
//            s x    state meta info: string name, string kind ('value' | 'list' | 'map' |
//                   'reducing' | 'aggregating'), string value schema (JSON TypeDescriptor of the
//                   element / user value / accumulator type; {"kind":"GENERIC"} when undeclared),
//                   and for 'map' a string user-key schema
//            uint32 CRC-32 of every header byte before it
//   groups   n x    key-group section, in key-group order, one per key group (empty ones too):
//                   varint key group; then per state, in header order: varint entry count and
//                   that many entries of (key, namespace, value):
//                     key        GENERIC serializer (keys are plain data)
//                     namespace  byte tag: 0 VOID_NAMESPACE | 1 TimeWindow, float64 start,
//                                float64 end | 2 GlobalWindow | 3 GENERIC-serialized plain data
//                     value      by the value schema: value/reducing/aggregating one value;
//                                list varint count + elements; map varint count + (key, value)
//   index    n x    uint32 byte offset of the key group's section, uint32 CRC-32 of the section
//                   (a section ends where the next one, or the index, starts)
import { describe } from '../../../core/errors.js'
import type { KeyGroupRange } from '../../../core/keys/key-group-range.js'
import { DataOutputSerializer } from '../../../core/memory/data-output-serializer.js'
import { GenericTypeInfo } from '../../../core/types/generic-type-info.js'
import type {
  HeapKeyedStateBackend,
  RegisteredKeyedState,
} from '../heap/heap-keyed-state-backend.js'
import { StateError, describeStateKey } from '../state-error.js'
import { writeKeyedStateMetaInfo } from './keyed-state-meta-info.js'
import { NamespaceSerializer } from './namespace-serializer.js'
import { checksum, patchUint32, setSnapshotLength, startSnapshot } from './snapshot-format.js'
import { SnapshotAssembly } from './snapshot-assembly.js'
import { type StateValueSerializer, stateValueSerializerFor } from './state-value-serializer.js'

/** The first arena's size, and the least of any. */
const ARENA_MIN_BYTES = 64 * 1024
/** A new arena is sized for this many sections as large as the largest so far. */
const ARENA_SECTIONS = 4

/** A keyed state snapshot and where each key group's section starts in it. */
export interface KeyedStateSnapshot {
  readonly bytes: Uint8Array
  readonly maxParallelism: number
  readonly keyGroupRange: KeyGroupRange
  /** The byte offset in `bytes` of key group `keyGroupRange.startKeyGroup + i`, at index i. */
  readonly keyGroupOffsets: readonly number[]
}

/**
 * Writes all keyed state of `backend` (registered states, and restored ones the operator has not
 * asked for yet) into a new byte array. Task thread only; the backend must not change during the
 * call. Throws StateError 'state.unserializable-value' / 'state.unserializable-namespace' naming
 * the state, key and key group of a value or namespace that cannot be written.
 *
 * @example
 * const snapshot = snapshotKeyedState(backend)
 * restoreKeyedState(newBackend, [snapshot.bytes])
 */
export function snapshotKeyedState(backend: HeapKeyedStateBackend): KeyedStateSnapshot {
  const writer = new KeyedStateSnapshotWriter(
    backend.maxParallelism,
    backend.keyGroupRange,
    backend.getRegisteredKvStates(),
  )
  for (const keyGroup of backend.keyGroupRange) writer.writeKeyGroup(keyGroup)
  return writer.finish()
}

/**
 * Writes one snapshot in three steps: the header (constructor), every key group of the range in
 * any order (`writeKeyGroup`), then the index (`finish`). Split this way so that the key groups
 * can be written in slices between records, and a key group a record is about to change ahead of
 * the others (see AsyncKeyedStateSnapshot).
 */
export class KeyedStateSnapshotWriter {
  private readonly out = new DataOutputSerializer(4096)
  private readonly maxParallelism: number
  private readonly keyGroupRange: KeyGroupRange
  private readonly states: readonly RegisteredKeyedState[]
  private readonly serializers: readonly StateValueSerializer[]
  private readonly keySerializer = GenericTypeInfo.INSTANCE.createSerializer()
  private readonly namespaceSerializer = new NamespaceSerializer()
  private readonly headerChecksumPosition: number
  /** Each key group's section (by offset in the range) once written. */
  private readonly sections: (Uint8Array | undefined)[]
  /** Each section's CRC-32, computed as it is written (so not all at once at the end). */
  private readonly checksums: number[] = []
  private offsets: number[] = []
  private written = 0
  /** Where sections are written, each kept as a view of it (see `writeKeyGroup`). */
  private arena = new DataOutputSerializer(ARENA_MIN_BYTES)
  private largestSection = 0

  constructor(
    maxParallelism: number,
    keyGroupRange: KeyGroupRange,
    states: readonly RegisteredKeyedState[],
  ) {
    this.maxParallelism = maxParallelism
    this.keyGroupRange = keyGroupRange
    this.states = states
    this.serializers = states.map((s) => stateValueSerializerFor(s.metaInfo))
    const out = this.out
    startSnapshot(out, 'keyed')
    out.writeVarUint(maxParallelism)
    out.writeVarUint(keyGroupRange.startKeyGroup)
    out.writeVarUint(keyGroupRange.getNumberOfKeyGroups())
    out.writeVarUint(states.length)
    for (const state of states) writeKeyedStateMetaInfo(state.metaInfo, out)
    this.headerChecksumPosition = out.position
    // Filled in by finish(): the checksum covers the total length, known only then.
    out.writeInt32(0)
    this.sections = new Array<Uint8Array | undefined>(keyGroupRange.getNumberOfKeyGroups()).fill(
      undefined,
    )
  }

  /** Whether the section of `keyGroup` (in the range) is written. */
  isWritten(keyGroup: number): boolean {
    return this.sections[keyGroup - this.keyGroupRange.startKeyGroup] !== undefined
  }

  /** Whether every key group's section is written. */
  isComplete(): boolean {
    return this.written === this.sections.length
  }

  /** Writes the section of `keyGroup`, as the state holds it now; once per key group. */
  writeKeyGroup(keyGroup: number): void {
    const range = this.keyGroupRange
    if (!range.contains(keyGroup) || this.isWritten(keyGroup)) {
      throw new RangeError(
        `Key group ${keyGroup} is written already or outside [${range.startKeyGroup}, ${range.endKeyGroup}]`,
      )
    }
    // Sections follow each other in an arena and stay views of it, instead of each being copied
    // out of a scratch buffer: a snapshot of hundreds of MB is copied once (by the assembly), not
    // twice. A new arena is started before one that may not hold the next section, so an arena
    // seldom grows (which copies it).
    let out = this.arena
    if (out.capacity - out.position < this.largestSection) {
      out = this.arena = new DataOutputSerializer(
        Math.max(ARENA_MIN_BYTES, ARENA_SECTIONS * this.largestSection),
      )
    }
    const start = out.position
    try {
      out.writeVarUint(keyGroup)
      for (let i = 0; i < this.states.length; i++) this.writeEntries(out, i, keyGroup)
    } catch (e: unknown) {
      out.setPosition(start)
      throw e
    }
    const section = out.viewFrom(start)
    if (section.length > this.largestSection) this.largestSection = section.length
    this.sections[keyGroup - range.startKeyGroup] = section
    this.checksums[keyGroup - range.startKeyGroup] = checksum(section, 0, section.length)
    this.written++
  }

  /** Writes the index and returns the snapshot; every key group must have been written. */
  finish(): KeyedStateSnapshot {
    const assembly = this.assemble()
    assembly.copySome(Number.POSITIVE_INFINITY)
    return this.snapshotOf(assembly)
  }

  /**
   * The copy of header, sections and index into the snapshot's bytes, to be done (in slices) by
   * the caller; every key group must have been written.
   */
  assemble(): SnapshotAssembly {
    const n = this.keyGroupRange.getNumberOfKeyGroups()
    if (!this.isComplete()) {
      throw new RangeError(`Only ${this.written} of ${n} key groups were written`)
    }
    const out = this.out
    const headerSize = out.position
    const index = new DataOutputSerializer(8 * n)
    this.offsets = []
    let offset = headerSize
    for (let i = 0; i < n; i++) {
      this.offsets.push(offset)
      index.writeInt32(offset | 0)
      index.writeInt32(this.checksums[i]! | 0)
      offset += this.sections[i]!.length
    }
    // The header holds the total length and its own checksum; both are known now.
    setSnapshotLength(out, offset + 8 * n)
    patchUint32(
      out,
      this.headerChecksumPosition,
      checksum(out.getSharedBuffer(), 0, this.headerChecksumPosition),
    )
    return new SnapshotAssembly(
      [out.getSharedBuffer(), ...(this.sections as Uint8Array[]), index.getSharedBuffer()],
      false,
    )
  }

  /** The snapshot once `assembly` (from `assemble`) has copied everything. */
  snapshotOf(assembly: SnapshotAssembly): KeyedStateSnapshot {
    return {
      bytes: assembly.bytes,
      maxParallelism: this.maxParallelism,
      keyGroupRange: this.keyGroupRange,
      keyGroupOffsets: this.offsets,
    }
  }

  private writeEntries(out: DataOutputSerializer, stateIndex: number, keyGroup: number): void {
    const { metaInfo, table } = this.states[stateIndex]!
    const values = this.serializers[stateIndex]!
    out.writeVarUint(table.sizeOfKeyGroup(keyGroup))
    for (const entry of table.entriesOfKeyGroup(keyGroup)) {
      try {
        this.keySerializer.serialize(entry.key, out)
        this.namespaceSerializer.serialize(entry.namespace, out, metaInfo.name)
        values.write(entry.value, out)
      } catch (e: unknown) {
        if (e instanceof StateError) throw e
        const types =
          metaInfo.userKeyType === undefined
            ? String(metaInfo.valueType)
            : `${String(metaInfo.userKeyType)} → ${String(metaInfo.valueType)}`
        throw new StateError(
          `Cannot snapshot state '${metaInfo.name}': the ${metaInfo.kind} state of key ` +
            `${describeStateKey(entry.key)} (key group ${keyGroup}) cannot be written as ` +
            `${types}: ${describe(e)}`,
          {
            code: 'state.unserializable-value',
            domain: 'user',
            context: { stateName: metaInfo.name, keyGroup },
            cause: e,
          },
        )
      }
    }
  }
}
