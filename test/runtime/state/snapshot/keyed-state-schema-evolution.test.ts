import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  ListStateDescriptor,
  MapStateDescriptor,
  ValueStateDescriptor,
} from '../../../../src/api/state/state-descriptor.js'
import { KeyGroupRange } from '../../../../src/core/keys/key-group-range.js'
import { Types } from '../../../../src/core/types/types.js'
import { HeapKeyedStateBackend } from '../../../../src/runtime/state/heap/heap-keyed-state-backend.js'
import { restoreKeyedState } from '../../../../src/runtime/state/snapshot/keyed-state-restore.js'
import { snapshotKeyedState } from '../../../../src/runtime/state/snapshot/keyed-state-snapshot.js'

const OLD_ROW = Types.ROW({ id: Types.INT, name: Types.STRING, legacy: Types.BOOLEAN })
// `legacy` removed, `email` added.
const NEW_ROW = Types.ROW({
  id: Types.INT,
  name: Types.STRING,
  email: Types.NULLABLE(Types.STRING),
})

function backend(): HeapKeyedStateBackend {
  return new HeapKeyedStateBackend(KeyGroupRange.of(0, 127), 128)
}

/** A backend restored from a snapshot of `write`'s state. */
function restoredFrom(write: (b: HeapKeyedStateBackend) => void): HeapKeyedStateBackend {
  const b = backend()
  b.setCurrentKey('k')
  write(b)
  const r = backend()
  restoreKeyedState(r, [snapshotKeyedState(b).bytes])
  r.setCurrentKey('k')
  return r
}

