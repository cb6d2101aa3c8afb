// Timers in checkpoints, key group by key group, so a restore at another parallelism takes the
// key groups it owns, as keyed state does. Format (version 1, big-endian):
//
//   int32 magic 0x4544544D ('EDTM'), int16 version, varint number of key groups written
//   per key group: varint key group, then for event time and for processing time a varint count
//     and per timer: float64 timestamp, key (generic serializer), namespace (NamespaceSerializer)
//   uint32 CRC-32 of everything before it
//
// Flink: the timer sections of keyed-state snapshots (InternalTimerServiceSerializationProxy).
import { crc32 } from 'node:zlib'
import { SnapshotAssembly } from '../../state/snapshot/snapshot-assembly.js'
import { DataInputDeserializer } from '../../../core/memory/data-input-deserializer.js'
import { DataOutputSerializer } from '../../../core/memory/data-output-serializer.js'
import { GenericTypeInfo } from '../../../core/types/generic-type-info.js'
import type { KeyGroupRange } from '../../../core/keys/key-group-range.js'
import { NamespaceSerializer } from '../../state/snapshot/namespace-serializer.js'
import { StateError } from '../../state/state-error.js'
import type { InternalTimer } from './timer-index.js'
import type { KeyGroupSectionWriter } from '../../state/snapshot/async-keyed-state-snapshot.js'

const MAGIC = 0x4544544d
const VERSION = 1
const keySerializer = GenericTypeInfo.INSTANCE.createSerializer()

/** What a timer service holds, as snapshots read and write it. */
export interface TimersOfKeyGroups<N> {
  eventTimeTimersOfKeyGroup(keyGroup: number): readonly InternalTimer<N>[]
  processingTimeTimersOfKeyGroup(keyGroup: number): readonly InternalTimer<N>[]
}

export interface RestoredTimer {
  readonly keyGroup: number
  readonly domain: 'EVENT_TIME' | 'PROCESSING_TIME'
  readonly timestamp: number
  readonly key: unknown
  readonly namespace: unknown
}

/**
 * Writes the timers of a range key group by key group, in any order, each as it stands when
 * written: an asynchronous snapshot writes a key group before a record or timer touches it.
 */
export class TimerSnapshotWriter<N> implements KeyGroupSectionWriter {
  private readonly timers: TimersOfKeyGroups<N>
  private readonly range: KeyGroupRange
  private readonly namespaces = new NamespaceSerializer()
  private readonly scratch = new DataOutputSerializer(1024)
  /** Each key group's section (by offset in the range) once written; empty: no timers. */
  private readonly sections: (Uint8Array | undefined)[]
  private nonEmpty = 0

  constructor(timers: TimersOfKeyGroups<N>, range: KeyGroupRange) {
    this.timers = timers
    this.range = range
    this.sections = new Array<Uint8Array | undefined>(range.getNumberOfKeyGroups()).fill(undefined)
  }

  isWritten(keyGroup: number): boolean {
    return this.sections[keyGroup - this.range.startKeyGroup] !== undefined
  }

  /** Writes the section of `keyGroup` (in the range), as the timers are now; once per key group. */
  writeKeyGroup(keyGroup: number): void {
    const eventTime = this.timers.eventTimeTimersOfKeyGroup(keyGroup)
    const processingTime = this.timers.processingTimeTimersOfKeyGroup(keyGroup)
    const offset = keyGroup - this.range.startKeyGroup
    if (eventTime.length === 0 && processingTime.length === 0) {
      this.sections[offset] = EMPTY
      return
    }
    const out = this.scratch
    out.clear()
    out.writeVarUint(keyGroup)
    for (const list of [eventTime, processingTime]) {
      out.writeVarUint(list.length)
      for (const timer of list) {
        out.writeFloat64(timer.timestamp)
        keySerializer.serialize(timer.key, out)
        this.namespaces.serialize(timer.namespace, out, 'timers')
      }
    }
    this.sections[offset] = out.toUint8Array()
    this.nonEmpty++
  }

  /**
   * Writes the key groups not written yet and returns the snapshot; undefined when no key group
   * has timers.
   */
  finish(): Uint8Array | undefined {
    for (const keyGroup of this.range) if (!this.isWritten(keyGroup)) this.writeKeyGroup(keyGroup)
    const assembly = this.assemble()
    if (assembly === undefined) return undefined
    assembly.copySome(Number.POSITIVE_INFINITY)
    return assembly.bytes
  }

  /**
   * The copy of the written key groups into the snapshot's bytes, to be done (in slices) by the
   * caller; undefined when no key group has timers. Every key group must have been written.
   */
  assemble(): SnapshotAssembly | undefined {
    if (this.nonEmpty === 0) return undefined
    const header = new DataOutputSerializer(16)
    header.writeInt32(MAGIC)
    header.writeInt16(VERSION)
    header.writeVarUint(this.nonEmpty)
    const pieces = [header.getSharedBuffer()]
    for (const section of this.sections) if (section!.length > 0) pieces.push(section!)
    return new SnapshotAssembly(pieces, true)
  }
}

const EMPTY = new Uint8Array(0)

/** The timers of every key group in `range` that has any; undefined when there are none. */
export function snapshotTimers<N>(
  timers: TimersOfKeyGroups<N>,
  range: KeyGroupRange,
): Uint8Array | undefined {
  return new TimerSnapshotWriter(timers, range).finish()
}

/** The timers in `snapshot` whose key group is in `range` (a restore may be rescaled). */
export function readTimers(snapshot: Uint8Array, range: KeyGroupRange): RestoredTimer[] {
  const corrupt = (why: string): StateError =>
    new StateError(`Corrupt timer snapshot: ${why}`, {
      code: 'state.snapshot-corrupt',
      domain: 'user',
      failureType: 'NonRecoverableError',
    })
  if (snapshot.length < 10) throw corrupt(`only ${snapshot.length} bytes`)
  const view = new DataView(snapshot.buffer, snapshot.byteOffset, snapshot.byteLength)
  if (
    crc32(snapshot.subarray(0, snapshot.length - 4)) >>> 0 !==
    view.getUint32(snapshot.length - 4)
  ) {
    throw corrupt('checksum mismatch (truncated or damaged)')
  }
  const input = new DataInputDeserializer(snapshot, 0, snapshot.length - 4)
  const magic = input.readInt32() >>> 0
  if (magic !== MAGIC)
    throw corrupt(`expected magic number 0x4544544d, found 0x${magic.toString(16)}`)
  const version = input.readInt16()
  if (version !== VERSION) {
    throw new StateError(
      `Timer snapshot has format version ${version}, but this Eddy reads version ${VERSION}`,
      {
        code: 'state.snapshot-unsupported-version',
        domain: 'user',
        failureType: 'NonRecoverableError',
      },
    )
  }
  const namespaces = new NamespaceSerializer()
  const restored: RestoredTimer[] = []
  const groups = input.readVarUint()
  for (let g = 0; g < groups; g++) {
    const keyGroup = input.readVarUint()
    for (const domain of ['EVENT_TIME', 'PROCESSING_TIME'] as const) {
      const count = input.readVarUint()
      for (let i = 0; i < count; i++) {
        const timestamp = input.readFloat64()
        const key = keySerializer.deserialize(input)
        const namespace = namespaces.deserialize(input)
        if (range.contains(keyGroup)) restored.push({ keyGroup, domain, timestamp, key, namespace })
      }
    }
  }
  return restored
}
