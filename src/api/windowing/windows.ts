// The windows records are grouped into. A window's `maxTimestamp()` is the last event time it
// holds: its results carry that timestamp and an event-time window fires when the watermark
// reaches it. Windows are state namespaces, so `toString()` is their identity.
// Flink: org.apache.flink.streaming.api.windowing.windows.{Window, TimeWindow, GlobalWindow}.
import { NAMESPACE_KEY, classNamespaceKeyOf } from '../../core/keys/namespace-key.js'

/** @public */
export abstract class Window {
  abstract maxTimestamp(): number
  abstract equals(other: unknown): boolean
  /** The window's identity as a state namespace: equal windows, equal strings. */
  abstract toString(): string
}

// A TimeWindow's state-map key: classNamespaceKeyOf('TimeWindow', id) with the bits of start and
// end as the id, eight UTF-16 units. Built in one call as a flat string: formatting two numbers
// past the small-integer range (epoch milliseconds) cost about 350 ns per window, and a
// concatenated key would be flattened again for every map lookup.
const WINDOW_BITS = new Float64Array(2)
const WINDOW_UNITS = new Uint16Array(WINDOW_BITS.buffer)

function timeWindowKey(start: number, end: number): string {
  // -0 and 0 are one window (equals compares with ===).
  WINDOW_BITS[0] = start === 0 ? 0 : start
  WINDOW_BITS[1] = end === 0 ? 0 : end
  const u = WINDOW_UNITS
  // '\u0000CTimeWindow:' unit by unit, then the bits.
  // prettier-ignore
  return String.fromCharCode(
    0, 67, 84, 105, 109, 101, 87, 105, 110, 100, 111, 119, 58,
    u[0]!, u[1]!, u[2]!, u[3]!, u[4]!, u[5]!, u[6]!, u[7]!,
  )
}

/** @public A window of event or processing time covering [start, end). */
export class TimeWindow extends Window {
  readonly start: number
  readonly end: number
  /**
   * The state-map key, built on first use (sessions create many windows that never need one). A
   * field, not the backend's WeakMap entry, which costs several times more; private, so that
   * equal windows stay deep-equal whether or not theirs has been built.
   */
  #namespaceKey: string | undefined = undefined

  constructor(start: number, end: number) {
    super()
    this.start = start
    this.end = end
  }

  getStart(): number {
    return this.start
  }

  getEnd(): number {
    return this.end
  }

  maxTimestamp(): number {
    return this.end - 1
  }

  equals(other: unknown): boolean {
    return other instanceof TimeWindow && other.start === this.start && other.end === this.end
  }

  /** Whether the windows overlap or touch (as Flink's, so adjacent sessions merge). */
  intersects(other: TimeWindow): boolean {
    return this.start <= other.end && this.end >= other.start
  }

  /** The smallest window covering both. */
  cover(other: TimeWindow): TimeWindow {
    return new TimeWindow(Math.min(this.start, other.start), Math.max(this.end, other.end))
  }

  override toString(): string {
    return `TimeWindow{start=${this.start}, end=${this.end}}`
  }

  get [NAMESPACE_KEY](): string {
    // A deepCopy of a window has no private fields (it copies own properties).
    if (!(#namespaceKey in (this as object))) return namespaceKeyOf(this)
    return (this.#namespaceKey ??= namespaceKeyOf(this))
  }

  /**
   * The start of the window of `size` (shifted by `offset`) that holds `timestamp`.
   * @example TimeWindow.getWindowStartWithOffset(7_500, 0, 5_000) === 5_000
   */
  static getWindowStartWithOffset(timestamp: number, offset: number, windowSize: number): number {
    const remainder = (timestamp - offset) % windowSize
    return remainder < 0 ? timestamp - (remainder + windowSize) : timestamp - remainder
  }

  /**
   * Merges overlapping windows: `merge(toBeMerged, result)` is called for each group of two or
   * more windows that overlap, with the window covering them. Flink: TimeWindow.mergeWindows.
   */
  static mergeWindows(
    windows: Iterable<TimeWindow>,
    merge: (toBeMerged: TimeWindow[], mergeResult: TimeWindow) => void,
  ): void {
    // No closures here: this runs per record for session windows.
    const sorted = [...windows].sort(byStart)
    let current: TimeWindow | undefined
    let group: TimeWindow[] = []
    for (const w of sorted) {
      if (current !== undefined && current.intersects(w)) {
        current = current.cover(w)
        group.push(w)
        continue
      }
      if (current !== undefined && group.length > 1) merge(group, current)
      current = w
      group = [w]
    }
    if (current !== undefined && group.length > 1) merge(group, current)
  }
}

function namespaceKeyOf(window: TimeWindow): string {
  // A subclass may tell its windows apart by more than the bounds: by its own toString().
  if (Object.getPrototypeOf(window) !== TimeWindow.prototype)
    return classNamespaceKeyOf('TimeWindow', window.toString())
  return timeWindowKey(window.start, window.end)
}

function byStart(a: TimeWindow, b: TimeWindow): number {
  return a.start - b.start
}

/** @public The single window of GlobalWindows: it never ends, so only a trigger fires it. */
export class GlobalWindow extends Window {
  private static readonly INSTANCE = new GlobalWindow()

  private constructor() {
    super()
  }

  static get(): GlobalWindow {
    return GlobalWindow.INSTANCE
  }

  maxTimestamp(): number {
    return Number.POSITIVE_INFINITY
  }

  equals(other: unknown): boolean {
    return other instanceof GlobalWindow
  }

  override toString(): string {
    return 'GlobalWindow'
  }
}
