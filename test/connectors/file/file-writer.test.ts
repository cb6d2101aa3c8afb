// The FileSink's writer and committer without a job: part file names, rolling by size, by
// inactivity and by rollover interval on manual processing time, buckets, idempotent commits, and
// a restored writer that goes on counting.
import assert from 'node:assert/strict'
import { existsSync } from 'node:fs'
import { afterEach, beforeEach, describe, it } from 'node:test'
import {
  BasePathBucketAssigner,
  DateTimeBucketAssigner,
  DefaultRollingPolicy,
  FileCommitter,
  FileSink,
  OnCheckpointRollingPolicy,
  OutputFileConfig,
  SimpleStringEncoder,
  readFinishedLines,
  type FileSinkCommittable,
  type RollingPolicy,
} from '../../../src/connectors/file/index.js'
import { ManualProcessingTimeService } from '../../../src/runtime/task/processing-time-service.js'
import { DefaultCommitRequest } from '../../../src/runtime/task/operators/sink/default-commit-request.js'
import { NO_CONTEXT, listFiles, tempBasePath, writerInitContext } from './support.js'

let base: { path: string; remove: () => void }
beforeEach(() => (base = tempBasePath()))
afterEach(() => base.remove())

function commitAll(committables: readonly FileSinkCommittable[]): string[] {
  const requests = committables.map((c) => new DefaultCommitRequest(c, 0))
  new FileCommitter().commit(requests)
  return requests.map((r) => r.state)
}

function sink(
  policy: RollingPolicy<string> = DefaultRollingPolicy.builder().build<string>(),
): FileSink<string> {
  return FileSink.forRowFormat(base.path, new SimpleStringEncoder<string>())
    .withBucketAssigner(new BasePathBucketAssigner())
    .withRollingPolicy(policy)
    .withBucketCheckInterval(1_000)
    .build()
}

