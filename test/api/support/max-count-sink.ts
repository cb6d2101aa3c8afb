// A sink for keyed running counts ([key, count] records): keeps each key's highest count, which is
// its final count, and how many records it received (replays after a restore count again).
import type { Sink } from '../../../src/index.js'

export class MaxCountSink implements Sink<[number, number]> {
  readonly counts = new Map<number, number>()
  writes = 0
  /** Writes since `mark()` was called (all of them if never). */
  writesSinceMark = 0

  /** Starts counting `writesSinceMark` from zero. */
  mark(): void {
    this.writesSinceMark = 0
  }

  createWriter() {
    return {
      write: ([key, count]: [number, number]) => {
        this.writes++
        this.writesSinceMark++
        this.counts.set(key, Math.max(this.counts.get(key) ?? 0, count))
      },
      flush: () => {},
      close: () => {},
    }
  }

  /** The counts by key, in key order. */
  sorted(): [number, number][] {
    return [...this.counts].sort((a, b) => a[0] - b[0])
  }
}
