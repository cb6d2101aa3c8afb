// The checkpoint statistics of a job running in process, for the checkpointing benchmarks: the
// MiniCluster's job client exposes its coordinator (not part of the JobClient API).
import type { JobClient } from '../src/index.js'
import type { CheckpointStats } from '../src/runtime/checkpoint/checkpoint-coordinator.js'

export function checkpointHistory(client: JobClient): readonly CheckpointStats[] {
  const coordinator = (
    client as { checkpointCoordinator?: { getHistory(): readonly CheckpointStats[] } }
  ).checkpointCoordinator
  return coordinator?.getHistory() ?? []
}
