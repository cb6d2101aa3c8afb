import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { crc32 } from 'node:zlib'
import {
  ListStateDescriptor,
  MapStateDescriptor,
  ValueStateDescriptor,
} from '../../../../src/api/state/state-descriptor.js'
import { TimeWindow } from '../../../../src/api/windowing/windows.js'
import { KeyGroupRange } from '../../../../src/core/keys/key-group-range.js'
import { Types } from '../../../../src/core/types/types.js'
import { DefaultOperatorStateBackend } from '../../../../src/runtime/state/default-operator-state-backend.js'
import { HeapKeyedStateBackend } from '../../../../src/runtime/state/heap/heap-keyed-state-backend.js'
import { restoreKeyedState } from '../../../../src/runtime/state/snapshot/keyed-state-restore.js'
import { snapshotKeyedState } from '../../../../src/runtime/state/snapshot/keyed-state-snapshot.js'
import { redistributeOperatorState } from '../../../../src/runtime/state/snapshot/operator-state-redistribution.js'
import {
  readOperatorStateSnapshot,
  snapshotOperatorState,
} from '../../../../src/runtime/state/snapshot/operator-state-snapshot.js'
import { StateError } from '../../../../src/runtime/state/state-error.js'

const MAX_PARALLELISM = 8

function keyedBackend(): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend(KeyGroupRange.of(0, MAX_PARALLELISM - 1), MAX_PARALLELISM)
}

/** A small snapshot with one string key 'k' in state 'list', in a TimeWindow. */
function keyedSnapshot(): { bytes: Uint8Array; keyGroup: number; sectionStart: number } {
  const b = keyedBackend()
  b.setCurrentKey('k')
  b.getPartitionedState(new TimeWindow(0, 10), new ListStateDescriptor<string>('list')).add('v')
  b.getState(new ValueStateDescriptor('n', Types.INT)).update(1)
  const snapshot = snapshotKeyedState(b)
  const keyGroup = b.getCurrentKeyGroupIndex()
  return { bytes: snapshot.bytes, keyGroup, sectionStart: snapshot.keyGroupOffsets[keyGroup]! }
}

function operatorSnapshot(): Uint8Array {
  const b = new DefaultOperatorStateBackend()
  b.getListState(new ListStateDescriptor('offsets', Types.LONG)).addAll([1, 2, 3])
  b.getBroadcastState(new MapStateDescriptor<string, string>('rules')).put('r', 'x')
  return snapshotOperatorState(b)
}

function restoreKeyed(bytes: Uint8Array): void {
  restoreKeyedState(keyedBackend(), [bytes])
}

