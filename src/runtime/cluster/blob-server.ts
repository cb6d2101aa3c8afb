// The JobManager's store of job bundles, addressed by the sha256 of their content, so a
// TaskExecutor fetches each bundle once and identical bundles are stored once. Kept in memory:
// bundles are small (esbuild output) and live as long as the JobManager. Flink: BlobServer.
import { createHash } from 'node:crypto'
import { EddyError } from '../../core/errors.js'
import type { BlobServerGateway } from '../common/gateways.js'

export class BlobServer implements BlobServerGateway {
  private readonly blobs = new Map<string, Uint8Array>()

  /** Stores the bytes and returns their key. */
  put(bytes: Uint8Array): string {
    const key = createHash('sha256').update(bytes).digest('hex')
    if (!this.blobs.has(key)) this.blobs.set(key, bytes)
    return key
  }

  getBlob(key: string): Promise<Uint8Array> {
    const bytes = this.blobs.get(key)
    if (bytes === undefined) {
      return Promise.reject(
        new EddyError(`The BlobServer has no blob ${key}`, { code: 'blob.not-found' }),
      )
    }
    return Promise.resolve(bytes)
  }
}
