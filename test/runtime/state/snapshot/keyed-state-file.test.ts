// A keyed snapshot streamed to a file: sections go into the file in the order the snapshot writes
// them (a key group a record touches first, the rest as slices reach them), through a buffer
// flushed every MiB, and the file restores exactly the state at the barrier. A file that cannot
// be created fails the snapshot with an error naming it; an abandoned snapshot closes its file.
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { ValueStateDescriptor } from '../../../../src/api/state/state-descriptor.js'
import { KeyGroupRange } from '../../../../src/core/keys/key-group-range.js'
import { Types } from '../../../../src/core/types/types.js'
import { HeapKeyedStateBackend } from '../../../../src/runtime/state/heap/heap-keyed-state-backend.js'
import { VOID_NAMESPACE } from '../../../../src/runtime/state/keyed-state-backend.js'
import { AsyncKeyedStateSnapshot } from '../../../../src/runtime/state/snapshot/async-keyed-state-snapshot.js'
import { restoreKeyedState } from '../../../../src/runtime/state/snapshot/keyed-state-restore.js'
import { snapshotKeyedState } from '../../../../src/runtime/state/snapshot/keyed-state-snapshot.js'
import { StateError } from '../../../../src/runtime/state/state-error.js'

const MAX_PARALLELISM = 128
const COUNT = new ValueStateDescriptor('count', Types.INT)
const TEXT = new ValueStateDescriptor('text', Types.STRING)

function backend(): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend(KeyGroupRange.of(0, MAX_PARALLELISM - 1), MAX_PARALLELISM)
}

/** `keys` keys with a count each; every 500th key also holds 300 000 characters of text. */
function filled(keys: number): HeapKeyedStateBackend {
  const b = backend()
  const count = b.getPartitionedState(VOID_NAMESPACE, COUNT)
  const text = b.getPartitionedState(VOID_NAMESPACE, TEXT)
  for (let k = 0; k < keys; k++) {
    b.setCurrentKey(k)
    count.update(k)
    if (k % 500 === 0) text.update(String.fromCharCode(97 + (k % 26)).repeat(300_000))
  }
  return b
}

/** The key groups' section offsets in the index at the end of a keyed snapshot. */
function sectionOffsets(bytes: Uint8Array): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.length)
  const indexStart = bytes.length - 8 * MAX_PARALLELISM
  return Array.from({ length: MAX_PARALLELISM }, (_, i) => view.getUint32(indexStart + 8 * i))
}

const openFiles = (): number => readdirSync('/proc/self/fd').length

describe('AsyncKeyedStateSnapshot into a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'eddy-keyed-file-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('writes sections in the order written, and the file restores the state at the barrier', () => {
    const live = filled(3000)
    const atBarrier = snapshotKeyedState(live).bytes
    const snapshot = new AsyncKeyedStateSnapshot(live, undefined, {
      directory: dir,
      file: 'op-a-0.keyed',
    })
    // Records reach key groups from the last key down, changing the state as they go; slices
    // write the rest in key-group order.
    const count = live.getPartitionedState(VOID_NAMESPACE, COUNT)
    const touch = (k: number): void => {
      live.setCurrentKey(k)
      count.update(-k)
    }
    for (let k = 2999; k >= 2980; k--) touch(k)
    let slices = 0
    for (let k = 0; !snapshot.writeSome(0); k += 37) {
      slices++
      touch(k % 3000)
    }
    assert.ok(slices >= 2, `${slices} slices`)
    const parts = snapshot.finish()
    const bytes = readFileSync(join(dir, 'op-a-0.keyed'))
    assert.deepEqual(parts, { keyedStateFile: { file: 'op-a-0.keyed', size: bytes.length } })
    // Over 1 MiB of text: the buffer was written out before the end.
    assert.ok(bytes.length > 1_800_000, `${bytes.length} bytes`)
    assert.equal(bytes.length, atBarrier.length)
    const offsets = sectionOffsets(bytes)
    assert.ok(
      offsets.some((o, i) => i > 0 && o < offsets[i - 1]!),
      'sections are not in key-group order',
    )
    const restored = backend()
    restoreKeyedState(restored, [bytes])
    assert.deepEqual(snapshotKeyedState(restored).bytes, atBarrier)
  })

  it('names the file it cannot create, and closes the file of an abandoned snapshot', () => {
    const live = filled(100)
    const missing = join(dir, 'no-such-directory')
    assert.throws(
      () => new AsyncKeyedStateSnapshot(live, undefined, { directory: missing, file: 'op-b-0' }),
      (e: unknown) =>
        e instanceof StateError &&
        e.code === 'state.snapshot-file' &&
        e.message.startsWith(
          `Cannot create keyed state snapshot file ${join(missing, 'op-b-0')}: ENOENT`,
        ),
    )
    const before = openFiles()
    const snapshot = new AsyncKeyedStateSnapshot(live, undefined, {
      directory: dir,
      file: 'op-c-0.keyed',
    })
    assert.equal(openFiles(), before + 1)
    snapshot.stop()
    assert.equal(openFiles(), before)
    // Abandoned: the task's accesses no longer write key groups.
    live.setCurrentKey(7)
  })
})
