// A TimeWindow's identity as a state namespace: equal windows share one map key, distinct windows
// never do, and the key is a class namespace key (it cannot equal a plain-data namespace's).
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { TimeWindow } from '../../../src/index.js'
import { normalizeNamespace } from '../../../src/runtime/state/keyed-state-backend.js'
import { classNamespaceKeyOf } from '../../../src/core/keys/namespace-key.js'
import { deepCopy } from '../../../src/core/deep-copy.js'

const keyOf = (w: TimeWindow): unknown => normalizeNamespace(w)

describe('TimeWindow namespace key', () => {
  it('is a TimeWindow class key, the same for equal windows and copies', () => {
    const key = keyOf(new TimeWindow(1_700_000_000_000, 1_700_000_010_000))
    assert.equal(typeof key, 'string')
    assert.ok((key as string).startsWith(classNamespaceKeyOf('TimeWindow', '')))
    assert.equal(keyOf(new TimeWindow(1_700_000_000_000, 1_700_000_010_000)), key)
    assert.equal(keyOf(deepCopy(new TimeWindow(1_700_000_000_000, 1_700_000_010_000))), key)
    assert.equal(keyOf(new TimeWindow(-0, 5)), keyOf(new TimeWindow(0, 5)))
  })

  it('differs for windows that differ in start or end, however close', () => {
    const windows = [
      new TimeWindow(0, 10),
      new TimeWindow(10, 0),
      new TimeWindow(0, 11),
      new TimeWindow(1, 10),
      new TimeWindow(-10, 0),
      new TimeWindow(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
      new TimeWindow(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1),
      new TimeWindow(1_700_000_000_000, 1_700_000_010_000),
      new TimeWindow(1_700_000_000_001, 1_700_000_010_000),
      new TimeWindow(0.5, 1),
    ]
    const keys = new Set(windows.map(keyOf))
    assert.equal(keys.size, windows.length)
  })

  it("is a subclass's own toString() when a subclass tells windows apart by more", () => {
    class LabelledWindow extends TimeWindow {
      readonly label: string
      constructor(start: number, end: number, label: string) {
        super(start, end)
        this.label = label
      }
      override toString(): string {
        return `LabelledWindow{${this.start},${this.end},${this.label}}`
      }
    }
    const a = keyOf(new LabelledWindow(0, 10, 'a'))
    assert.equal(a, classNamespaceKeyOf('TimeWindow', 'LabelledWindow{0,10,a}'))
    assert.notEqual(keyOf(new LabelledWindow(0, 10, 'b')), a)
  })
})
