// For merging (session) windows, the in-flight windows of one key and the window each one keeps
// its state under. When windows merge, the result keeps the state window of one of them, so only
// the others' state has to be merged into it (not moved). Kept in keyed state, per key, as live
// windows that the set updates in place (a session grows with nearly every element); snapshots
// write them as plain data (TimeWindows as [start, end]), the encoding restores read back.
// Flink: org.apache.flink.streaming.runtime.operators.windowing.MergingWindowSet.
import type { ValueState } from '../../../../api/state/state.js'
import type { MergingWindowAssigner } from '../../../../api/windowing/assigners/window-assigner.js'
import { TimeWindow, type Window } from '../../../../api/windowing/windows.js'
import { mergesAsSessions } from '../../../../api/windowing/assigners/session-windows.js'
import type { DataInputDeserializer } from '../../../../core/memory/data-input-deserializer.js'
import type { DataOutputSerializer } from '../../../../core/memory/data-output-serializer.js'
import { GenericTypeInfo } from '../../../../core/types/generic-type-info.js'
import type { TypeDescriptor, TypeInformation } from '../../../../core/types/type-information.js'
import type { TypeSerializer } from '../../../../core/types/type-serializer.js'

/** A window and the window its state is kept under. */
export type WindowMapping<W> = [window: W, stateWindow: W]

/** How a window is written: a TimeWindow as its bounds, any other window as it is. */
type StoredWindow = readonly [start: number, end: number] | Window

/** The mappings as snapshots write them, and as a restore hands them back. */
type StoredWindowMapping = [window: StoredWindow, stateWindow: StoredWindow]

/** What the keyed state holds: live mappings, or restored ones not yet turned back into windows. */
export type MergingSetValue = WindowMapping<Window>[] | StoredWindowMapping[]

function toStored(window: StoredWindow): StoredWindow {
  // A restored key not touched since is still in its stored form.
  return window instanceof TimeWindow ? [window.start, window.end] : window
}

function fromStored<W extends Window>(stored: StoredWindow): W {
  // Only TimeWindows are stored as arrays; a merging assigner's windows are all of one class.
  if (!Array.isArray(stored)) return stored as W
  const [start, end] = stored as readonly [number, number]
  return new TimeWindow(start, end) as unknown as W
}

const generic = GenericTypeInfo.INSTANCE

/**
 * The type of the merging set's state. Its schema is GENERIC: the bytes are the generic encoding
 * of the stored form, so snapshots written before the set kept live windows restore as they did.
 */
class MergingSetType implements TypeInformation<MergingSetValue> {
  static readonly INSTANCE = new MergingSetType()
  private readonly serializer: TypeSerializer<MergingSetValue> = {
    type: this,
    serialize: (value, out: DataOutputSerializer) => {
      const stored = value.map(([w, s]): StoredWindowMapping => [toStored(w), toStored(s)])
      generic.createSerializer().serialize(stored, out)
    },
    deserialize: (input: DataInputDeserializer) =>
      generic.createSerializer().deserialize(input) as StoredWindowMapping[],
  }

  createSerializer(): TypeSerializer<MergingSetValue> {
    return this.serializer
  }

  toDescriptor(): TypeDescriptor {
    return generic.toDescriptor()
  }

  validate(value: unknown, path = ''): string | undefined {
    if (!Array.isArray(value)) return `${path === '' ? 'value' : path}: expected a list of windows`
    return undefined
  }

  isInstance(value: unknown): value is MergingSetValue {
    return this.validate(value) === undefined
  }

  toString(): string {
    return generic.toString()
  }
}

/** The descriptor's type for the merging set's state. */
export const MERGING_SET_TYPE: TypeInformation<MergingSetValue> = MergingSetType.INSTANCE

/** Called when windows merge: the result, the windows merged into it, and their state windows. */
export type MergeFunction<W> = (
  mergeResult: W,
  mergedWindows: W[],
  stateWindowResult: W,
  mergedStateWindows: W[],
) => void

/**
 * One operator's view of the current key's in-flight windows: `load` reads them, the other
 * methods change them in place, and `persist` stores a new key's list or clears an emptied one.
 */
export class MergingWindowSet<W extends Window> {
  private readonly assigner: MergingWindowAssigner<unknown, W>
  private readonly state: ValueState<MergingSetValue>
  // A key has few windows in flight (sessions: usually one), so a list searched with `equals` is
  // cheaper than a map keyed by the windows' strings, which would be built for every record.
  private mapping: WindowMapping<W>[] = []
  /** Whether `mapping` is the list the state holds (changes to it are changes to the state). */
  private inState = false
  /** The assigner merges TimeWindows as sessions do: see `addSessionWindow`. */
  private readonly sessions: boolean

  constructor(assigner: MergingWindowAssigner<unknown, W>, state: ValueState<MergingSetValue>) {
    this.assigner = assigner
    this.state = state
    this.sessions = mergesAsSessions(assigner as MergingWindowAssigner<unknown, Window>)
  }

