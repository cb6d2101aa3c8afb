// Snapshots the operator state of a DefaultOperatorStateBackend (list states and broadcast
// states) into bytes, and reads such bytes back. Synchronous: the bytes hold copies, never
// references into live state. Flink: DefaultOperatorStateBackendSnapshotStrategy +
// OperatorBackendSerializationProxy + OperatorStreamStateHandle.
//
// Format version 1 (big-endian; varint = unsigned LEB128; string = varint UTF-8 length + bytes):
//
//   header   int32  magic 0x45444F53 ('EDOS')
//            int16  format version (1)
//            uint32 total length of the snapshot in bytes
//            varint number of states s
//   states   s x    string name, string mode ('SPLIT_DISTRIBUTE' | 'UNION' | 'BROADCAST'), then
//                   list modes: string element schema (JSON TypeDescriptor; {"kind":"GENERIC"}
//                     when undeclared), varint count, the elements
//                   BROADCAST: string key schema, string value schema, varint count, the
//                     (key, value) pairs
//   trailer  uint32 CRC-32 of every byte before it
import { describe } from '../../../core/errors.js'
import { DataOutputSerializer } from '../../../core/memory/data-output-serializer.js'
import type { DataInputDeserializer } from '../../../core/memory/data-input-deserializer.js'
import type { TypeInformation } from '../../../core/types/type-information.js'
import type { DefaultOperatorStateBackend } from '../default-operator-state-backend.js'
import { StateError, describeStateKey } from '../state-error.js'
import { readSchema, schemaOf } from './type-schema.js'
import type { OperatorStateContents } from './operator-state-contents.js'
import {
  checksum,
  decodeFailure,
  finishSnapshot,
  openSnapshot,
  patchUint32,
  snapshotCorrupt,
  startSnapshot,
} from './snapshot-format.js'
import { readCount, readElementCount } from './state-value-serializer.js'

const MODES: ReadonlySet<string> = new Set(['SPLIT_DISTRIBUTE', 'UNION', 'BROADCAST'])

/**
 * Writes all operator state of `backend` (registered states, and restored ones the operator has
 * not asked for yet) into a new byte array. Task thread only. Throws StateError
 * 'state.unserializable-value' naming the state and element or key that cannot be written.
 *
 * @example
 * const bytes = snapshotOperatorState(backend)
 * restoreOperatorState(newBackend, redistributeOperatorState([bytes], 1, 0))
 */
export function snapshotOperatorState(backend: DefaultOperatorStateBackend): Uint8Array {
  return writeOperatorStateSnapshot(backend.getStateContents())
}

/** The bytes of a snapshot holding `states`. */
export function writeOperatorStateSnapshot(states: readonly OperatorStateContents[]): Uint8Array {
  const out = new DataOutputSerializer(1024)
  startSnapshot(out, 'operator')
  out.writeVarUint(states.length)
  for (const state of states) writeState(state, out)
  const trailer = out.position
  out.writeInt32(0)
  // The length covers the trailer, and the checksum covers the length: length first.
  finishSnapshot(out)
  patchUint32(out, trailer, checksum(out.getSharedBuffer(), 0, trailer))
  return out.toUint8Array()
}

/**
 * The states in an operator state snapshot, each with freshly decoded elements or entries.
 * Throws StateError ('state.snapshot-invalid-magic', 'state.snapshot-unsupported-version',
 * 'state.snapshot-corrupt') naming the state or byte offset where the bytes went wrong.
 */
export function readOperatorStateSnapshot(bytes: Uint8Array): OperatorStateContents[] {
  const input = openSnapshot(bytes, 'operator')
  const end = bytes.length - 4
  if (end < input.position) throw snapshotCorrupt('operator', 'the snapshot has no checksum')
  const stored = new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getUint32(end)
  const computed = checksum(bytes, 0, end)
  if (stored !== computed) {
    throw snapshotCorrupt(
      'operator',
      `the checksum does not match: stored ${hex(stored)}, computed ${hex(computed)}`,
    )
  }
  input.setBuffer(bytes, input.position, end - input.position)
  const states: OperatorStateContents[] = []
  let where = 'in the header'
  try {
    const n = readCount(input)
    for (let i = 0; i < n; i++) {
      where = `in state #${i}`
      const name = input.readString()
      where = `in state '${name}'`
      states.push(readState(name, input))
    }
    if (input.available() !== 0) throw input.corrupt(`${input.available()} unread bytes`)
  } catch (e: unknown) {
    throw decodeFailure('operator', where, input, e)
  }
  return states
}

function writeState(state: OperatorStateContents, out: DataOutputSerializer): void {
  out.writeString(state.name)
  out.writeString(state.mode)
  if (state.mode === 'BROADCAST') {
    out.writeString(schemaOf(state.keyType))
    out.writeString(schemaOf(state.valueType))
    out.writeVarUint(state.entries.length)
    const keys = state.keyType.createSerializer()
    const values = state.valueType.createSerializer()
    for (const [key, value] of state.entries) {
      try {
        keys.serialize(key, out)
        values.serialize(value, out)
      } catch (e: unknown) {
        throw unserializable(state.name, `the entry of key ${describeStateKey(key)}`, e)
      }
    }
    return
  }
  out.writeString(schemaOf(state.elementType))
  out.writeVarUint(state.elements.length)
  const elements = state.elementType.createSerializer()
  for (let i = 0; i < state.elements.length; i++) {
    try {
      elements.serialize(state.elements[i], out)
    } catch (e: unknown) {
      throw unserializable(state.name, `element ${i}`, e)
    }
  }
}

function readState(name: string, input: DataInputDeserializer): OperatorStateContents {
  const mode = input.readString()
  if (!MODES.has(mode)) throw input.corrupt(`unknown redistribution mode ${JSON.stringify(mode)}`)
  if (mode === 'BROADCAST') {
    const keyType = readSchema(input)
    const valueType = readSchema(input)
    const n = readCount(input)
    const keys = keyType.createSerializer()
    const values = valueType.createSerializer()
    const entries: (readonly [unknown, unknown])[] = []
    for (let i = 0; i < n; i++) entries.push([keys.deserialize(input), values.deserialize(input)])
    return { mode, name, keyType, valueType, entries }
  }
  const elementType: TypeInformation<unknown> = readSchema(input)
  const n = readElementCount(input, elementType)
  const serializer = elementType.createSerializer()
  const elements: unknown[] = []
  for (let i = 0; i < n; i++) elements.push(serializer.deserialize(input))
  return { mode: mode as 'SPLIT_DISTRIBUTE' | 'UNION', name, elementType, elements }
}

function unserializable(stateName: string, what: string, cause: unknown): StateError {
  return new StateError(
    `Cannot snapshot operator state '${stateName}': ${what} cannot be written: ` +
      `${describe(cause)}`,
    { code: 'state.unserializable-value', domain: 'user', context: { stateName }, cause },
  )
}

function hex(value: number): string {
  return '0x' + value.toString(16).toUpperCase().padStart(8, '0')
}
