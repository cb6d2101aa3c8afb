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
//   groups   n x    key-group section, one per key group (empty ones too), in key-group order or
//                   (a snapshot streamed to a file) in the order they were written:
//                   varint key group; then per state, in header order: varint entry count and
//                   that many entries of (key, namespace, value):
//                     key        GENERIC serializer (keys are plain data)
//                     namespace  byte tag: 0 VOID_NAMESPACE | 1 TimeWindow, float64 start,
//                                float64 end | 2 GlobalWindow | 3 GENERIC-serialized plain data
//                     value      by the value schema: value/reducing/aggregating one value;
//                                list varint count + elements; map varint count + (key, value)
//   index    n x    uint32 byte offset of the key group's section, uint32 CRC-32 of the section
//                   (a section ends where the section next in the bytes, or the index, starts)
//
// A changes snapshot (incremental; magic 0x45444B43 'EDKC', otherwise the same header and index)
// holds only the keys that changed since an earlier snapshot, and is restored after it: per
// state, a varint count of changed keys and per key: key (GENERIC), varint entry count (0: the
// key has no entries any more) and that many (namespace, value). Restoring one replaces every
// entry of each key it names.
import { closeSync, openSync, writeSync } from 'node:fs'
import { describe } from '../../../core/errors.js'
import type { KeyGroupRange } from '../../../core/keys/key-group-range.js'
import { DataOutputSerializer } from '../../../core/memory/data-output-serializer.js'
import { GenericTypeInfo } from '../../../core/types/generic-type-info.js'
import type {
  HeapKeyedStateBackend,
  RegisteredKeyedState,
} from '../heap/heap-keyed-state-backend.js'
import { type ChangeSegment, changedKeysOf } from '../heap/state-change-log.js'
import type { StateEntry } from '../heap/state-table.js'
import { StateError, describeStateKey } from '../state-error.js'
import { writeKeyedStateMetaInfo } from './keyed-state-meta-info.js'
import { NamespaceSerializer } from './namespace-serializer.js'
import { checksum, patchUint32, setSnapshotLength, startSnapshot } from './snapshot-format.js'
import { SnapshotAssembly } from './snapshot-assembly.js'
import { type StateValueSerializer, stateValueSerializerFor } from './state-value-serializer.js'