  /** Reads the current key's windows. */
  load(): void {
    const value = this.state.value()
    if (value === null) {
      this.mapping = []
      this.inState = false
      return
    }
    // A restored list holds stored windows: turned into windows once, in place.
    if (value.length > 0 && Array.isArray(value[0]![0])) {
      for (let i = 0; i < value.length; i++) {
        const [stored, storedState] = value[i] as StoredWindowMapping
        value[i] = [fromStored<W>(stored), fromStored<W>(storedState)]
      }
    }
    this.mapping = value as WindowMapping<W>[]
    this.inState = true
  }

  private indexOf(window: W): number {
    const mapping = this.mapping
    for (let i = 0; i < mapping.length; i++) if (mapping[i]![0].equals(window)) return i
    return -1
  }

  /** The window `window`'s state is kept under, or undefined if it is not in flight. */
  getStateWindow(window: W): W | undefined {
    const i = this.indexOf(window)
    return i < 0 ? undefined : this.mapping[i]![1]
  }

  /** The window is done (purged after its cleanup time, or late on arrival). */
  retireWindow(window: W): void {
    const i = this.indexOf(window)
    if (i < 0) throw new Error(`Window ${window.toString()} is not in the in-flight window set`)
    this.mapping.splice(i, 1)
  }

  /** Adds or replaces the mapping of `window`. */
  private put(window: W, stateWindow: W): void {
    const i = this.indexOf(window)
    if (i < 0) this.mapping.push([window, stateWindow])
    else this.mapping[i] = [window, stateWindow]
  }

  /**
   * Adds a new window, merging it with in-flight ones as the assigner decides; returns the window
   * the new one ended up in. `merge` is called for every merge that changes the set.
   */
  addWindow(newWindow: W, merge: MergeFunction<W>): W {
    if (this.sessions && this.mapping.length < 2) return this.addSessionWindow(newWindow, merge)
    const windows = this.mapping.map((m) => m[0])
    windows.push(newWindow)
    const results: [W, W[]][] = []
    this.assigner.mergeWindows(windows, (toBeMerged, mergeResult) =>
      results.push([mergeResult, toBeMerged]),
    )
    let resultWindow = newWindow
    let mergedNewWindow = false
    for (const [mergeResult, mergedWindows] of results) {
      const newIndex = mergedWindows.findIndex((w) => w.equals(newWindow))
      if (newIndex >= 0) {
        mergedNewWindow = true
        resultWindow = mergeResult
        mergedWindows.splice(newIndex, 1)
      }
      // The result keeps the state window of one merged window; the others' state moves into it.
      const stateWindowResult = this.getStateWindow(mergedWindows[0]!)!
      const mergedStateWindows: W[] = []
      for (const w of mergedWindows) {
        const i = this.indexOf(w)
        if (i < 0) continue
        const removed = this.mapping[i]!
        this.mapping.splice(i, 1)
        if (removed[1] !== stateWindowResult) mergedStateWindows.push(removed[1])
      }
      this.put(mergeResult, stateWindowResult)
      // A "merge" of one window into itself (the new window only grew an existing one) changes
      // nothing for triggers or state.
      if (!(mergedWindows.length === 1 && mergedWindows[0]!.equals(mergeResult))) {
        merge(mergeResult, mergedWindows, stateWindowResult, mergedStateWindows)
      }
    }
    if (results.length === 0 || (resultWindow.equals(newWindow) && !mergedNewWindow)) {
      this.put(resultWindow, resultWindow)
    }
    return resultWindow
  }

  /**
   * addWindow for session windows when at most one is in flight (a key's usual case), with the
   * same outcome as the general path: TimeWindow.mergeWindows merges the two windows if they
   * touch, and the result keeps the in-flight window's state window.
   */
  private addSessionWindow(newWindow: W, merge: MergeFunction<W>): W {
    const current = this.mapping[0]
    if (
      current === undefined ||
      !(current[0] as unknown as TimeWindow).intersects(newWindow as unknown as TimeWindow)
    ) {
      this.mapping.push([newWindow, newWindow])
      return newWindow
    }
    const window = current[0] as unknown as TimeWindow
    const added = newWindow as unknown as TimeWindow
    // The new window inside the in-flight one changes nothing for triggers or state.
    if (added.start >= window.start && added.end <= window.end) return current[0]
    const result = window.cover(added) as unknown as W
    current[0] = result
    merge(result, [window as unknown as W], current[1], [])
    return result
  }

  /** Stores a new key's list, or clears the state of a key whose last window is gone. */
  persist(): void {
    if (this.mapping.length === 0) {
      if (this.inState) this.state.clear()
      this.inState = false
    } else if (!this.inState) {
      this.state.update(this.mapping)
      this.inState = true
    }
  }
}
