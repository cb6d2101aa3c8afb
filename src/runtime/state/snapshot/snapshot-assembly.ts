// The last step of a snapshot written key group by key group: copying the header, the sections
// and the trailer into one byte array. A large snapshot's copy takes tens of milliseconds and
// runs on the task thread, so it is done in slices (`copySome`) like the sections themselves.
import { crc32 } from 'node:zlib'

export class SnapshotAssembly {
  readonly bytes: Uint8Array
  private readonly pieces: readonly Uint8Array[]
  /** When set, the last 4 bytes get the CRC-32 (big-endian) of everything before them. */
  private readonly trailingChecksum: boolean
  private next = 0
  private position = 0
  private crc = 0

  constructor(pieces: readonly Uint8Array[], trailingChecksum: boolean) {
    this.pieces = pieces
    this.trailingChecksum = trailingChecksum
    let size = trailingChecksum ? 4 : 0
    for (const piece of pieces) size += piece.length
    this.bytes = new Uint8Array(size)
  }

  /** Copies pieces until `deadline` (performance.now() time; at least one); whether all are. */
  copySome(deadline: number): boolean {
    const pieces = this.pieces
    while (this.next < pieces.length) {
      const piece = pieces[this.next++]!
      this.bytes.set(piece, this.position)
      this.position += piece.length
      if (this.trailingChecksum) this.crc = crc32(piece, this.crc)
      if (performance.now() >= deadline) break
    }
    if (this.next < pieces.length) return false
    if (this.trailingChecksum && this.position + 4 === this.bytes.length) {
      new DataView(this.bytes.buffer, this.bytes.byteOffset).setUint32(
        this.position,
        this.crc >>> 0,
      )
      this.position += 4
    }
    return true
  }
}