describe('restoring keyed state whose declared type changed', () => {
  it('maps ROW values to a row type that gained a NULLABLE field and lost another', () => {
    const r = restoredFrom((b) => {
      b.getState(new ValueStateDescriptor('user', OLD_ROW)).update({
        id: 1,
        name: 'ann',
        legacy: true,
      })
      b.getState(new ListStateDescriptor('history', OLD_ROW)).addAll([
        { id: 2, name: 'bob', legacy: false },
        { id: 3, name: 'cid', legacy: true },
      ])
      b.getState(new MapStateDescriptor('byName', Types.STRING, OLD_ROW)).put('dan', {
        id: 4,
        name: 'dan',
        legacy: false,
      })
    })
    const user = r.getState(new ValueStateDescriptor('user', NEW_ROW))
    const history = r.getState(new ListStateDescriptor('history', NEW_ROW))
    const byName = r.getState(new MapStateDescriptor('byName', Types.STRING, NEW_ROW))
    assert.deepStrictEqual(
      [user.value(), Array.from(history.get()), Array.from(byName.entries())],
      [
        { id: 1, name: 'ann', email: null },
        [
          { id: 2, name: 'bob', email: null },
          { id: 3, name: 'cid', email: null },
        ],
        [['dan', { id: 4, name: 'dan', email: null }]],
      ],
    )
    // The next snapshot is written with the new type and restores as such.
    user.update({ id: 1, name: 'ann', email: 'ann@example.com' })
    const again = backend()
    restoreKeyedState(again, [snapshotKeyedState(r).bytes])
    again.setCurrentKey('k')
    assert.deepStrictEqual(again.getState(new ValueStateDescriptor('user', NEW_ROW)).value(), {
      id: 1,
      name: 'ann',
      email: 'ann@example.com',
    })
  })

  it('accepts widened numbers and a type that became NULLABLE as they are', () => {
    const r = restoredFrom((b) => {
      b.getState(new ValueStateDescriptor('n', Types.INT)).update(7)
      b.getState(new ValueStateDescriptor('s', Types.STRING)).update('x')
    })
    assert.deepStrictEqual(
      [
        r.getState(new ValueStateDescriptor('n', Types.LONG)).value(),
        r.getState(new ValueStateDescriptor('s', Types.NULLABLE(Types.STRING))).value(),
      ],
      [7, 'x'],
    )
  })

  it('accepts a newly declared type for undeclared state when every value fits it', () => {
    const r = restoredFrom((b) => {
      b.getState(new ValueStateDescriptor<unknown>('fits')).update({
        id: 1,
        name: 'a',
        legacy: false,
      })
      b.getState(new ValueStateDescriptor<unknown>('misfit')).update({ id: 'one' })
    })
    assert.deepStrictEqual(r.getState(new ValueStateDescriptor('fits', OLD_ROW)).value(), {
      id: 1,
      name: 'a',
      legacy: false,
    })
    assert.throws(() => r.getState(new ValueStateDescriptor('misfit', OLD_ROW)), {
      name: 'StateError',
      code: 'state.incompatible-schema',
      message:
        `State 'misfit' cannot be restored: the value of key "k" (key group ` +
        `${r.getCurrentKeyGroupIndex()}) does not fit its declared type ` +
        `ROW<id INT, name STRING, legacy BOOLEAN>: field 'id': expected INT, got string "one"`,
    })
  })

  it('rejects a field added without NULLABLE, naming the state, both types and the field', () => {
    const r = restoredFrom((b) => {
      b.getState(new ValueStateDescriptor('user', OLD_ROW)).update({
        id: 1,
        name: 'a',
        legacy: true,
      })
    })
    const withScore = Types.ROW({ id: Types.INT, name: Types.STRING, score: Types.DOUBLE })
    assert.throws(() => r.getState(new ValueStateDescriptor('user', withScore)), {
      name: 'StateError',
      code: 'state.incompatible-schema',
      message:
        "State 'user' cannot be restored: its values were stored as ROW<id INT, name STRING, " +
        'legacy BOOLEAN> and are now declared as ROW<id INT, name STRING, score DOUBLE>, which ' +
        "is incompatible: field 'score' was added as DOUBLE, which cannot hold null; declare an " +
        'added field as Types.NULLABLE(...) so that restored rows can leave it null',
    })
  })

  it('rejects a field whose type changed, naming the state and both types', () => {
    const r = restoredFrom((b) => {
      b.getState(new ListStateDescriptor('scores', Types.ROW({ v: Types.DOUBLE }))).add({ v: 1.5 })
    })
    assert.throws(
      () => r.getState(new ListStateDescriptor('scores', Types.ROW({ v: Types.INT }))),
      {
        name: 'StateError',
        code: 'state.incompatible-schema',
        message:
          "State 'scores' cannot be restored: its elements were stored as ROW<v DOUBLE> and are " +
          "now declared as ROW<v INT>, which is incompatible: field 'v': stored as DOUBLE, " +
          'declared as INT (the types differ)',
      },
    )
  })

  it('rejects a migration that would change map keys, which are identities', () => {
    const oldKey = Types.ROW({ id: Types.INT })
    const newKey = Types.ROW({ id: Types.INT, region: Types.NULLABLE(Types.STRING) })
    const r = restoredFrom((b) => {
      b.getState(new MapStateDescriptor('byId', oldKey, Types.INT)).put({ id: 1 }, 10)
    })
    assert.throws(() => r.getState(new MapStateDescriptor('byId', newKey, Types.INT)), {
      name: 'StateError',
      code: 'state.incompatible-schema',
      message:
        `State 'byId' cannot be restored: the value of key "k" (key group ` +
        `${r.getCurrentKeyGroupIndex()}) does not fit its declared type ` +
        `ROW<id INT, region NULLABLE<STRING>> → INT: its user key {"id":1} would change to ` +
        `{"id":1,"region":null}, and map keys cannot change shape`,
    })
    assert.deepStrictEqual(
      Array.from(r.getState(new MapStateDescriptor('byId', oldKey, Types.INT)).entries()),
      [[{ id: 1 }, 10]],
    )
  })

  it('rejects registering a restored state as another kind, and leaves it restorable', () => {
    const r = restoredFrom((b) => {
      b.getState(new ValueStateDescriptor<number>('count')).update(3)
    })
    assert.throws(() => r.getState(new ListStateDescriptor<number>('count')), {
      name: 'StateError',
      code: 'state.incompatible-kind',
      message:
        "State 'count' was restored as a value state and cannot be registered as a list state",
    })
    assert.equal(r.getState(new ValueStateDescriptor<number>('count')).value(), 3)
  })

  it('rejects a restore after the operator registered the state', () => {
    const b = backend()
    b.setCurrentKey('k')
    b.getState(new ValueStateDescriptor<number>('count')).update(1)
    assert.throws(() => restoreKeyedState(b, [snapshotKeyedState(b).bytes]), {
      name: 'StateError',
      code: 'state.restore-after-registration',
      message:
        "Cannot restore state 'count': the operator has already registered it; restore keyed " +
        'state before the operator opens',
    })
  })
})
