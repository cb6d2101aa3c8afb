// Reads a keyed state snapshot, full or of changes (format in keyed-state-snapshot.ts): the header on construction,
// then any key group on demand through the index, each checked against its CRC-32 before it is
// decoded. Every malformed input is a StateError naming the state, key group or byte offset.
// Flink: HeapRestoreOperation + KeyedBackendSerializationProxy.read.
import { KeyGroupRange } from '../../../core/keys/key-group-range.js'
import { UPPER_BOUND_MAX_PARALLELISM } from '../../../core/keys/key-group-range-assignment.js'
import type { DataInputDeserializer } from '../../../core/memory/data-input-deserializer.js'
import { GenericTypeInfo } from '../../../core/types/generic-type-info.js'
import type { StateTable } from '../heap/state-table.js'
import { type KeyedStateMetaInfo, readKeyedStateMetaInfo } from './keyed-state-meta-info.js'
import { NamespaceSerializer } from './namespace-serializer.js'
import {
  KEYED_STATE_CHANGES_MAGIC,
  checksum,
  decodeFailure,
  openSnapshot,
  readUint32,
  snapshotCorrupt,
} from './snapshot-format.js'
import {
  type StateValueSerializer,
  readCount,
  stateValueSerializerFor,
} from './state-value-serializer.js'

const INDEX_ENTRY_SIZE = 8

export class KeyedStateSnapshotReader {
  readonly maxParallelism: number
  readonly keyGroupRange: KeyGroupRange
  /** The states in the snapshot, with the types their values were written with. */
  readonly metaInfos: readonly KeyedStateMetaInfo[]
  /** A changes snapshot (incremental): restored after the snapshot it is based on. */
  readonly isChanges: boolean
  private readonly bytes: Uint8Array
  private readonly index: DataView
  private readonly headerEnd: number
  private readonly indexStart: number
  /** Where each key group's section ends (by offset in the range), from the index. */
  private readonly sectionEnds: Uint32Array
  private readonly input: DataInputDeserializer
  private readonly serializers: readonly StateValueSerializer[]
  private readonly keySerializer = GenericTypeInfo.INSTANCE.createSerializer()
  private readonly namespaceSerializer = new NamespaceSerializer()