/** A file's sections are written out once this many bytes of them are buffered. */
const FILE_FLUSH_BYTES = 1024 * 1024
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
 * any order (`writeKeyGroup`), then the index (`finish`, or `finishFile`). Split this way so that
 * the key groups can be written in slices between records, and a key group a record is about to
 * change ahead of the others (see AsyncKeyedStateSnapshot).
 *
 * Given a file, the sections go into it as they are written, through one reused buffer, in the
 * order they are written (the index says where each is); otherwise they are kept in memory and
 * assembled in key-group order. A file keeps a large snapshot from allocating its size in new
 * memory: on a heap of live state, hundreds of MB of new buffers cost page faults and a full
 * garbage collection for every 64 MB or so (V8's external memory limit), which measured 3-5
 * times the cost of writing the bytes.
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
  private readonly sections: MemorySections | FileSections
  /** Each section's CRC-32 (by offset in the range), computed as it is written. */
  private readonly checksums: (number | undefined)[]
  /** Per state (by index), the changes a changes snapshot writes; undefined: a full snapshot. */
  private readonly changes: readonly (readonly ChangeSegment[])[] | undefined
  private offsets: number[] = []
  private written = 0
  /** Entries (and, in a changes snapshot, removed keys) written so far. */
  entriesWritten = 0

  /**
   * With `changes` (per state, in the order of `states`), writes a changes snapshot of the keys
   * named there instead of a full one.
   */
  constructor(
    maxParallelism: number,
    keyGroupRange: KeyGroupRange,
    states: readonly RegisteredKeyedState[],
    file?: string,
    changes?: readonly (readonly ChangeSegment[])[],
  ) {
    this.maxParallelism = maxParallelism
    this.keyGroupRange = keyGroupRange
    this.states = states
    this.changes = changes
    this.serializers = states.map((s) => stateValueSerializerFor(s.metaInfo))
    const out = this.out
    startSnapshot(out, changes === undefined ? 'keyed' : 'keyed-changes')
    out.writeVarUint(maxParallelism)
    out.writeVarUint(keyGroupRange.startKeyGroup)
    out.writeVarUint(keyGroupRange.getNumberOfKeyGroups())
    out.writeVarUint(states.length)
    for (const state of states) writeKeyedStateMetaInfo(state.metaInfo, out)
    this.headerChecksumPosition = out.position
    // Filled in at the end: the checksum covers the total length, known only then.
    out.writeInt32(0)
    const n = keyGroupRange.getNumberOfKeyGroups()
    this.checksums = new Array<number | undefined>(n).fill(undefined)
    this.sections =
      file === undefined ? new MemorySections(n) : new FileSections(file, n, out.position)
  }

  /** Whether the section of `keyGroup` (in the range) is written. */
  isWritten(keyGroup: number): boolean {
    return this.checksums[keyGroup - this.keyGroupRange.startKeyGroup] !== undefined
  }

  /** Whether every key group's section is written. */
  isComplete(): boolean {
    return this.written === this.checksums.length
  }

  /** Writes the section of `keyGroup`, as the state holds it now; once per key group. */
  writeKeyGroup(keyGroup: number): void {
    const range = this.keyGroupRange
    if (!range.contains(keyGroup) || this.isWritten(keyGroup)) {
      throw new RangeError(
        `Key group ${keyGroup} is written already or outside [${range.startKeyGroup}, ${range.endKeyGroup}]`,
      )
    }
    const out = this.sections.output()
    const start = out.position
    try {
      out.writeVarUint(keyGroup)
      for (let i = 0; i < this.states.length; i++) {
        if (this.changes === undefined) this.writeEntries(out, i, keyGroup)
        else this.writeChanges(out, i, keyGroup, this.changes[i]!)
      }
    } catch (e: unknown) {
      out.setPosition(start)
      throw e
    }
    const section = out.viewFrom(start)
    const i = keyGroup - range.startKeyGroup
    this.checksums[i] = checksum(section, 0, section.length)
    this.written++
    this.sections.add(i, section, start)
  }

  /** Writes the index and returns the snapshot; every key group must have been written. */
  finish(): KeyedStateSnapshot {
    const assembly = this.assemble()
    assembly.copySome(Number.POSITIVE_INFINITY)
    return this.snapshotOf(assembly)
  }

  /**
   * The copy of header, sections and index into the snapshot's bytes, to be done (in slices) by
   * the caller; every key group must have been written, and the writer was given no file.
   */
  assemble(): SnapshotAssembly {
    const sections = this.sections
    if (!(sections instanceof MemorySections)) {
      throw new RangeError('The snapshot is written to a file: finish it with finishFile()')
    }
    this.checkComplete()
    const out = this.out
    this.offsets = []
    let offset = out.position
    for (const section of sections.sections) {
      this.offsets.push(offset)
      offset += section!.length
    }
    const index = this.index(this.offsets)
    this.completeHeader(offset + index.length)
    return new SnapshotAssembly(
      [out.getSharedBuffer(), ...(sections.sections as Uint8Array[]), index],
      false,
    )
  }

  /**
   * Writes the index and the header into the file given to the constructor and closes it; every
   * key group must have been written. Returns the file's size in bytes.
   */
  finishFile(): number {
    const sections = this.sections
    if (!(sections instanceof FileSections)) {
      throw new RangeError('The snapshot is kept in memory: finish it with assemble() or finish()')
    }
    this.checkComplete()
    const index = this.index(sections.offsets)
    const size = sections.end + index.length
    this.completeHeader(size)
    sections.finish(index, this.out.getSharedBuffer())
    return size
  }

  /** Closes the file of a snapshot that will not be finished (no-op in memory, or once closed). */
  abort(): void {
    if (this.sections instanceof FileSections) this.sections.close()
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

  private checkComplete(): void {
    if (!this.isComplete()) {
      throw new RangeError(
        `Only ${this.written} of ${this.checksums.length} key groups were written`,
      )
    }
  }

  /** Per key group, its section's byte offset and CRC-32. */
  private index(offsets: readonly number[]): Uint8Array {
    const index = new DataOutputSerializer(8 * offsets.length)
    for (let i = 0; i < offsets.length; i++) {
      index.writeInt32(offsets[i]! | 0)
      index.writeInt32(this.checksums[i]! | 0)
    }
    return index.getSharedBuffer()
  }

  /** The header holds the total length and its own checksum; both are known now. */
  private completeHeader(totalLength: number): void {
    const out = this.out
    setSnapshotLength(out, totalLength)
    patchUint32(
      out,
      this.headerChecksumPosition,
      checksum(out.getSharedBuffer(), 0, this.headerChecksumPosition),
    )
  }

  private writeEntries(out: DataOutputSerializer, stateIndex: number, keyGroup: number): void {
    const { table } = this.states[stateIndex]!
    const size = table.sizeOfKeyGroup(keyGroup)
    out.writeVarUint(size)
    this.entriesWritten += size
    for (const entry of table.entriesOfKeyGroup(keyGroup)) {
      this.writeKey(out, stateIndex, keyGroup, entry.key)
      this.writeEntry(out, stateIndex, keyGroup, entry)
    }
  }

  private writeChanges(
    out: DataOutputSerializer,
    stateIndex: number,
    keyGroup: number,
    segments: readonly ChangeSegment[],
  ): void {
    const { table } = this.states[stateIndex]!
    const keys = changedKeysOf(segments, keyGroup - this.keyGroupRange.startKeyGroup)
    if (keys === undefined) {
      out.writeVarUint(0)
      return
    }
    out.writeVarUint(keys.size)
    for (const [normalized, key] of keys) {
      const entries = table.entriesOfKey(keyGroup, normalized)
      this.writeKey(out, stateIndex, keyGroup, key)
      out.writeVarUint(entries.length)
      // A key with no entries left still costs its removal.
      this.entriesWritten += Math.max(1, entries.length)
      for (const entry of entries) this.writeEntry(out, stateIndex, keyGroup, entry)
    }
  }

  private writeKey(
    out: DataOutputSerializer,
    stateIndex: number,
    keyGroup: number,
    key: unknown,
  ): void {
    try {
      this.keySerializer.serialize(key, out)
    } catch (e: unknown) {
      throw this.unwritable(stateIndex, keyGroup, key, e)
    }
  }

  private writeEntry(
    out: DataOutputSerializer,
    stateIndex: number,
    keyGroup: number,
    entry: StateEntry<unknown>,
  ): void {
    try {
      this.namespaceSerializer.serialize(
        entry.namespace,
        out,
        this.states[stateIndex]!.metaInfo.name,
      )
      this.serializers[stateIndex]!.write(entry.value, out)
    } catch (e: unknown) {
      throw this.unwritable(stateIndex, keyGroup, entry.key, e)
    }
  }

  private unwritable(stateIndex: number, keyGroup: number, key: unknown, e: unknown): StateError {
    if (e instanceof StateError) return e
    const { metaInfo } = this.states[stateIndex]!
    const types =
      metaInfo.userKeyType === undefined
        ? String(metaInfo.valueType)
        : `${String(metaInfo.userKeyType)} → ${String(metaInfo.valueType)}`
    return new StateError(
      `Cannot snapshot state '${metaInfo.name}': the ${metaInfo.kind} state of key ` +
        `${describeStateKey(key)} (key group ${keyGroup}) cannot be written as ` +
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

/**
 * Sections kept in memory, in arenas: each stays a view of its arena instead of being copied out
 * of a scratch buffer, so a snapshot is copied once (by the assembly), not twice. A new arena is
 * started before one that may not hold the next section, so an arena seldom grows (which copies
 * it).
 */
class MemorySections {
  /** By offset in the range, once written. */
  readonly sections: (Uint8Array | undefined)[]
  private arena = new DataOutputSerializer(ARENA_MIN_BYTES)
  private largestSection = 0

  constructor(numberOfKeyGroups: number) {
    this.sections = new Array<Uint8Array | undefined>(numberOfKeyGroups).fill(undefined)
  }

  output(): DataOutputSerializer {
    const out = this.arena
    if (out.capacity - out.position >= this.largestSection) return out
    return (this.arena = new DataOutputSerializer(
      Math.max(ARENA_MIN_BYTES, ARENA_SECTIONS * this.largestSection),
    ))
  }

  add(i: number, section: Uint8Array): void {
    if (section.length > this.largestSection) this.largestSection = section.length
    this.sections[i] = section
  }
}

/**
 * Sections appended to a file in the order they are written, through one buffer reused for the
 * whole snapshot: the file's bytes never all exist in memory. The header goes to the file's start
 * last, when its length fields are known. Writes are synchronous on the task thread (into the
 * page cache; a slice writes about FILE_FLUSH_BYTES at a time).
 */
class FileSections {
  /** By offset in the range: where the section starts in the file. */
  readonly offsets: number[]
  private readonly path: string
  private fd: number | undefined
  private readonly buffer = new DataOutputSerializer(FILE_FLUSH_BYTES + 64 * 1024)
  /** The file position of `buffer`'s first byte. */
  private flushed: number

  constructor(path: string, numberOfKeyGroups: number, headerSize: number) {
    this.path = path
    this.offsets = new Array<number>(numberOfKeyGroups).fill(0)
    this.flushed = headerSize
    this.fd = this.io('create', () => openSync(path, 'w'))
  }

  /** Where the next section would start in the file: the end of the sections so far. */
  get end(): number {
    return this.flushed + this.buffer.position
  }

  output(): DataOutputSerializer {
    return this.buffer
  }

  add(i: number, _section: Uint8Array, start: number): void {
    this.offsets[i] = this.flushed + start
    if (this.buffer.position >= FILE_FLUSH_BYTES) this.flush()
  }

  /** Appends the index, writes the header at the start and closes the file. */
  finish(index: Uint8Array, header: Uint8Array): void {
    this.buffer.writeBytes(index)
    this.flush()
    this.write(header, 0)
    this.close()
  }

  close(): void {
    const fd = this.fd
    if (fd === undefined) return
    this.fd = undefined
    this.io('close', () => closeSync(fd))
  }

  private flush(): void {
    const bytes = this.buffer.getSharedBuffer()
    this.write(bytes, this.flushed)
    this.flushed += bytes.length
    this.buffer.clear()
  }

  private write(bytes: Uint8Array, position: number): void {
    const fd = this.fd
    if (fd === undefined) throw new RangeError(`${this.path} is closed`)
    this.io('write', () => {
      for (let done = 0; done < bytes.length;) {
        done += writeSync(fd, bytes, done, bytes.length - done, position + done)
      }
    })
  }

  /** Runs a file operation; its failure is a StateError naming the file (and the fd is closed). */
  private io<T>(what: string, operation: () => T): T {
    try {
      return operation()
    } catch (e: unknown) {
      if (what !== 'close') this.close()
      throw new StateError(
        `Cannot ${what} keyed state snapshot file ${this.path}: ${describe(e)}`,
        {
          code: 'state.snapshot-file',
          domain: 'internal',
          context: { path: this.path },
          cause: e,
        },
      )
    }
  }
}
