// Makes part files visible: renames each closed in-progress file to its finished name (atomic on
// one file system). Idempotent, as commits after a recovery require: a source that is gone while
// its target exists was committed before.
// Flink: org.apache.flink.connector.file.sink.committer.FileCommitter (commitAfterRecovery).
import { existsSync, renameSync } from 'node:fs'
import type { CommitRequest, Committer } from '../../api/connector/sink/committer.js'
import { EddyError } from '../../core/errors.js'
import type { FileSinkCommittable } from './file-sink-committable.js'

export class FileCommitter implements Committer<FileSinkCommittable> {
  commit(requests: readonly CommitRequest<FileSinkCommittable>[]): void {
    for (const request of requests) {
      const { inProgressPath, targetPath } = request.getCommittable()
      try {
        renameSync(inProgressPath, targetPath)
      } catch (e: unknown) {
        if (isNotFound(e) && existsSync(targetPath)) {
          request.signalAlreadyCommitted()
          continue
        }
        request.signalFailedWithUnknownReason(
          new EddyError(`Could not commit part file ${inProgressPath} as ${targetPath}`, {
            code: 'file-sink.commit-failed',
            domain: 'external',
            context: { inProgressPath, targetPath },
            cause: e,
          }),
        )
      }
    }
  }

  close(): void {}
}

function isNotFound(e: unknown): boolean {
  return e instanceof Error && (e as NodeJS.ErrnoException).code === 'ENOENT'
}
