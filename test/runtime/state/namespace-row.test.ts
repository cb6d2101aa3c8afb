import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { NamespaceRow } from '../../../src/runtime/state/heap/namespace-row.js'

function contents(row: NamespaceRow<string>): { size: number; values: string[] } {
  return { size: row.size, values: [...row.values()] }
}

describe('NamespaceRow', () => {
  it('finds every entry, the newest in the first slot and the others in a Map', () => {
    const row = new NamespaceRow<string>()
    assert.equal(row.get('w1'), undefined)
    row.set('w1', 'a')
    row.set('w2', 'b')
    row.set('w3', 'c')
    assert.deepStrictEqual(
      ['w1', 'w2', 'w3', 'w4'].map((ns) => row.get(ns)),
      ['a', 'b', 'c', undefined],
    )
    // Oldest first.
    assert.deepStrictEqual(contents(row), { size: 3, values: ['a', 'b', 'c'] })
  })

  it('replaces the entry of a namespace it has, in either slot, without moving it', () => {
    const row = new NamespaceRow<string>()
    row.set('w1', 'a')
    row.set('w2', 'b')
    row.set('w1', 'A')
    row.set('w2', 'B')
    assert.deepStrictEqual(contents(row), { size: 2, values: ['A', 'B'] })
  })

  it('deletes from either slot, moving the oldest other up when the first goes', () => {
    const row = new NamespaceRow<string>()
    row.set('w1', 'a')
    row.set('w2', 'b')
    row.set('w3', 'c')
    assert.equal(row.delete('w2'), true)
    assert.equal(row.delete('w2'), false)
    assert.deepStrictEqual(contents(row), { size: 2, values: ['a', 'c'] })
    assert.equal(row.delete('w3'), true)
    assert.deepStrictEqual(contents(row), { size: 1, values: ['a'] })
    assert.equal(row.get('w1'), 'a')
    assert.equal(row.delete('w1'), true)
    assert.deepStrictEqual(contents(row), { size: 0, values: [] })
    assert.equal(row.delete('w1'), false)
    row.set('w4', 'd')
    assert.deepStrictEqual(contents(row), { size: 1, values: ['d'] })
  })

  it('compares namespace keys as a Map does: NaN is one key, 1 and "1" are two', () => {
    const row = new NamespaceRow<string>()
    row.set(NaN, 'nan')
    row.set(1, 'one')
    row.set('1', 'string one')
    row.set(NaN, 'NaN again')
    assert.deepStrictEqual(
      [row.get(NaN), row.get(1), row.get('1')],
      ['NaN again', 'one', 'string one'],
    )
    assert.equal(row.delete(NaN), true)
    assert.equal(row.get(NaN), undefined)
    assert.equal(row.size, 2)
  })
})
