// One operator subtask's state file in a checkpoint or savepoint directory, written by the task
// that took the snapshot (or by the coordinator for state it received inline). Format 2:
//
//   bytes 0-3   CRC-32 of everything after these four bytes, u32 big-endian
//   bytes 4-7   length H of the header, u32 big-endian
//   bytes 8-    header: MessagePack of { state, segments }, where `state` is the
//               OperatorSubtaskState with each byte array of SEGMENT_MIN_BYTES or more replaced
//               by { $segment: i }, and `segments` the lengths of those arrays
//   then        the segments' bytes, in order
//
// Large byte arrays are written as they are, with no copy into an encoding buffer: the task's
// thread pays for the header only. A task with a checkpoint directory streams its keyed state into
// a file of its own beside this one while it snapshots (`keyedStateFile` names it, with its size;
// the snapshot's own CRC-32s cover it), and reading brings it back as `keyedState`. Format 1
// (Eddy's first) was the CRC-32 followed by MessagePack of the whole state; it is still read.
import { open, readFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { crc32 } from 'node:zlib'
import { Packr } from 'msgpackr'
import { EddyError } from '../../core/errors.js'
import type { KeyedStateFile, OperatorSubtaskState } from '../common/checkpoint-state.js'

/** The directory beside a job's `chk-<n>` directories that holds state they share. */
export const SHARED_DIRECTORY = 'shared'

const packr = new Packr({ useRecords: false, moreTypes: true })

/** Byte arrays this large go to segments after the header instead of into it. */
const SEGMENT_MIN_BYTES = 4096
/** The checksum of a large file is computed this much per turn of the event loop. */
const CHECKSUM_CHUNK_BYTES = 1 << 20

interface SegmentRef {
  readonly $segment: number
}

/**
 * Writes `state` to `directory/file`; returns the bytes written. The checksum is computed a chunk
 * per turn of the event loop, so the tasks sharing this thread keep running.
 */
export async function writeStateFile(
  directory: string,
  file: string,
  state: OperatorSubtaskState,
): Promise<number> {
  const segments: Uint8Array[] = []
  const header = packr.pack({
    state: extractSegments(state, segments),
    segments: segments.map((s) => s.length),
  })
  const lengths = Buffer.alloc(8)
  lengths.writeUInt32BE(header.length, 4)
  const body = [lengths.subarray(4), header, ...segments]
  let crc = 0
  let sinceYield = 0
  for (const part of body) {
    for (let start = 0; start < part.length; start += CHECKSUM_CHUNK_BYTES) {
      const end = Math.min(part.length, start + CHECKSUM_CHUNK_BYTES)
      crc = crc32(part.subarray(start, end), crc)
      sinceYield += end - start
      if (sinceYield >= CHECKSUM_CHUNK_BYTES) {
        sinceYield = 0
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
  }
  lengths.writeUInt32BE(crc >>> 0, 0)
  const parts = [lengths.subarray(0, 4), ...body]
  const handle = await open(join(directory, file), 'w')
  try {
    await handle.writev(parts)
  } finally {
    await handle.close()
  }
  return parts.reduce((sum, p) => sum + p.length, 0)
}

/** Reads a state file of the given format version (the `_metadata`'s); errors name the file. */
export async function readStateFile(
  directory: string,
  file: string,
  formatVersion: number,
): Promise<OperatorSubtaskState> {
  const path = join(directory, file)
  const bytes = await readNamed(path, 'checkpoint state file')
  const corrupt = (why: string): EddyError =>
    new EddyError(`Checkpoint state file ${path} is truncated or corrupted: ${why}`, {
      code: 'checkpoint.corrupt-state',
      domain: 'user',
      failureType: 'NonRecoverableError',
      context: { path },
    })
  if (bytes.length < 4 || crc32(bytes.subarray(4)) >>> 0 !== bytes.readUInt32BE(0)) {
    throw corrupt('checksum mismatch')
  }
  let state: OperatorSubtaskState
  try {
    state = decodeStateFile(bytes, formatVersion)
  } catch (e: unknown) {
    throw corrupt(e instanceof Error ? e.message : String(e))
  }
  return withKeyedStateFile(directory, state, corrupt)
}

/** The state a file of `formatVersion` holds (its checksum checked); throws if malformed. */
function decodeStateFile(bytes: Buffer, formatVersion: number): OperatorSubtaskState {
  if (formatVersion === 1) return packr.unpack(bytes.subarray(4)) as OperatorSubtaskState
  const headerLength = bytes.readUInt32BE(4)
  const header = packr.unpack(bytes.subarray(8, 8 + headerLength)) as {
    state: unknown
    segments: number[]
  }
  const segments: Uint8Array[] = []
  let offset = 8 + headerLength
  for (const length of header.segments) {
    if (offset + length > bytes.length) throw new Error('a segment ends past the end of the file')
    segments.push(bytes.subarray(offset, offset + length))
    offset += length
  }
  if (offset !== bytes.length) throw new Error('bytes follow the last segment')
  return insertSegments(header.state, segments) as OperatorSubtaskState
}

/** The bytes of `path`; a failure names the file as `what`. */
async function readNamed(path: string, what: string): Promise<Buffer> {
  try {
    return await readFile(path)
  } catch (e: unknown) {
    throw new EddyError(
      `Cannot read ${what} ${path}: ${e instanceof Error ? e.message : String(e)}`,
      { code: 'checkpoint.missing-state', domain: 'user', failureType: 'NonRecoverableError' },
    )
  }
}

/** `state` with the keyed state file it names (written beside it by the task) read in. */
async function withKeyedStateFile(
  directory: string,
  state: OperatorSubtaskState,
  corrupt: (why: string) => EddyError,
): Promise<OperatorSubtaskState> {
  const { keyedStateFile: ref, keyedStateChain: chain, ...rest } = state
  if (ref !== undefined) {
    return { ...rest, keyedState: await readKeyedStateFile(directory, ref, corrupt) }
  }
  if (chain === undefined) return state
  // Decoded from the file: check that it is what was written.
  if (!Array.isArray(chain as unknown) || chain.length === 0) {
    throw corrupt('its chain of keyed state files is not a non-empty list')
  }
  // Incremental: <job>/chk-<n>/ names files in <job>/shared/.
  const shared = join(directory, '..', SHARED_DIRECTORY)
  const [keyedState, ...keyedStateChanges] = await Promise.all(
    chain.map((file) => readKeyedStateFile(shared, file, corrupt)),
  )
  return { ...rest, keyedState: keyedState!, keyedStateChanges }
}

/** The bytes of a keyed state file `ref` names in `directory`, checked against its size. */
async function readKeyedStateFile(
  directory: string,
  ref: KeyedStateFile,
  corrupt: (why: string) => EddyError,
): Promise<Buffer> {
  if (typeof ref.file !== 'string' || basename(ref.file) !== ref.file || ref.file === '') {
    throw corrupt(`it names the keyed state file ${JSON.stringify(ref.file)}, not a file name`)
  }
  const path = join(directory, ref.file)
  const bytes = await readNamed(path, 'keyed state file')
  if (bytes.length !== ref.size) {
    throw corrupt(
      `its keyed state file ${path} holds ${bytes.length} bytes, the state file says ${ref.size}`,
    )
  }
  return bytes
}

/** A copy of `value` with every large byte array replaced by a reference to `segments`. */
function extractSegments(value: unknown, segments: Uint8Array[]): unknown {
  if (value instanceof Uint8Array) {
    if (value.length < SEGMENT_MIN_BYTES) return value
    segments.push(value)
    return { $segment: segments.length - 1 } satisfies SegmentRef
  }
  if (Array.isArray(value)) return value.map((v) => extractSegments(v, segments))
  if (value !== null && typeof value === 'object') {
    const copy: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) copy[k] = extractSegments(v, segments)
    return copy
  }
  return value
}

function insertSegments(value: unknown, segments: readonly Uint8Array[]): unknown {
  if (value instanceof Uint8Array) return value
  if (Array.isArray(value)) return value.map((v) => insertSegments(v, segments))
  if (value !== null && typeof value === 'object') {
    const ref = (value as Partial<SegmentRef>).$segment
    if (typeof ref === 'number') {
      const segment = segments[ref]
      if (segment === undefined)
        throw new Error(`the header names segment ${ref}, which is missing`)
      return segment
    }
    const copy: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) copy[k] = insertSegments(v, segments)
    return copy
  }
  return value
}
