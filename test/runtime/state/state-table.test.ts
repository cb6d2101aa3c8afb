import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { computeKeyGroupForKeyHash } from '../../../src/core/keys/key-group-range-assignment.js'
import { KeyGroupRange } from '../../../src/core/keys/key-group-range.js'
import { hashKey } from '../../../src/core/keys/key-hash.js'
import { StateTable } from '../../../src/runtime/state/heap/state-table.js'
import { InternalKeyContext } from '../../../src/runtime/state/internal-key-context.js'
import {
  VOID_NAMESPACE,
  normalizeNamespace,
} from '../../../src/runtime/state/keyed-state-backend.js'

const keyGroupOf = (key: unknown): number => computeKeyGroupForKeyHash(hashKey(key), 16)

describe('StateTable', () => {
  it('stores entries per key group and namespace, and lists them per key group', () => {
    const ctx = new InternalKeyContext(KeyGroupRange.of(0, 15), 16)
    const table = new StateTable<string>('t', 'value', ctx)
    ctx.setCurrentKey('a')
    table.put(VOID_NAMESPACE, VOID_NAMESPACE, 'a-void')
    table.put({ w: 1 }, normalizeNamespace({ w: 1 }), 'a-w1')
    assert.equal(table.get(VOID_NAMESPACE)?.value, 'a-void')
    const entries = Array.from(table.entriesOfKeyGroup(keyGroupOf('a')), (e) => [
      e.key,
      e.namespace,
      e.value,
    ])
    assert.deepStrictEqual(entries, [
      ['a', VOID_NAMESPACE, 'a-void'],
      ['a', { w: 1 }, 'a-w1'],
    ])
    assert.equal(table.size(), 2)
  })

  it('restores entries of any key into their key group', () => {
    const ctx = new InternalKeyContext(KeyGroupRange.of(0, 15), 16)
    const table = new StateTable<number>('t', 'value', ctx)
    table.putEntry(keyGroupOf('x'), 'x', VOID_NAMESPACE, 1)
    table.putEntry(keyGroupOf(['c', 1]), ['c', 1], 'ns', 2)
    ctx.setCurrentKey('x')
    assert.equal(table.get(VOID_NAMESPACE)?.value, 1)
    ctx.setCurrentKey(['c', 1])
    assert.equal(table.get('ns')?.value, 2)
    assert.deepStrictEqual(Array.from(table.keys('ns')), [['c', 1]])
    assert.throws(() => table.putEntry(16, 'x', VOID_NAMESPACE, 1), RangeError)
  })

  it("remembers the current key's namespaces only while that key is current", () => {
    const ctx = new InternalKeyContext(KeyGroupRange.of(0, 15), 16)
    const table = new StateTable<string>('t', 'value', ctx)
    ctx.setCurrentKey('a')
    assert.equal(table.get('w1'), undefined)
    table.put('w1', 'w1', 'a-w1')
    table.put('w2', 'w2', 'a-w2')
    ctx.setCurrentKey('b')
    assert.equal(table.get('w1'), undefined)
    table.put('w1', 'w1', 'b-w1')
    ctx.setCurrentKey('a')
    assert.deepStrictEqual([table.get('w1')?.value, table.get('w2')?.value], ['a-w1', 'a-w2'])
    // Emptying the key's last namespace drops its row; a put makes a new one.
    table.remove('w1')
    table.remove('w2')
    assert.equal(table.get('w2'), undefined)
    table.put('w3', 'w3', 'a-w3')
    ctx.setCurrentKey('b')
    assert.equal(table.get('w3'), undefined)
    ctx.setCurrentKey('a')
    assert.equal(table.get('w3')?.value, 'a-w3')
    assert.deepStrictEqual(Array.from(table.keys('w1')), ['b'])
    assert.equal(table.size(), 2)
  })

  it("sees entries restored for the current key after it looked the key's row up", () => {
    const ctx = new InternalKeyContext(KeyGroupRange.of(0, 15), 16)
    const table = new StateTable<number>('t', 'value', ctx)
    ctx.setCurrentKey('k')
    assert.equal(table.get('ns'), undefined)
    table.putEntry(keyGroupOf('k'), 'k', 'ns', 7)
    assert.equal(table.get('ns')?.value, 7)
    table.clear()
    assert.equal(table.get('ns'), undefined)
    table.put('ns', 'ns', 8)
    assert.equal(table.get('ns')?.value, 8)
    ctx.resetCurrentKey()
    assert.throws(() => table.get('ns'), /No key set/)
  })
})
