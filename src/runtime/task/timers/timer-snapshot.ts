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
import { DataInputDeserializer } from '../../../core/memory/data-input-deserializer.js'
import { DataOutputSerializer } from '../../../core/memory/data-output-serializer.js'
import { GenericTypeInfo } from '../../../core/types/generic-type-info.js'
import type { KeyGroupRange } from '../../../core/keys/key-group-range.js'
import { NamespaceSerializer } from '../../state/snapshot/namespace-serializer.js'
import { StateError } from '../../state/state-error.js'
import type { InternalTimer } from './timer-heap.js'

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

/** The timers of every key group in `range` that has any; undefined when there are none. */
export function snapshotTimers<N>(
  timers: TimersOfKeyGroups<N>,
  range: KeyGroupRange,
): Uint8Array | undefined {
  const out = new DataOutputSerializer()
  const namespaces = new NamespaceSerializer()
  const groups: number[] = []
  for (const keyGroup of range) {
    if (
      timers.eventTimeTimersOfKeyGroup(keyGroup).length > 0 ||
      timers.processingTimeTimersOfKeyGroup(keyGroup).length > 0
    ) {
      groups.push(keyGroup)
    }
  }
  if (groups.length === 0) return undefined
  out.writeInt32(MAGIC)
  out.writeInt16(VERSION)
  out.writeVarUint(groups.length)
  for (const keyGroup of groups) {
    out.writeVarUint(keyGroup)
    for (const list of [
      timers.eventTimeTimersOfKeyGroup(keyGroup),
      timers.processingTimeTimersOfKeyGroup(keyGroup),
    ]) {
      out.writeVarUint(list.length)
      for (const timer of list) {
        out.writeFloat64(timer.timestamp)
        keySerializer.serialize(timer.key, out)
        namespaces.serialize(timer.namespace, out, 'timers')
      }
    }
  }
  const body = out.toUint8Array()
  const result = new Uint8Array(body.length + 4)
  result.set(body)
  new DataView(result.buffer).setUint32(body.length, crc32(body) >>> 0)
  return result
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
