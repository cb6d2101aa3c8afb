// The framing every Eddy state snapshot shares: a magic number, a format version and the total
// length at the start, CRC-32 checksums over its sections, and the StateErrors that a malformed
// snapshot turns into (naming what was expected, what was found and the byte offset).
// Flink: the versioned headers of KeyedBackendSerializationProxy and
// OperatorBackendSerializationProxy.
import { crc32 } from 'node:zlib'
import { EddyError, describe } from '../../../core/errors.js'
import { DataInputDeserializer } from '../../../core/memory/data-input-deserializer.js'
import type { DataOutputSerializer } from '../../../core/memory/data-output-serializer.js'
import { StateError } from '../state-error.js'

/** 'EDKS': an Eddy keyed state snapshot. */
export const KEYED_STATE_SNAPSHOT_MAGIC = 0x45444b53
/** 'EDKC': the changes of an Eddy keyed state snapshot since an earlier one (incremental). */
export const KEYED_STATE_CHANGES_MAGIC = 0x45444b43
/** 'EDOS': an Eddy operator state snapshot. */
export const OPERATOR_STATE_SNAPSHOT_MAGIC = 0x45444f53
/** The version this code writes, and the only one it reads. */
export const SNAPSHOT_FORMAT_VERSION = 1
/** int32 magic, int16 version, uint32 total length. */
export const SNAPSHOT_HEADER_SIZE = 10
const LENGTH_POSITION = 6

export type SnapshotKind = 'keyed' | 'keyed-changes' | 'operator'

const MAGIC_OF: Readonly<Record<SnapshotKind, number>> = {
  keyed: KEYED_STATE_SNAPSHOT_MAGIC,
  'keyed-changes': KEYED_STATE_CHANGES_MAGIC,
  operator: OPERATOR_STATE_SNAPSHOT_MAGIC,
}

/** Writes magic and version, and a length placeholder that `finishSnapshot` fills in. */
export function startSnapshot(out: DataOutputSerializer, kind: SnapshotKind): void {
  out.writeInt32(MAGIC_OF[kind])
  out.writeInt16(SNAPSHOT_FORMAT_VERSION)
  out.writeInt32(0)
}

/** Fills in the total length; call once everything else is written. */
export function finishSnapshot(out: DataOutputSerializer): void {
  setSnapshotLength(out, out.position)
}

/** Fills in the total length of a snapshot whose header `out` holds and whose rest comes later. */
export function setSnapshotLength(out: DataOutputSerializer, length: number): void {
  patchUint32(out, LENGTH_POSITION, length)
}

/** Overwrites the uint32 at `position` and moves back to the end. */
export function patchUint32(out: DataOutputSerializer, position: number, value: number): void {
  const end = out.position
  out.setPosition(position)
  out.writeInt32(value | 0)
  out.setPosition(end)
}

/**
 * Checks magic, version and length, and returns an input positioned after the header. Every
 * failure is a StateError that says what was expected and what was found.
 */
export function openSnapshot(bytes: Uint8Array, kind: SnapshotKind): DataInputDeserializer {
  if (bytes.length >= 4) {
    const magic = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0)
    if (magic !== MAGIC_OF[kind]) {
      const expected = hex(MAGIC_OF[kind])
      throw new StateError(
        `Not ${article(kind)} ${noun(kind)}: expected magic number ${expected} at byte offset 0, ` +
          `found ${hex(magic)}${describeOtherMagic(magic)}`,
        snapshotErrorFields('state.snapshot-invalid-magic', { expected }),
      )
    }
  }
  if (bytes.length < SNAPSHOT_HEADER_SIZE) {
    throw snapshotCorrupt(
      kind,
      `the snapshot is truncated: its header needs ${SNAPSHOT_HEADER_SIZE} bytes, found ` +
        `${bytes.length}`,
      { length: bytes.length },
    )
  }
  const input = new DataInputDeserializer(bytes)
  input.skipBytes(4)
  const version = input.readInt16()
  if (version !== SNAPSHOT_FORMAT_VERSION) {
    throw new StateError(
      `Unsupported ${noun(kind)} format version: expected ${SNAPSHOT_FORMAT_VERSION}, ` +
        `found ${version}`,
      snapshotErrorFields('state.snapshot-unsupported-version', {
        expected: SNAPSHOT_FORMAT_VERSION,
        found: version,
      }),
    )
  }
  const length = readUint32(input)
  if (length !== bytes.length) {
    const problem =
      length > bytes.length
        ? `the snapshot is truncated: its header says ${length} bytes, found ${bytes.length}`
        : `its header says ${length} bytes, but ${bytes.length} were given`
    throw snapshotCorrupt(kind, problem, { declaredLength: length, length: bytes.length })
  }
  return input
}

export function readUint32(input: DataInputDeserializer): number {
  return input.readInt32() >>> 0
}

/** CRC-32 of `bytes[start, end)`. */
export function checksum(bytes: Uint8Array, start: number, end: number): number {
  return crc32(bytes.subarray(start, end)) >>> 0
}

/** A snapshot whose bytes are damaged or cut short. */
export function snapshotCorrupt(
  kind: SnapshotKind,
  problem: string,
  context: Readonly<Record<string, string | number>> = {},
  cause?: unknown,
): StateError {
  return new StateError(`Corrupt ${noun(kind)}: ${problem}`, {
    ...snapshotErrorFields('state.snapshot-corrupt', context),
    ...(cause === undefined ? {} : { cause }),
  })
}

/**
 * Turns what a decoder threw while reading `where` (e.g. "state 'count', key group 7") into a
 * StateError naming that place and the byte offset; StateErrors pass unchanged.
 */
export function decodeFailure(
  kind: SnapshotKind,
  where: string,
  input: DataInputDeserializer,
  e: unknown,
): StateError {
  if (e instanceof StateError) return e
  // Any other failure while decoding (SerializationError, or a TypeError from a value that is
  // not what the schema promised) means the bytes are not what this code wrote.
  // The input's own errors already name the byte offset; others get it here.
  const namesOffset = e instanceof EddyError && typeof e.context['position'] === 'number'
  const at = namesOffset ? '' : `, at byte offset ${input.position}`
  return snapshotCorrupt(kind, `${where}${at}: ${describe(e)}`, { position: input.position }, e)
}

function snapshotErrorFields(
  code: string,
  context: Readonly<Record<string, string | number>>,
): {
  code: string
  domain: 'internal'
  failureType: 'NonRecoverableError'
  context: typeof context
} {
  // Restoring again from the same bytes fails the same way: a restart cannot help.
  return { code, domain: 'internal', failureType: 'NonRecoverableError', context }
}

function noun(kind: SnapshotKind): string {
  if (kind === 'keyed-changes') return 'keyed state changes snapshot'
  return kind === 'keyed' ? 'keyed state snapshot' : 'operator state snapshot'
}

function article(kind: SnapshotKind): string {
  return kind === 'operator' ? 'an' : 'a'
}

function describeOtherMagic(magic: number): string {
  if (magic === KEYED_STATE_SNAPSHOT_MAGIC) return ' (a keyed state snapshot)'
  if (magic === KEYED_STATE_CHANGES_MAGIC) return ' (a keyed state changes snapshot)'
  if (magic === OPERATOR_STATE_SNAPSHOT_MAGIC) return ' (an operator state snapshot)'
  return ''
}

function hex(value: number): string {
  return '0x' + (value >>> 0).toString(16).toUpperCase().padStart(8, '0')
}
