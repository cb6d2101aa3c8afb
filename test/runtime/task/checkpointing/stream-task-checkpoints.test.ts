// Checkpoints at one StreamTask (a map and sink, fed by its upstream's RecordWriter): a checkpoint
// the coordinator aborts before its barrier reaches the task is passed on without a snapshot (nobody
// would read it), as Flink's SubtaskCheckpointCoordinatorImpl does; an acknowledgement that cannot
// be delivered declines the checkpoint instead of failing the task, and a task whose input ends
// meanwhile reports FINISHED only after that (FLIP-147's wait for the last checkpoint).
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DiscardingSink,
  RichMapFunction,
  StreamExecutionEnvironment,
  type CheckpointListener,
  type CheckpointedFunction,
  type FunctionSnapshotContext,
} from '../../../../src/index.js'
import { Configuration } from '../../../../src/core/config/configuration.js'
import { SystemClock } from '../../../../src/core/time/clock.js'
import type { CheckpointBarrier } from '../../../../src/runtime/common/checkpoint-barrier.js'
import type { CheckpointResponder } from '../../../../src/runtime/common/checkpoint-state.js'
import { TaskWiring } from '../../../../src/runtime/cluster/task-wiring.js'
import { createStreamTask } from '../../../../src/runtime/task/stream-task-factory.js'
import { jobGraphOf } from '../../../it/support.js'

/** What the map function saw; each subtask runs its own copy of the function. */
const events: string[] = []

class Recording
  extends RichMapFunction<string, string>
  implements CheckpointedFunction, CheckpointListener
{
  map(value: string): string {
    events.push(`map ${value}`)
    return value
  }

  initializeState(): void {}

  snapshotState(context: FunctionSnapshotContext): void {
    events.push(`snapshotState ${context.getCheckpointId()}`)
  }

  notifyCheckpointComplete(checkpointId: number): void {
    events.push(`complete ${checkpointId}`)
  }

  notifyCheckpointAborted(checkpointId: number): void {
    events.push(`aborted ${checkpointId}`)
  }
}

const barrier = (checkpointId: number, targetLocation?: string): CheckpointBarrier => ({
  checkpointId,
  timestamp: 0,
  mode: 'EXACTLY_ONCE',
  targetLocation,
})

/** The started task of `map(new Recording())` and the writer of its upstream. */
function mapTask(checkpointResponder: CheckpointResponder) {
  const env = StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(1)
  const sink = env.fromData('x').rebalance().map(new Recording()).sinkTo(new DiscardingSink())
  const jobGraph = jobGraphOf(env, [sink])
  const [sourceVertex, mapVertex] = jobGraph.vertices
  const wiring = new TaskWiring(jobGraph, new Configuration())
  const upstream = [...wiring.writersOf(sourceVertex!, 0).values()][0]!
  const task = createStreamTask({
    jobId: jobGraph.jobId,
    vertex: mapVertex!,
    streamGraph: jobGraph.streamGraph,
    subtaskIndex: 0,
    attemptNumber: 0,
    writers: wiring.writersOf(mapVertex!, 0),
    gates: () => wiring.gatesOf(mapVertex!, 0),
    sourceCoordinator: undefined,
    objectReuse: false,
    bufferTimeoutMs: -1,
    clock: SystemClock.INSTANCE,
    checkpointResponder,
  })
  task.start()
  return { task, upstream }
}

describe('checkpoints at a StreamTask', () => {
  it('a checkpoint aborted before its barrier arrives is passed on without a snapshot', async () => {
    events.length = 0
    const acknowledged: number[] = []
    const { task, upstream } = mapTask({
      acknowledgeCheckpoint: (id) => acknowledged.push(id),
      declineCheckpoint: (id, reason) => assert.fail(`declined ${id}: ${reason}`),
    })
    task.notifyCheckpointAborted(1)
    // The abort is a mail: let the task take it before any input exists.
    for (let i = 0; i < 100 && !events.includes('aborted 1'); i++) {
      await new Promise((resolve) => setImmediate(resolve))
    }
    upstream.emit('a', Number.NaN)
    upstream.broadcastCheckpointBarrier(barrier(1))
    upstream.emit('b', Number.NaN)
    upstream.broadcastCheckpointBarrier(barrier(2))
    upstream.emit('c', Number.NaN)
    upstream.flushAll()
    upstream.broadcastEndOfPartition()
    await task.termination
    assert.deepEqual(events, ['aborted 1', 'map a', 'map b', 'snapshotState 2', 'map c'])
    assert.deepEqual(acknowledged, [2])
  })

  it('an acknowledgement the responder cannot take declines the checkpoint', async () => {
    events.length = 0
    const directory = await mkdtemp(join(tmpdir(), 'eddy-task-ack-'))
    const declined: string[] = []
    const { task, upstream } = mapTask({
      acknowledgeCheckpoint: (id) => {
        throw new Error(`the JobManager is gone (checkpoint ${id})`)
      },
      declineCheckpoint: (id, reason) => declined.push(`${id}: ${reason}`),
    })
    try {
      upstream.emit('a', Number.NaN)
      upstream.broadcastCheckpointBarrier(barrier(1, directory))
      upstream.flushAll()
      upstream.broadcastEndOfPartition()
      // Ends right behind the barrier: settled only once the checkpoint is reported.
      await task.termination
      assert.deepEqual(events, ['map a', 'snapshotState 1'])
      assert.deepEqual(declined, [
        '1: Map -> Sink: Sink (1/1)#0 could not acknowledge the checkpoint: the JobManager is gone (checkpoint 1)',
      ])
    } finally {
      await rm(directory, { recursive: true, force: true })
    }
  })
})
