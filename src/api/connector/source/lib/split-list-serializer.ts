// The enumerator state of sources whose enumerator holds a list of splits: the number of splits
// (u32), then each split's length (u32) and bytes in the split serializer's format. The list's
// version is its split serializer's.
import { SerializationError } from '../../../../core/errors.js'
import type { SimpleVersionedSerializer } from '../source.js'

export class SplitListSerializer<S> implements SimpleVersionedSerializer<S[]> {
  private readonly split: SimpleVersionedSerializer<S>
  /** What the bytes are, for errors: "index range enumerator state". */
  private readonly what: string

  constructor(split: SimpleVersionedSerializer<S>, what: string) {
    this.split = split
    this.what = what
  }

  getVersion(): number {
    return this.split.getVersion()
  }

  serialize(splits: S[]): Uint8Array {
    const parts = splits.map((s) => this.split.serialize(s))
    const bytes = new Uint8Array(4 + parts.reduce((n, p) => n + 4 + p.length, 0))
    const view = new DataView(bytes.buffer)
    view.setUint32(0, parts.length)
    let at = 4
    for (const part of parts) {
      view.setUint32(at, part.length)
      bytes.set(part, at + 4)
      at += 4 + part.length
    }
    return bytes
  }

  deserialize(version: number, bytes: Uint8Array): S[] {
    const fail = (): SerializationError =>
      new SerializationError(
        `Cannot read ${this.what} of version ${version} from ${bytes.length} bytes`,
        { domain: 'internal' },
      )
    if (version !== this.getVersion() || bytes.length < 4) throw fail()
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    const count = view.getUint32(0)
    const splits: S[] = []
    let at = 4
    for (let i = 0; i < count; i++) {
      if (at + 4 > bytes.length) throw fail()
      const length = view.getUint32(at)
      if (at + 4 + length > bytes.length) throw fail()
      splits.push(this.split.deserialize(version, bytes.subarray(at + 4, at + 4 + length)))
      at += 4 + length
    }
    return splits
  }
}
