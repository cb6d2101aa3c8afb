// One open part file: records are encoded into a memory buffer that is written to the file with
// one synchronous write when it fills, and at each flush, roll or checkpoint; never one system
// call per record. Task thread only.
// Flink: org.apache.flink.streaming.api.functions.sink.filesystem.OutputStreamBasedPartFileWriter.
import { closeSync, openSync, writeSync } from 'node:fs'
import type { EncoderOutputStream } from './encoder.js'
import type { FileSinkCommittable } from './file-sink-committable.js'
import type { PartFileInfo } from './rolling-policy.js'

/** Big enough that a write per buffer costs little per record; small per open bucket. */
const BUFFER_SIZE = 64 * 1024
/** The most bytes one UTF-16 code unit takes in any Node encoding (utf8: 3). */
const MAX_BYTES_PER_CHAR = 3

export class InProgressPartFile implements EncoderOutputStream, PartFileInfo {
  readonly bucketId: string
  readonly inProgressPath: string
  readonly targetPath: string
  private readonly creationTime: number
  private lastUpdateTime: number
  private readonly fd: number
  private readonly buffer = Buffer.allocUnsafe(BUFFER_SIZE)
  private position = 0
  private size = 0

  constructor(bucketId: string, inProgressPath: string, targetPath: string, creationTime: number) {
    this.bucketId = bucketId
    this.inProgressPath = inProgressPath
    this.targetPath = targetPath
    this.creationTime = creationTime
    this.lastUpdateTime = creationTime
    // 'wx': the name is new (unique id and counter); an existing file is a bug, not to overwrite.
    this.fd = openSync(inProgressPath, 'wx')
  }

  writeString(text: string, encoding: BufferEncoding = 'utf8'): void {
    const room = BUFFER_SIZE - this.position
    if (text.length * MAX_BYTES_PER_CHAR > room) {
      this.flush()
      if (text.length * MAX_BYTES_PER_CHAR > BUFFER_SIZE) {
        this.writeToFile(Buffer.from(text, encoding))
        return
      }
    }
    const n = this.buffer.write(text, this.position, encoding)
    this.position += n
    this.size += n
  }

  write(bytes: Uint8Array): void {
    if (bytes.length > BUFFER_SIZE - this.position) {
      this.flush()
      if (bytes.length > BUFFER_SIZE) {
        this.writeToFile(bytes)
        return
      }
    }
    this.buffer.set(bytes, this.position)
    this.position += bytes.length
    this.size += bytes.length
  }

  /** A record was written at `time`. */
  markUpdated(time: number): void {
    this.lastUpdateTime = time
  }

  /** Hands the buffered bytes to the file (to the OS; no fsync). */
  flush(): void {
    if (this.position === 0) return
    writeFully(this.fd, this.buffer.subarray(0, this.position))
    this.position = 0
  }

  /** Flushes and closes the file; it is then ready to be committed. */
  closeForCommit(): FileSinkCommittable {
    this.flush()
    closeSync(this.fd)
    return {
      bucketId: this.bucketId,
      inProgressPath: this.inProgressPath,
      targetPath: this.targetPath,
    }
  }

  /** Closes the file without committing it: it stays behind as a hidden in-progress file. */
  dispose(): void {
    closeSync(this.fd)
  }

  getBucketId(): string {
    return this.bucketId
  }

  getCreationTime(): number {
    return this.creationTime
  }

  getLastUpdateTime(): number {
    return this.lastUpdateTime
  }

  getSize(): number {
    return this.size
  }

  private writeToFile(bytes: Uint8Array): void {
    writeFully(this.fd, bytes)
    this.size += bytes.length
  }
}

/** writeSync may write less than asked (rare on files); loops until every byte is written. */
function writeFully(fd: number, bytes: Uint8Array): void {
  let offset = 0
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset)
}
