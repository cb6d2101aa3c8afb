// Bucket assigners and rolling policy settings: ids from processing time in a zone, patterns the
// DateTimeBucketAssigner accepts or rejects, and Flink's defaults.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  BasePathBucketAssigner,
  DateTimeBucketAssigner,
  DefaultRollingPolicy,
  OutputFileConfig,
  type BucketAssignerContext,
} from '../../../src/connectors/file/index.js'

function at(time: number): BucketAssignerContext {
  return {
    currentProcessingTime: () => time,
    currentWatermark: () => Number.NEGATIVE_INFINITY,
    timestamp: () => null,
  }
}

const T = Date.UTC(2024, 0, 5, 7, 8, 9) // 2024-01-05T07:08:09Z

describe('DateTimeBucketAssigner', () => {
  it("buckets by hour with Flink's default pattern", () => {
    assert.equal(
      new DateTimeBucketAssigner('yyyy-MM-dd--HH', 'UTC').getBucketId('x', at(T)),
      '2024-01-05--07',
    )
  })

  it('formats every supported field, quoted text and a named time zone', () => {
    const ids = [
      new DateTimeBucketAssigner("yy/MM/dd 'at' HH:mm:ss", 'UTC').getBucketId('x', at(T)),
      new DateTimeBucketAssigner('yyyy-MM-dd--HH', 'Asia/Kolkata').getBucketId('x', at(T)),
      new DateTimeBucketAssigner("HH''mm", 'UTC').getBucketId('x', at(T)),
    ]
    assert.deepStrictEqual(ids, ['24/01/05 at 07:08:09', '2024-01-05--12', "07'08"])
  })

  it('moves to the next bucket when the time crosses into the next hour', () => {
    const assigner = new DateTimeBucketAssigner<string>(undefined, 'UTC')
    const hour = Date.UTC(2024, 0, 5, 8)
    assert.deepStrictEqual(
      [hour - 1, hour, hour + 1].map((t) => assigner.getBucketId('x', at(t))),
      ['2024-01-05--07', '2024-01-05--08', '2024-01-05--08'],
    )
  })

  it('rejects pattern letters it cannot format and unknown time zones', () => {
    assert.throws(() => new DateTimeBucketAssigner('yyyy-MM-dd SSS'), {
      code: 'program.invalid',
      message:
        "DateTimeBucketAssigner cannot format 'yyyy-MM-dd SSS': it has 'SSS'; supported fields " +
        'are yyyy, yy, MM, dd, HH, mm and ss, and literal text in single quotes',
    })
    assert.throws(() => new DateTimeBucketAssigner('HH', 'Nowhere/Atlantis'), {
      message: "DateTimeBucketAssigner: unknown time zone 'Nowhere/Atlantis'",
    })
  })
})

describe('BasePathBucketAssigner', () => {
  it('puts every record into the base path', () => {
    assert.equal(new BasePathBucketAssigner().getBucketId(), '')
  })
})

describe('DefaultRollingPolicy', () => {
  it("has Flink's defaults: 128 MiB, 60 s rollover, 60 s inactivity", () => {
    const policy = DefaultRollingPolicy.builder().build()
    assert.deepStrictEqual(
      [policy.getMaxPartSize(), policy.getRolloverInterval(), policy.getInactivityInterval()],
      [128 * 1024 * 1024, 60_000, 60_000],
    )
  })

  it('rejects a size or interval that is not positive', () => {
    assert.throws(() => DefaultRollingPolicy.builder().withMaxPartSize(0), {
      message: 'DefaultRollingPolicy maxPartSize must be positive, got 0',
    })
  })
})

describe('OutputFileConfig', () => {
  it("defaults to Flink's 'part' prefix and no suffix, and rejects path separators", () => {
    const config = OutputFileConfig.builder().build()
    assert.deepStrictEqual([config.getPartPrefix(), config.getPartSuffix()], ['part', ''])
    assert.throws(() => OutputFileConfig.builder().withPartPrefix('a/b').build(), {
      message: 'OutputFileConfig partPrefix must not contain a path separator',
    })
  })
})
