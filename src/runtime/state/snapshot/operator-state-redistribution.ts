// Decides what operator state one new subtask restores from the snapshots of all old subtasks,
// as Flink's RoundRobinOperatorStateRepartitioner does: SPLIT_DISTRIBUTE elements of all old
// subtasks are split evenly in contiguous runs (each subtask keeps its own when the parallelism
// is unchanged), UNION gives everyone everything, BROADCAST gives new subtask i the copy of old
// subtask i % (number of old copies). Pure and deterministic: the same inputs, the same answer.
// Flink: org.apache.flink.runtime.checkpoint.RoundRobinOperatorStateRepartitioner.
import type { DefaultOperatorStateBackend } from '../default-operator-state-backend.js'
import { StateError } from '../state-error.js'
import { schemaOf } from './type-schema.js'
import type {
  BroadcastStateContents,
  OperatorListStateContents,
  OperatorStateContents,
} from './operator-state-contents.js'
import { readOperatorStateSnapshot } from './operator-state-snapshot.js'

/**
 * The operator state subtask `subtaskIndex` of `newParallelism` restores. `oldSnapshots[i]` is old
 * subtask i's snapshot (from `snapshotOperatorState`), or undefined if it had no operator state.
 * States come in the order they first appear in the old snapshots; every state named in any old
 * snapshot is in the answer, with no elements if this subtask gets none. The elements and entries
 * are decoded for this call alone, so subtasks never share objects.
 *
 * @example
 * // Scaling from 2 to 3 subtasks: subtask 2 of the new 3.
 * const restored = redistributeOperatorState([old0, old1], 3, 2)
 * restoreOperatorState(backend, restored)
 */
export function redistributeOperatorState(
  oldSnapshots: readonly (Uint8Array | undefined)[],
  newParallelism: number,
  subtaskIndex: number,
): OperatorStateContents[] {
  checkSubtask(newParallelism, subtaskIndex)
  const old = oldSnapshots.map((bytes) =>
    bytes === undefined ? [] : readOperatorStateSnapshot(bytes),
  )
  const result: OperatorStateContents[] = []
  for (const copies of groupByName(old)) {
    const first = copies.find((c) => c !== undefined)!
    if (first.mode === 'BROADCAST') {
      const held = copies.filter((c) => c !== undefined) as BroadcastStateContents[]
      result.push(held[subtaskIndex % held.length]!)
      continue
    }
    const lists = copies as (OperatorListStateContents | undefined)[]
    result.push({
      mode: first.mode,
      name: first.name,
      elementType: first.elementType,
      elements: elementsFor(lists, first.mode, newParallelism, subtaskIndex),
    })
  }
  return result
}

/**
 * Hands `states` (from `redistributeOperatorState`) to `backend`, which gives them to the
 * operator when it asks for each name. Call before the operator opens.
 */
export function restoreOperatorState(
  backend: DefaultOperatorStateBackend,
  states: readonly OperatorStateContents[],
): void {
  for (const state of states) backend.addRestoredState(state)
}

function elementsFor(
  lists: readonly (OperatorListStateContents | undefined)[],
  mode: OperatorListStateContents['mode'],
  newParallelism: number,
  subtaskIndex: number,
): unknown[] {
  if (mode === 'SPLIT_DISTRIBUTE' && lists.length === newParallelism) {
    // Unchanged parallelism: every subtask keeps what it had (Flink keeps the old handles).
    return (lists[subtaskIndex]?.elements ?? []).slice()
  }
  const all: unknown[] = []
  for (const list of lists) {
    // A loop, not push(...elements): spreading a long list overflows the call stack.
    if (list !== undefined) for (const element of list.elements) all.push(element)
  }
  if (mode === 'UNION') return all
  const base = Math.floor(all.length / newParallelism)
  const remainder = all.length % newParallelism
  const start = subtaskIndex * base + Math.min(subtaskIndex, remainder)
  return all.slice(start, start + base + (subtaskIndex < remainder ? 1 : 0))
}

/**
 * Per state name (list and broadcast names apart), its contents in each old subtask (undefined
 * where absent), in order of first appearance. The copies must agree on mode and types.
 */
function groupByName(
  old: readonly OperatorStateContents[][],
): (OperatorStateContents | undefined)[][] {
  const byName = new Map<string, (OperatorStateContents | undefined)[]>()
  for (let i = 0; i < old.length; i++) {
    for (const state of old[i]!) {
      const id = `${state.mode === 'BROADCAST' ? 'b' : 'l'}:${state.name}`
      let copies = byName.get(id)
      if (copies === undefined) {
        copies = new Array<OperatorStateContents | undefined>(old.length).fill(undefined)
        byName.set(id, copies)
      }
      const first = copies.find((c) => c !== undefined)
      if (first !== undefined) checkConsistent(first, state)
      copies[i] = state
    }
  }
  return Array.from(byName.values())
}

function checkConsistent(a: OperatorStateContents, b: OperatorStateContents): void {
  if (describeMeta(a) === describeMeta(b)) return
  throw new StateError(
    `Cannot redistribute operator state '${a.name}': the old subtasks' snapshots disagree on ` +
      `it (${describeMeta(a)} in one, ${describeMeta(b)} in another)`,
    {
      code: 'state.inconsistent-snapshots',
      domain: 'internal',
      failureType: 'NonRecoverableError',
      context: { stateName: a.name },
    },
  )
}

function describeMeta(state: OperatorStateContents): string {
  return state.mode === 'BROADCAST'
    ? `BROADCAST of ${schemaOf(state.keyType)} → ${schemaOf(state.valueType)}`
    : `${state.mode} of ${schemaOf(state.elementType)}`
}

function checkSubtask(newParallelism: number, subtaskIndex: number): void {
  const isValid =
    Number.isInteger(newParallelism) &&
    newParallelism >= 1 &&
    Number.isInteger(subtaskIndex) &&
    subtaskIndex >= 0 &&
    subtaskIndex < newParallelism
  if (!isValid) {
    throw new StateError(
      `Cannot redistribute operator state to subtask ${subtaskIndex} of parallelism ` +
        `${newParallelism}: expected integers with 0 <= subtask < parallelism`,
      {
        code: 'state.invalid-subtask',
        domain: 'internal',
        context: { newParallelism, subtaskIndex },
      },
    )
  }
}