  /** Reads and checks the header; throws StateError if it is not a valid keyed state snapshot. */
  constructor(bytes: Uint8Array) {
    const isChanges =
      bytes.length >= 4 &&
      new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0) === KEYED_STATE_CHANGES_MAGIC
    const input = openSnapshot(bytes, isChanges ? 'keyed-changes' : 'keyed')
    this.isChanges = isChanges
    let maxParallelism: number
    let start: number
    let count: number
    const metaInfos: KeyedStateMetaInfo[] = []
    try {
      maxParallelism = input.readVarUint()
      start = input.readVarUint()
      count = input.readVarUint()
      const stateCount = readCount(input)
      for (let i = 0; i < stateCount; i++) metaInfos.push(readKeyedStateMetaInfo(input))
    } catch (e: unknown) {
      throw decodeFailure('keyed', 'in the header', input, e)
    }
    const checksumPosition = input.position
    if (input.available() < 4) {
      throw snapshotCorrupt('keyed', `the header ends at byte offset ${checksumPosition}`)
    }
    const stored = readUint32(input)
    const computed = checksum(bytes, 0, checksumPosition)
    if (stored !== computed) throw checksumMismatch('the header', stored, computed)
    checkRange(maxParallelism, start, count)
    this.headerEnd = input.position
    this.indexStart = bytes.length - count * INDEX_ENTRY_SIZE
    if (this.indexStart < this.headerEnd) {
      throw snapshotCorrupt(
        'keyed',
        `the index of ${count} key groups does not fit after the header ` +
          `(${bytes.length} bytes in all, header ends at byte offset ${this.headerEnd})`,
      )
    }
    this.maxParallelism = maxParallelism
    this.keyGroupRange = KeyGroupRange.of(start, start + count - 1)
    this.metaInfos = metaInfos
    this.bytes = bytes
    this.index = new DataView(bytes.buffer, bytes.byteOffset, bytes.length)
    this.input = input
    this.serializers = metaInfos.map(stateValueSerializerFor)
    this.sectionEnds = sectionEnds(this.index, this.indexStart, count)
  }

  /**
   * Puts the entries of `keyGroup` into `tables` (one per meta info, in the same order). Throws
   * StateError 'state.snapshot-corrupt' naming the key group (and state, and byte offset).
   */
  readKeyGroup(keyGroup: number, tables: readonly StateTable<unknown>[]): void {
    if (!this.keyGroupRange.contains(keyGroup)) {
      throw new RangeError(`Key group ${keyGroup} is not in ${this.keyGroupRange.toString()}`)
    }
    const { start, end } = this.sectionOf(keyGroup)
    const input = this.input
    input.setBuffer(this.bytes, start, end - start)
    let where = `key group ${keyGroup}`
    try {
      const stored = input.readVarUint()
      if (stored !== keyGroup) throw input.corrupt(`the section of key group ${stored}`)
      for (let s = 0; s < this.metaInfos.length; s++) {
        where = `state '${this.metaInfos[s]!.name}', key group ${keyGroup}`
        if (this.isChanges) this.readChanges(keyGroup, this.serializers[s]!, tables[s]!)
        else this.readEntries(keyGroup, this.serializers[s]!, tables[s]!)
      }
      if (input.available() !== 0) throw input.corrupt(`${input.available()} unread bytes`)
    } catch (e: unknown) {
      throw decodeFailure('keyed', where, input, e)
    }
  }

  private readEntries(
    keyGroup: number,
    values: StateValueSerializer,
    table: StateTable<unknown>,
  ): void {
    const input = this.input
    const n = readCount(input)
    for (let i = 0; i < n; i++) {
      const key = this.keySerializer.deserialize(input)
      const namespace = this.namespaceSerializer.deserialize(input)
      table.putEntry(keyGroup, key, namespace, values.read(input))
    }
  }

  /** Each key named replaces all its entries. */
  private readChanges(
    keyGroup: number,
    values: StateValueSerializer,
    table: StateTable<unknown>,
  ): void {
    const input = this.input
    const keys = readCount(input)
    for (let k = 0; k < keys; k++) {
      const key = this.keySerializer.deserialize(input)
      table.removeKey(keyGroup, key)
      const n = readCount(input)
      for (let i = 0; i < n; i++) {
        const namespace = this.namespaceSerializer.deserialize(input)
        table.putEntry(keyGroup, key, namespace, values.read(input))
      }
    }
  }

  /** Where the section of `keyGroup` lies, checked against the index and its checksum. */
  private sectionOf(keyGroup: number): { start: number; end: number } {
    const i = keyGroup - this.keyGroupRange.startKeyGroup
    const entry = this.indexStart + i * INDEX_ENTRY_SIZE
    const start = this.index.getUint32(entry)
    const end = this.sectionEnds[i]!
    if (start < this.headerEnd || end < start || end > this.indexStart) {
      throw snapshotCorrupt(
        'keyed',
        `the index entry of key group ${keyGroup} at byte offset ${entry} points to bytes ` +
          `[${start}, ${end}), outside the key-group sections ` +
          `[${this.headerEnd}, ${this.indexStart})`,
        { keyGroup, position: entry },
      )
    }
    const stored = this.index.getUint32(entry + 4)
    const computed = checksum(this.bytes, start, end)
    if (stored !== computed)
      throw checksumMismatch(`key group ${keyGroup}`, stored, computed, start)
    return { start, end }
  }
}

/**
 * Each section ends where the section next in the bytes, or the index, starts: sections are in
 * key-group order in memory and in the order they were written in a file.
 */
function sectionEnds(index: DataView, indexStart: number, count: number): Uint32Array {
  // Sorting (start, key group) pairs packed in one number: starts are below 2^32, groups 2^15.
  const order = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    order[i] = index.getUint32(indexStart + i * INDEX_ENTRY_SIZE) * 65536 + i
  }
  order.sort()
  const ends = new Uint32Array(count)
  for (let j = 0; j < count; j++) {
    const i = order[j]! % 65536
    ends[i] = j + 1 < count ? Math.floor(order[j + 1]! / 65536) : indexStart
  }
  return ends
}

function checkRange(maxParallelism: number, start: number, count: number): void {
  const isValid =
    maxParallelism >= 1 &&
    maxParallelism <= UPPER_BOUND_MAX_PARALLELISM &&
    (count === 0 ? start === 0 : start + count <= maxParallelism)
  if (!isValid) {
    throw snapshotCorrupt(
      'keyed',
      `the header names ${count} key groups from ${start} with max parallelism ${maxParallelism}`,
    )
  }
}

function checksumMismatch(
  what: string,
  stored: number,
  computed: number,
  position?: number,
): Error {
  const at = position === undefined ? '' : ` (at byte offset ${position})`
  return snapshotCorrupt(
    'keyed',
    `the checksum of ${what}${at} does not match: stored ${hex(stored)}, computed ${hex(computed)}`,
    position === undefined ? {} : { position },
  )
}

function hex(value: number): string {
  return '0x' + value.toString(16).toUpperCase().padStart(8, '0')
}
