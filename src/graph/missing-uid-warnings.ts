// Flink's docs advise a uid on every stateful operator once checkpoints or savepoints are used:
// without one, an operator's state is stored under an id generated from the topology, which a
// change to the job upstream of it moves, and the state is then not found on restore. The client
// calls `warnAboutMissingUids` when it submits a job, with a logger of its own.
import {
  CheckpointingOptions,
  isCheckpointingEnabled,
} from '../core/config/checkpointing-options.js'
import type { Configuration } from '../core/config/configuration.js'
import { SavepointConfigOptions } from '../core/config/savepoint-config-options.js'
import type { Logger } from '../core/logging/logger.js'
import { isSupportsCommitter } from '../api/connector/sink/committer.js'
import { isSupportsWriterState } from '../api/connector/sink/supports-writer-state.js'
import { operatorIdOf, type StreamGraph, type StreamNode } from './stream-graph.js'

/**
 * Logs one warning per stateful operator without uid, when the job takes checkpoints, starts from
 * a savepoint or has a default savepoint directory; returns the operators warned about.
 */
export function warnAboutMissingUids(
  graph: StreamGraph,
  configuration: Configuration,
  log: Logger,
): StreamNode[] {
  if (!hasCheckpointsOrSavepoints(configuration)) return []
  const nodes = statefulOperatorsWithoutUid(graph)
  for (const node of nodes) {
    const operatorId = operatorIdOf(node)
    log.warn(
      { operator: node.operatorName, operatorId },
      `Operator '${node.operatorName}' has no uid: its state is mapped by a generated id ` +
        `(${operatorId}) that changes with the job's topology, so a changed job may not find ` +
        `it in a savepoint or checkpoint. Set a uid with .uid(...).`,
    )
  }
  return nodes
}

/** Stateful operators (see `isStateful`) that have no uid, in node id order. */
export function statefulOperatorsWithoutUid(graph: StreamGraph): StreamNode[] {
  return [...graph.nodes.values()]
    .filter((n) => n.uid === undefined && isStateful(n))
    .sort((a, b) => a.id - b.id)
}

function hasCheckpointsOrSavepoints(configuration: Configuration): boolean {
  return (
    isCheckpointingEnabled(configuration) ||
    configuration.getOptional(SavepointConfigOptions.SAVEPOINT_PATH) !== undefined ||
    configuration.getOptional(CheckpointingOptions.SAVEPOINT_DIRECTORY) !== undefined
  )
}

/**
 * Whether the operator can hold state that goes into snapshots: sources (their readers' splits),
 * keyed operators, broadcast state, and sinks whose writers have state or committables. Other
 * operators' functions can reach keyed state only, so they are stateful only when keyed.
 */
function isStateful(node: StreamNode): boolean {
  if (node.isKeyed()) return true
  const operator = node.operator
  switch (operator.kind) {
    case 'source':
    case 'broadcastProcess':
    case 'keyedBroadcastProcess':
      return true
    case 'sink':
      return isSupportsWriterState(operator.sink) || isSupportsCommitter(operator.sink)
    default:
      return false
  }
}
