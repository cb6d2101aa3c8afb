// The source coordinator's split assignment tracking for region failover: a reader restarted from
// a checkpoint gets back, through the enumerator, exactly the splits it was given after that
// checkpoint's enumerator snapshot; what a completed checkpoint covers is no longer tracked.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SourceCoordinator } from '../../../src/runtime/source/source-coordinator.js'
import { NumberSequenceSource } from '../../../src/api/connector/source/lib/number-sequence-source.js'
import type { IndexRangeSplit } from '../../../src/api/connector/source/lib/index-range-split.js'
import type { ReaderEvent } from '../../../src/runtime/common/source-events.js'

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

function setUp() {
  const received: string[] = []
  const coordinator = new SourceCoordinator(
    new NumberSequenceSource(0, 99),
    'numbers',
    2,
    {
      sendToReader: (subtask: number, event: ReaderEvent) => {
        if (event.kind === 'addSplits') {
          for (const split of event.splits as IndexRangeSplit[])
            received.push(`${subtask}: ${split.from}-${split.to}`)
        } else received.push(`${subtask}: ${event.kind}`)
      },
    },
    (error) => {
      throw error
    },
  )
  coordinator.start()
  coordinator.registerReader(0)
  coordinator.registerReader(1)
  return { coordinator, received }
}

describe('source coordinator: subtask reset', () => {
  it('gives back the splits assigned after the restored checkpoint', async () => {
    const { coordinator, received } = setUp()
    coordinator.requestSplit(0)
    await tick()
    coordinator.snapshotState(1)
    coordinator.notifyCheckpointComplete(1)
    coordinator.requestSplit(0)
    await tick()
    assert.deepEqual(received, ['0: 0-49', '0: 50-99'])
    // Checkpoint 1 holds 0-49 in reader 0's state; 50-99 came after it and goes back.
    coordinator.subtaskReset(0, 1)
    coordinator.requestSplit(1)
    coordinator.requestSplit(1)
    await tick()
    assert.deepEqual(received.slice(2), ['1: 50-99', '1: noMoreSplits'])
    coordinator.close()
  })

  it('gives back every split when no checkpoint is restored', async () => {
    const { coordinator, received } = setUp()
    coordinator.requestSplit(0)
    await tick()
    coordinator.snapshotState(1) // taken, never completed
    coordinator.requestSplit(0)
    await tick()
    coordinator.subtaskReset(0, 0)
    coordinator.registerReader(0)
    coordinator.requestSplit(0)
    coordinator.requestSplit(0)
    coordinator.requestSplit(0)
    await tick()
    assert.deepEqual(received, ['0: 0-49', '0: 50-99', '0: 0-49', '0: 50-99', '0: noMoreSplits'])
    coordinator.close()
  })

  it('drops a request of the reset attempt that the reset overtook', async () => {
    const { coordinator, received } = setUp()
    // Received before the reset, handled after it: the attempt that asked is gone.
    coordinator.requestSplit(0)
    coordinator.subtaskReset(0, 0)
    await tick()
    assert.deepEqual(received, [])
    // The new attempt gets the split the old one would have been sent.
    coordinator.registerReader(0)
    coordinator.requestSplit(0)
    await tick()
    assert.deepEqual(received, ['0: 0-49'])
    coordinator.close()
  })

  it('refuses to send to a reader that has not registered', async () => {
    const { coordinator, received } = setUp()
    // setUp's registrations are handled on the next turn of the event loop.
    assert.throws(() => coordinator.signalNoMoreSplits(1), {
      message:
        "Split enumerator of 'numbers' sent the end of its splits to reader 1, which is not " +
        'registered: send to readers in handleSplitRequest, in addReader or among registeredReaders()',
    })
    await tick()
    coordinator.signalNoMoreSplits(1)
    assert.deepEqual(received, ['1: noMoreSplits'])
    coordinator.close()
  })
})