describe('restoring damaged or foreign snapshot bytes', () => {
  it('names the expected and the found magic number', () => {
    assert.throws(() => restoreKeyed(new Uint8Array([1, 2, 3, 4, 0, 1, 0, 0, 0, 10])), {
      name: 'StateError',
      code: 'state.snapshot-invalid-magic',
      message:
        'Not a keyed state snapshot: expected magic number 0x45444B53 at byte offset 0, found ' +
        '0x01020304',
    })
    assert.throws(() => restoreKeyed(operatorSnapshot()), {
      code: 'state.snapshot-invalid-magic',
      message:
        'Not a keyed state snapshot: expected magic number 0x45444B53 at byte offset 0, found ' +
        '0x45444F53 (an operator state snapshot)',
    })
    assert.throws(() => readOperatorStateSnapshot(keyedSnapshot().bytes), {
      code: 'state.snapshot-invalid-magic',
      message:
        'Not an operator state snapshot: expected magic number 0x45444F53 at byte offset 0, ' +
        'found 0x45444B53 (a keyed state snapshot)',
    })
  })

  it('names the expected and the found format version', () => {
    const bytes = keyedSnapshot().bytes
    bytes[5] = 2
    assert.throws(() => restoreKeyed(bytes), {
      name: 'StateError',
      code: 'state.snapshot-unsupported-version',
      message: 'Unsupported keyed state snapshot format version: expected 1, found 2',
    })
    const operator = operatorSnapshot()
    operator[4] = 1
    assert.throws(() => readOperatorStateSnapshot(operator), {
      code: 'state.snapshot-unsupported-version',
      message: 'Unsupported operator state snapshot format version: expected 1, found 257',
    })
  })

  it('reports truncated bytes with the length expected and found', () => {
    const bytes = keyedSnapshot().bytes
    assert.throws(() => restoreKeyed(bytes.subarray(0, bytes.length - 3)), {
      name: 'StateError',
      code: 'state.snapshot-corrupt',
      message:
        `Corrupt keyed state snapshot: the snapshot is truncated: its header says ` +
        `${bytes.length} bytes, found ${bytes.length - 3}`,
    })
    assert.throws(() => restoreKeyed(bytes.subarray(0, 7)), {
      code: 'state.snapshot-corrupt',
      message:
        'Corrupt keyed state snapshot: the snapshot is truncated: its header needs 10 bytes, ' +
        'found 7',
    })
  })

  it('names the key group and byte offset of a section whose checksum fails', () => {
    const { bytes, keyGroup, sectionStart } = keyedSnapshot()
    bytes[sectionStart + 4] = bytes[sectionStart + 4]! ^ 0xff
    assert.throws(() => restoreKeyed(bytes), {
      name: 'StateError',
      code: 'state.snapshot-corrupt',
      message: new RegExp(
        `^Corrupt keyed state snapshot: the checksum of key group ${keyGroup} \\(at byte offset ` +
          `${sectionStart}\\) does not match: stored 0x[0-9A-F]{8}, computed 0x[0-9A-F]{8}$`,
      ),
    })
  })

  it('names the state, key group and byte offset where a section stops decoding', () => {
    const { bytes, keyGroup, sectionStart } = keyedSnapshot()
    // Section: key group (1 byte); state 'list': count (1), key 'k' (tag, length, 'k'), then the
    // namespace tag, which becomes unknown. The index checksum is fixed up to reach the decoder.
    const namespaceTag = sectionStart + 5
    bytes[namespaceTag] = 9
    const indexEntry = bytes.length - 8 * MAX_PARALLELISM + 8 * keyGroup
    const sectionEnd =
      keyGroup + 1 < MAX_PARALLELISM
        ? new DataView(bytes.buffer).getUint32(indexEntry + 8)
        : bytes.length - 8 * MAX_PARALLELISM
    new DataView(bytes.buffer).setUint32(
      indexEntry + 4,
      crc32(bytes.subarray(sectionStart, sectionEnd)),
    )
    assert.throws(() => restoreKeyed(bytes), {
      name: 'StateError',
      code: 'state.snapshot-corrupt',
      message:
        `Corrupt keyed state snapshot: state 'list', key group ${keyGroup}: Corrupt input: ` +
        `found unknown namespace tag 9 at byte offset ${namespaceTag + 1}`,
    })
  })

  it('turns every truncation and every flipped byte of a keyed snapshot into a StateError', () => {
    const { bytes } = keyedSnapshot()
    const failures: string[] = []
    const check = (damaged: Uint8Array, what: string): void => {
      try {
        restoreKeyed(damaged)
        failures.push(`${what}: restored without an error`)
      } catch (e: unknown) {
        if (!(e instanceof StateError)) failures.push(`${what}: ${String(e)}`)
      }
    }
    for (let length = 0; length < bytes.length; length++) {
      check(bytes.slice(0, length), `truncated to ${length}`)
    }
    for (let i = 0; i < bytes.length; i++) {
      const damaged = bytes.slice()
      damaged[i] = damaged[i]! ^ 0x5a
      check(damaged, `byte ${i} flipped`)
    }
    assert.deepStrictEqual(failures, [])
  })

  it('turns every truncation and every flipped byte of an operator snapshot into a StateError', () => {
    const bytes = operatorSnapshot()
    const failures: string[] = []
    const check = (damaged: Uint8Array, what: string): void => {
      try {
        redistributeOperatorState([damaged], 1, 0)
        failures.push(`${what}: read without an error`)
      } catch (e: unknown) {
        if (!(e instanceof StateError)) failures.push(`${what}: ${String(e)}`)
      }
    }
    for (let length = 0; length < bytes.length; length++) {
      check(bytes.slice(0, length), `truncated to ${length}`)
    }
    for (let i = 0; i < bytes.length; i++) {
      const damaged = bytes.slice()
      damaged[i] = damaged[i]! ^ 0x5a
      check(damaged, `byte ${i} flipped`)
    }
    assert.deepStrictEqual(failures, [])
  })

  it('reports a bad operator snapshot checksum', () => {
    const bytes = operatorSnapshot()
    bytes[12] = bytes[12]! ^ 1
    assert.throws(() => readOperatorStateSnapshot(bytes), {
      name: 'StateError',
      code: 'state.snapshot-corrupt',
      message:
        /^Corrupt operator state snapshot: the checksum does not match: stored 0x[0-9A-F]{8}, computed 0x[0-9A-F]{8}$/,
    })
  })
})
