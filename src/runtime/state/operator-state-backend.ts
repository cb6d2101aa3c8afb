// The contract for operator (non-keyed) state: list states that are redistributed on rescaling
// (even split or union) and broadcast state (the same map in every subtask).
// Threading: one backend per operator per subtask, used only on the task's thread.
// Flink: org.apache.flink.runtime.state.OperatorStateBackend, OperatorStateHandle.Mode.
import type { OperatorStateStore } from '../../api/state/checkpointed-function.js'

/**
 * How a state's entries are handed out when an operator restores with a new parallelism, named as
 * Flink's OperatorStateHandle.Mode: SPLIT_DISTRIBUTE splits all subtasks' elements evenly, UNION
 * gives every subtask all elements, BROADCAST gives every subtask one (identical) copy.
 */
export type OperatorStateRedistributionMode = 'SPLIT_DISTRIBUTE' | 'UNION' | 'BROADCAST'

/**
 * Operator state of one operator in one subtask: what a CheckpointedFunction sees (the
 * OperatorStateStore), and disposal, which is the task's.
 *
 * Contract: states are created on first use and cached by name; asking for a name again returns
 * the same object. A list-state name is bound to its redistribution mode: asking for it with the
 * other mode is an error. List and broadcast states have separate name spaces, as in Flink.
 */
export interface OperatorStateBackend extends OperatorStateStore {
  /** Drops all state. The backend must not be used afterwards. */
  dispose(): void
}
