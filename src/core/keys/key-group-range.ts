// A contiguous, inclusive range of key groups: the share of keyed state one parallel operator
// instance owns, and the unit state is snapshotted and redistributed by on rescaling. Immutable.
// Flink: org.apache.flink.runtime.state.KeyGroupRange.
import { InvalidProgramError } from '../errors.js'

/**
 * Key groups `startKeyGroup..endKeyGroup`, both inclusive. The empty range is `EMPTY` (0..-1).
 *
 * @public
 * @example
 * const range = KeyGroupRange.of(0, 63)
 * range.contains(17) // true
 * range.getNumberOfKeyGroups() // 64
 * for (const keyGroup of range) restore(keyGroup)
 */
export class KeyGroupRange implements Iterable<number> {
  static readonly EMPTY: KeyGroupRange = new KeyGroupRange(0, -1)

  readonly startKeyGroup: number
  readonly endKeyGroup: number

  /** Throws InvalidProgramError unless `0 <= start <= end` (or 0..-1, the empty range). */
  constructor(startKeyGroup: number, endKeyGroup: number) {
    const isEmpty = startKeyGroup === 0 && endKeyGroup === -1
    const isValid =
      Number.isInteger(startKeyGroup) &&
      Number.isInteger(endKeyGroup) &&
      startKeyGroup >= 0 &&
      startKeyGroup <= endKeyGroup
    if (!isEmpty && !isValid) {
      throw new InvalidProgramError(
        `Invalid key group range [${startKeyGroup}, ${endKeyGroup}]: expected integers with ` +
          '0 <= start <= end',
        { startKeyGroup, endKeyGroup },
      )
    }
    this.startKeyGroup = startKeyGroup
    this.endKeyGroup = endKeyGroup
  }

  /** The range start..end, or EMPTY when start > end. */
  static of(startKeyGroup: number, endKeyGroup: number): KeyGroupRange {
    return startKeyGroup <= endKeyGroup
      ? new KeyGroupRange(startKeyGroup, endKeyGroup)
      : KeyGroupRange.EMPTY
  }

  contains(keyGroup: number): boolean {
    return keyGroup >= this.startKeyGroup && keyGroup <= this.endKeyGroup
  }

  getNumberOfKeyGroups(): number {
    return 1 + this.endKeyGroup - this.startKeyGroup
  }

  /** The key group at `index` within this range (`startKeyGroup + index`). */
  getKeyGroupId(index: number): number {
    if (index < 0 || index >= this.getNumberOfKeyGroups()) {
      throw new InvalidProgramError(`Key group index ${index} is outside ${this.toString()}`)
    }
    return this.startKeyGroup + index
  }

  /** The key groups in both ranges; EMPTY when they do not overlap. */
  getIntersection(other: KeyGroupRange): KeyGroupRange {
    const start = Math.max(this.startKeyGroup, other.startKeyGroup)
    const end = Math.min(this.endKeyGroup, other.endKeyGroup)
    return start <= end ? new KeyGroupRange(start, end) : KeyGroupRange.EMPTY
  }

  equals(other: unknown): boolean {
    return (
      other instanceof KeyGroupRange &&
      other.startKeyGroup === this.startKeyGroup &&
      other.endKeyGroup === this.endKeyGroup
    )
  }

  *[Symbol.iterator](): Iterator<number> {
    for (let keyGroup = this.startKeyGroup; keyGroup <= this.endKeyGroup; keyGroup++) yield keyGroup
  }

  toString(): string {
    return `KeyGroupRange{startKeyGroup=${this.startKeyGroup}, endKeyGroup=${this.endKeyGroup}}`
  }
}