describe('FileWriter', () => {
  it('writes hidden in-progress files that a commit renames to their finished names', () => {
    const writer = sink().createWriter(writerInitContext())
    writer.write('a', NO_CONTEXT)
    writer.write('b', NO_CONTEXT)
    writer.flush()
    assert.deepStrictEqual(listFiles(base.path), { '.part-<id1>-0.inprogress.<id2>': 'a\nb\n' })
    const committables = writer.prepareCommit()
    assert.deepStrictEqual(readFinishedLines(base.path), [])
    assert.deepStrictEqual(commitAll(committables), ['RECEIVED'])
    assert.deepStrictEqual(listFiles(base.path), { 'part-<id1>-0': 'a\nb\n' })
    writer.close()
  })

  it('keeps records in memory until a flush', () => {
    const writer = sink().createWriter(writerInitContext())
    writer.write('a', NO_CONTEXT)
    assert.deepStrictEqual(listFiles(base.path), { '.part-<id1>-0.inprogress.<id2>': '' })
    writer.flush()
    assert.deepStrictEqual(listFiles(base.path), { '.part-<id1>-0.inprogress.<id2>': 'a\n' })
    writer.close()
  })

  it('rolls a part file once it is larger than the maximum part size', () => {
    const policy = DefaultRollingPolicy.builder().withMaxPartSize(10).build<string>()
    const writer = sink(policy).createWriter(writerInitContext())
    for (let i = 0; i < 7; i++) writer.write(`r00${i}`, NO_CONTEXT)
    commitAll(writer.prepareCommit())
    // Checked before each record, as Flink does: a file takes records until it exceeds 10 bytes.
    assert.deepStrictEqual(listFiles(base.path), {
      'part-<id1>-0': 'r000\nr001\nr002\n',
      'part-<id1>-1': 'r003\nr004\nr005\n',
      'part-<id1>-2': 'r006\n',
    })
    writer.close()
  })

  it('counts bytes, not characters, and writes records larger than its buffer', () => {
    const policy = DefaultRollingPolicy.builder().withMaxPartSize(3).build<string>()
    const writer = sink(policy).createWriter(writerInitContext())
    const big = 'x'.repeat(100_000)
    writer.write('ü', NO_CONTEXT) // 3 bytes with the line feed: not above 3
    writer.write('é', NO_CONTEXT)
    writer.write(big, NO_CONTEXT)
    commitAll(writer.prepareCommit())
    assert.deepStrictEqual(listFiles(base.path), {
      'part-<id1>-0': 'ü\né\n',
      'part-<id1>-1': `${big}\n`,
    })
    writer.close()
  })

  it('rolls a part file that received nothing for the inactivity interval', () => {
    const pts = new ManualProcessingTimeService()
    const policy = DefaultRollingPolicy.builder()
      .withInactivityInterval(3_000)
      .withRolloverInterval(60_000)
      .build<string>()
    const writer = sink(policy).createWriter(writerInitContext(pts))
    writer.write('a', NO_CONTEXT)
    pts.setCurrentTime(1_500)
    writer.write('b', NO_CONTEXT)
    pts.setCurrentTime(4_000) // checked at 4000: 2500 ms inactive
    writer.write('c', NO_CONTEXT)
    pts.setCurrentTime(8_000) // checked at 5000, 6000, 7000: inactive for 3000 ms at 7000
    writer.write('d', NO_CONTEXT)
    commitAll(writer.prepareCommit())
    assert.deepStrictEqual(listFiles(base.path), {
      'part-<id1>-0': 'a\nb\nc\n',
      'part-<id1>-1': 'd\n',
    })
    writer.close()
  })

  it('rolls a part file at the rollover interval while records keep arriving', () => {
    const pts = new ManualProcessingTimeService()
    const policy = DefaultRollingPolicy.builder().withRolloverInterval(2_500).build<string>()
    const writer = sink(policy).createWriter(writerInitContext(pts))
    for (let t = 0; t <= 6_000; t += 1_000) {
      pts.setCurrentTime(t)
      writer.write(`at ${t}`, NO_CONTEXT)
    }
    commitAll(writer.prepareCommit())
    // Opened at 0, rolled at the check at 3000; the next opened at 3000, rolled at 6000.
    assert.deepStrictEqual(listFiles(base.path), {
      'part-<id1>-0': 'at 0\nat 1000\nat 2000\n',
      'part-<id1>-1': 'at 3000\nat 4000\nat 5000\n',
      'part-<id1>-2': 'at 6000\n',
    })
    writer.close()
  })

  it('rolls only at checkpoints with the OnCheckpointRollingPolicy', () => {
    const pts = new ManualProcessingTimeService()
    const writer = sink(OnCheckpointRollingPolicy.build()).createWriter(writerInitContext(pts))
    writer.write('a', NO_CONTEXT)
    pts.setCurrentTime(1_000_000)
    writer.write('b', NO_CONTEXT)
    commitAll(writer.prepareCommit())
    writer.write('c', NO_CONTEXT)
    commitAll(writer.prepareCommit())
    assert.deepStrictEqual(listFiles(base.path), {
      'part-<id1>-0': 'a\nb\n',
      'part-<id1>-1': 'c\n',
    })
    writer.close()
  })

  it('names part files with the output file config and buckets them by processing time', () => {
    const pts = new ManualProcessingTimeService(Date.UTC(2024, 4, 17, 13, 59, 59))
    const writer = FileSink.forRowFormat(base.path, new SimpleStringEncoder<string>())
      .withBucketAssigner(new DateTimeBucketAssigner('yyyy-MM-dd--HH', 'UTC'))
      .withOutputFileConfig(
        OutputFileConfig.builder().withPartPrefix('events').withPartSuffix('.txt').build(),
      )
      .build()
      .createWriter(writerInitContext(pts))
    writer.write('a', NO_CONTEXT)
    pts.setCurrentTime(Date.UTC(2024, 4, 17, 14, 0, 0))
    writer.write('b', NO_CONTEXT)
    commitAll(writer.prepareCommit())
    assert.deepStrictEqual(listFiles(base.path), {
      '2024-05-17--13/events-<id1>-0.txt': 'a\n',
      '2024-05-17--14/events-<id1>-0.txt': 'b\n',
    })
    writer.close()
  })

  it('leaves an uncommitted part file behind as a hidden in-progress file when closed', () => {
    const writer = sink().createWriter(writerInitContext())
    writer.write('a', NO_CONTEXT)
    writer.close()
    // Buffered records are dropped: a writer closes early only when its task failed or stopped.
    assert.deepStrictEqual(listFiles(base.path), { '.part-<id1>-0.inprogress.<id2>': '' })
    assert.deepStrictEqual(readFinishedLines(base.path), [])
  })

  it('goes on counting part files after a restore, under a new unique id', () => {
    const fileSink = sink()
    const first = fileSink.createWriter(writerInitContext())
    first.write('a', NO_CONTEXT)
    commitAll(first.prepareCommit())
    first.write('b', NO_CONTEXT)
    commitAll(first.prepareCommit())
    const serializer = fileSink.getWriterStateSerializer()
    const state = first
      .snapshotState()
      .map((s) => serializer.deserialize(serializer.getVersion(), serializer.serialize(s)))
    assert.deepStrictEqual(state, [{ bucketId: '', bucketPath: base.path, partCounter: 2 }])
    first.close()
    const restored = fileSink.restoreWriter(writerInitContext(), state)
    restored.write('c', NO_CONTEXT)
    commitAll(restored.prepareCommit())
    restored.close()
    assert.deepStrictEqual(listFiles(base.path), {
      'part-<id1>-0': 'a\n',
      'part-<id1>-1': 'b\n',
      'part-<id2>-2': 'c\n',
    })
  })
})

describe('FileCommitter', () => {
  it('reports a part file committed before as already committed', () => {
    const writer = sink().createWriter(writerInitContext())
    writer.write('a', NO_CONTEXT)
    const committables = writer.prepareCommit()
    assert.deepStrictEqual(commitAll(committables), ['RECEIVED'])
    assert.deepStrictEqual(commitAll(committables), ['COMMITTED'])
    assert.deepStrictEqual(readFinishedLines(base.path), ['a'])
    writer.close()
  })

  it('fails a commit whose part file is gone and was never committed', () => {
    const committable: FileSinkCommittable = {
      bucketId: '',
      inProgressPath: `${base.path}/.part-x-0.inprogress.y`,
      targetPath: `${base.path}/part-x-0`,
    }
    const request = new DefaultCommitRequest(committable, 0)
    new FileCommitter().commit([request])
    assert.equal(request.state, 'FAILED_UNKNOWN')
    assert.match(String(request.failure), /Could not commit part file .*part-x-0/)
    assert.equal(existsSync(committable.targetPath), false)
  })

  it('serializes committables with their version', () => {
    const serializer = sink().getCommittableSerializer()
    const committable = { bucketId: 'b', inProgressPath: '/x/.p.inprogress.1', targetPath: '/x/p' }
    assert.deepStrictEqual(
      serializer.deserialize(serializer.getVersion(), serializer.serialize(committable)),
      committable,
    )
    assert.throws(
      () => serializer.deserialize(99, serializer.serialize(committable)),
      /Unknown FileSinkCommittable version 99/,
    )
  })
})
