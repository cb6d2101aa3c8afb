// The coordinator side of watermark alignment: readers' reports combine over every source of a
// group, and each registered reader is told the group's lowest watermark plus the allowed drift.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { SourceCoordinator } from '../../../src/runtime/source/source-coordinator.js'
import { WatermarkAlignmentGroups } from '../../../src/runtime/source/watermark-alignment.js'
import type { ReaderEvent } from '../../../src/runtime/common/source-events.js'
import type { AnySource } from '../../../src/api/connector/source/source.js'
import { WatermarkStrategy } from '../../../src/index.js'

const params = { watermarkGroup: 'g', maxAllowedWatermarkDriftMs: 100, updateIntervalMs: 60_000 }

function coordinator(
  sourceId: string,
  groups: WatermarkAlignmentGroups,
  sent: [number, ReaderEvent][],
  alignment = params,
): SourceCoordinator {
  // start() is never called, so the source's enumerator is not needed.
  const source = {} as AnySource<unknown>
  return new SourceCoordinator(
    source,
    sourceId,
    2,
    { sendToReader: (subtask, event) => sent.push([subtask, event]) },
    (e) => assert.fail(e),
    { params: alignment, groups, sourceId },
  )
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
const limits = (sent: [number, ReaderEvent][]): [number, number][] =>
  sent.map(([subtask, e]) => [subtask, e.kind === 'watermarkAlignment' ? e.maxWatermark : NaN])

describe('watermark alignment', () => {
  it('tells every registered reader the lowest reported watermark of the group plus the drift', async () => {
    const groups = new WatermarkAlignmentGroups()
    const sentA: [number, ReaderEvent][] = []
    const sentB: [number, ReaderEvent][] = []
    const a = coordinator('a', groups, sentA)
    const b = coordinator('b', groups, sentB)
    a.registerReader(0)
    a.registerReader(1)
    b.registerReader(0)
    await tick()
    // Nothing is announced before any reader has reported.
    a.announceCombinedWatermark()
    assert.deepEqual(sentA, [])
    a.reportWatermark(0, 5000)
    a.reportWatermark(1, 7000)
    a.announceCombinedWatermark()
    assert.deepEqual(limits(sentA), [
      [0, 5100],
      [1, 5100],
    ])
    // Another source of the group is behind: both sources are held to it.
    b.reportWatermark(0, 1000)
    a.announceCombinedWatermark()
    b.announceCombinedWatermark()
    assert.deepEqual(limits(sentA).slice(2), [
      [0, 1100],
      [1, 1100],
    ])
    assert.deepEqual(limits(sentB), [[0, 1100]])
    // An idle or finished reader reports the maximum watermark and holds nothing back.
    b.reportWatermark(0, Number.POSITIVE_INFINITY)
    a.reportWatermark(0, 8000)
    a.announceCombinedWatermark()
    assert.deepEqual(limits(sentA).slice(4), [
      [0, 7100],
      [1, 7100],
    ])
    a.reportWatermark(1, Number.POSITIVE_INFINITY)
    a.reportWatermark(0, Number.POSITIVE_INFINITY)
    a.announceCombinedWatermark()
    assert.deepEqual(limits(sentA).slice(6), [
      [0, Number.POSITIVE_INFINITY],
      [1, Number.POSITIVE_INFINITY],
    ])
    a.close()
    b.close()
  })

  it('keeps groups apart', async () => {
    const groups = new WatermarkAlignmentGroups()
    const sentA: [number, ReaderEvent][] = []
    const sentB: [number, ReaderEvent][] = []
    const a = coordinator('a', groups, sentA)
    const b = coordinator('b', groups, sentB, { ...params, watermarkGroup: 'other' })
    a.registerReader(0)
    b.registerReader(0)
    await tick()
    a.reportWatermark(0, 5000)
    b.reportWatermark(0, 10)
    a.announceCombinedWatermark()
    b.announceCombinedWatermark()
    assert.deepEqual(limits(sentA), [[0, 5100]])
    assert.deepEqual(limits(sentB), [[0, 110]])
    a.close()
    b.close()
  })

  it('rejects an empty group and non-positive drift or interval, naming the parameter', () => {
    const strategy = WatermarkStrategy.forMonotonousTimestamps<number>()
    assert.throws(() => strategy.withWatermarkAlignment('', 100), /non-empty watermark group/)
    assert.throws(
      () => strategy.withWatermarkAlignment('g', 0),
      /positive maxAllowedWatermarkDriftMs, got 0/,
    )
    assert.throws(
      () => strategy.withWatermarkAlignment('g', 100, -1),
      /positive updateIntervalMs, got -1/,
    )
    assert.deepEqual(strategy.withWatermarkAlignment('g', 100).alignment, {
      watermarkGroup: 'g',
      maxAllowedWatermarkDriftMs: 100,
      updateIntervalMs: 1000,
    })
  })
})
