// The shared state registry keeps a shared file while a retained checkpoint names it, or while a
// running task may still extend a chain that names it (its reported base), and gives it up for
// deletion after that; files of checkpoints that never completed go unless a completed one names
// them.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import type { StateFileHandle } from '../../../src/runtime/common/checkpoint-state.js'
import { SharedStateRegistry } from '../../../src/runtime/checkpoint/shared-state-registry.js'

function handle(files: string[], base: number): Record<string, StateFileHandle> {
  return {
    op: { stateFile: 'op-op-0', stateSize: 1, sharedStateFiles: files, sharedStateBase: base },
  }
}

const running = new Set(['t1'])

describe('SharedStateRegistry', () => {
  it('keeps the files of a subsumed checkpoint a task may still build on', () => {
    const registry = new SharedStateRegistry()
    registry.acknowledged('t1', handle(['a'], 1))
    assert.deepEqual(registry.completed(1, ['a'], running), [])
    // The task had not learnt that 1 completed at 2's barrier: 2 is a chain of its own, and its
    // next snapshot may still extend 1.
    registry.acknowledged('t1', handle(['b'], 1))
    assert.deepEqual(registry.completed(2, ['b'], running), [])
    assert.deepEqual(registry.subsumed(1, running), [])
    // 3 extends 1 after all: 'a' was kept.
    registry.acknowledged('t1', handle(['a', 'c'], 1))
    assert.deepEqual(registry.completed(3, ['a', 'c'], running), [])
    assert.deepEqual(registry.subsumed(2, running), [])
    // The task learnt that 3 completed: 2's lone file goes once 4 completes.
    registry.acknowledged('t1', handle(['a', 'c', 'd'], 3))
    assert.deepEqual(registry.completed(4, ['a', 'c', 'd'], running), ['b'])
    assert.deepEqual(registry.subsumed(3, running), [])
    // Only 4 is left; its files go when the job ends keeping nothing.
    assert.deepEqual(registry.releaseAll().sort(), ['a', 'c', 'd'])
  })

  it('forgets the base of a task that no longer runs', () => {
    const registry = new SharedStateRegistry()
    registry.acknowledged('t1', handle(['a'], 1))
    registry.completed(1, ['a'], running)
    registry.acknowledged('t1', handle(['b'], 1))
    registry.completed(2, ['b'], running)
    assert.deepEqual(registry.subsumed(1, running), [])
    // The attempt failed: nothing will build on 1.
    assert.deepEqual(registry.subsumed(2, new Set(['t2'])), ['a', 'b'])
  })

  it('gives up only the files of a checkpoint that did not complete that nothing else names', () => {
    const registry = new SharedStateRegistry()
    registry.acknowledged('t1', handle(['a'], 1))
    registry.completed(1, ['a'], running)
    assert.deepEqual(registry.unclaimed(['a', 'e']), ['e'])
  })
})
