// What an operator's state backends and timers contribute to a checkpoint, each as its snapshot
// format's bytes; a backend with nothing registered contributes nothing, and a keyed backend
// whose snapshot the task writes asynchronously (see OperatorChain#snapshotState) adds its
// keyed state and timers when that is done.
import type { OperatorSubtaskState } from '../../common/checkpoint-state.js'
import type { KeyedStateBackend } from '../../state/keyed-state-backend.js'
import type { OperatorStateBackend } from '../../state/operator-state-backend.js'
import { HeapKeyedStateBackend } from '../../state/heap/heap-keyed-state-backend.js'
import { DefaultOperatorStateBackend } from '../../state/default-operator-state-backend.js'
import { snapshotKeyedState } from '../../state/snapshot/keyed-state-snapshot.js'
import { writeOperatorStateSnapshot } from '../../state/snapshot/operator-state-snapshot.js'
import type { InternalTimerService } from '../timers/internal-timer-service.js'
import { snapshotTimers } from '../timers/timer-snapshot.js'

export function snapshotBackends(
  keyed: KeyedStateBackend | undefined,
  operator: OperatorStateBackend | undefined,
  timers: InternalTimerService<unknown> | undefined,
): { -readonly [K in keyof OperatorSubtaskState]: OperatorSubtaskState[K] } {
  const state: { -readonly [K in keyof OperatorSubtaskState]: OperatorSubtaskState[K] } = {}
  const writtenAsync = keyed instanceof HeapKeyedStateBackend && keyed.isSnapshotInProgress()
  if (
    keyed instanceof HeapKeyedStateBackend &&
    !writtenAsync &&
    keyed.getRegisteredKvStates().length > 0
  ) {
    state.keyedState = snapshotKeyedState(keyed).bytes
  }
  if (operator instanceof DefaultOperatorStateBackend) {
    const contents = operator.getStateContents()
    if (contents.length > 0) state.operatorState = writeOperatorStateSnapshot(contents)
  }
  if (timers !== undefined && keyed !== undefined && !writtenAsync) {
    const bytes = snapshotTimers(timers, keyed.keyGroupRange)
    if (bytes !== undefined) state.timers = bytes
  }
  return state
}
