import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { copyRecord, deepCopy } from '../../src/core/deep-copy.js'
import { TimeWindow } from '../../src/api/windowing/windows.js'
import { normalizeNamespace } from '../../src/runtime/state/keyed-state-backend.js'

class Point {
  readonly x: number
  readonly y: number

  constructor(x: number, y: number) {
    this.x = x
    this.y = y
  }

  norm(): number {
    return Math.abs(this.x) + Math.abs(this.y)
  }
}

describe('copyRecord', () => {
  it('copies plain objects and arrays at every level, sharing nothing with the original', () => {
    const original = { type: 2, bid: { auction: 7, tags: ['a', 'b'], extra: null }, n: [[1], [2]] }
    const copy = copyRecord(original)
    assert.deepStrictEqual(copy, original)
    assert.notEqual(copy, original)
    assert.notEqual(copy.bid, original.bid)
    assert.notEqual(copy.bid.tags, original.bid.tags)
    assert.notEqual(copy.n[0], original.n[0])
    copy.bid.tags.push('c')
    assert.deepStrictEqual(original.bid.tags, ['a', 'b'])
  })

  it('keeps symbol-keyed fields as they are, and copies array subclasses without their constructor', () => {
    // Symbol-keyed fields are not record data (no serializer writes them): carried over shallow.
    const tag = Symbol('tag')
    const original = { a: { n: 0 }, [tag]: { n: 0 } }
    const copy = copyRecord(original)
    assert.notEqual(copy.a, original.a)
    assert.equal(copy[tag], original[tag])
    let constructed = 0
    class Path extends Array<number> {
      constructor(...items: number[]) {
        super(...items)
        constructed++
      }
    }
    const path = Path.from([1, 2]) as Path
    constructed = 0
    const copiedPath = copyRecord({ path }).path
    assert.equal(constructed, 0)
    assert.ok(copiedPath instanceof Path)
    assert.deepStrictEqual([...copiedPath], [1, 2])
    assert.notEqual(copiedPath, path)
  })

  it('returns primitives, null and undefined as they are', () => {
    assert.equal(copyRecord(5), 5)
    assert.equal(copyRecord('s'), 's')
    assert.equal(copyRecord(null), null)
    assert.equal(copyRecord(undefined), undefined)
  })

  it('keeps the prototype of class instances, Maps and Dates anywhere in the record', () => {
    const original = { at: new Date(5), p: new Point(1, -2), m: new Map([['k', [1]]]) }
    const copy = copyRecord(original)
    assert.ok(copy.p instanceof Point)
    assert.equal(copy.p.norm(), 3)
    assert.notEqual(copy.p, original.p)
    assert.equal(copy.at.getTime(), 5)
    assert.notEqual(copy.m.get('k'), original.m.get('k'))
    assert.deepStrictEqual(copy.m.get('k'), [1])
  })

  it('copies a cyclic record, keeping its cycle', () => {
    const original: { name: string; self?: unknown } = { name: 'loop' }
    original.self = original
    const copy = copyRecord(original)
    assert.equal(copy.self, copy)
    assert.notEqual(copy, original)
  })

  it("copies an own '__proto__' field as a field, not as the copy's prototype", () => {
    const original = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<
      string,
      unknown
    >
    const copy = copyRecord(original)
    assert.equal(Object.getPrototypeOf(copy), Object.prototype)
    assert.deepStrictEqual(Object.getOwnPropertyDescriptor(copy, '__proto__')?.value, {
      polluted: true,
    })
    assert.equal(copy.a, 1)
  })

  it('copies objects without a prototype as such', () => {
    const original = Object.assign(Object.create(null) as Record<string, number>, { a: 1 })
    const copy = copyRecord(original)
    assert.equal(Object.getPrototypeOf(copy), null)
    assert.equal(copy.a, 1)
  })

  it('gives a copied TimeWindow (which lacks its private key cache) the same state namespace', () => {
    const window = new TimeWindow(1000, 2000)
    const copies = [deepCopy(window), copyRecord({ w: window }).w]
    for (const copy of copies) {
      assert.ok(copy instanceof TimeWindow)
      assert.equal(normalizeNamespace(copy), normalizeNamespace(window))
      assert.equal(normalizeNamespace(copy), normalizeNamespace(new TimeWindow(1000, 2000)))
      assert.notEqual(normalizeNamespace(copy), normalizeNamespace(new TimeWindow(1000, 2001)))
    }
  })
})
