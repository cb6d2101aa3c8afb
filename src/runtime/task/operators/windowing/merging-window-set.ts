// For merging (session) windows, the in-flight windows of one key and the window each one keeps
// its state under. When windows merge, the result keeps the state window of one of them, so only
// the others' state has to be merged into it (not moved). Persisted in keyed state, per key, as
// plain data (TimeWindows as [start, end]) so that checkpoints can write it.
// Flink: org.apache.flink.streaming.runtime.operators.windowing.MergingWindowSet.
import type { ValueState } from '../../../../api/state/state.js'
import type { MergingWindowAssigner } from '../../../../api/windowing/assigners/window-assigner.js'
import { TimeWindow, type Window } from '../../../../api/windowing/windows.js'
import { mergesAsSessions } from '../../../../api/windowing/assigners/session-windows.js'

/** A window and the window its state is kept under. */
export type WindowMapping<W> = [window: W, stateWindow: W]

/** How a window is stored: a TimeWindow as its bounds, any other window as it is. */
export type StoredWindow = readonly [start: number, end: number] | Window

/** The mappings as keyed state holds them. */
export type StoredWindowMapping = [window: StoredWindow, stateWindow: StoredWindow]

function toStored(window: Window): StoredWindow {
  return window instanceof TimeWindow ? [window.start, window.end] : window
}

function fromStored<W extends Window>(stored: StoredWindow): W {
  // Only TimeWindows are stored as arrays; a merging assigner's windows are all of one class.
  if (!Array.isArray(stored)) return stored as W
  const [start, end] = stored as readonly [number, number]
  return new TimeWindow(start, end) as unknown as W
}

/** Called when windows merge: the result, the windows merged into it, and their state windows. */
export type MergeFunction<W> = (
  mergeResult: W,
  mergedWindows: W[],
  stateWindowResult: W,
  mergedStateWindows: W[],
) => void

export class MergingWindowSet<W extends Window> {
  private readonly assigner: MergingWindowAssigner<unknown, W>
  private readonly state: ValueState<StoredWindowMapping[]>
  // A key has few windows in flight (sessions: usually one), so a list searched with `equals` is
  // cheaper than a map keyed by the windows' strings, which would be built for every record.
  private readonly mapping: WindowMapping<W>[] = []
  private dirty = false
  /** The assigner merges TimeWindows as sessions do: see `addSessionWindow`. */
  private readonly sessions: boolean

  constructor(
    assigner: MergingWindowAssigner<unknown, W>,
    state: ValueState<StoredWindowMapping[]>,
  ) {
    this.assigner = assigner
    this.state = state
    this.sessions = mergesAsSessions(assigner as MergingWindowAssigner<unknown, Window>)
    for (const [stored, storedState] of state.value() ?? []) {
      this.mapping.push([fromStored<W>(stored), fromStored<W>(storedState)])
    }
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
    this.dirty = true
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
      this.dirty = true
      // A "merge" of one window into itself (the new window only grew an existing one) changes
      // nothing for triggers or state.
      if (!(mergedWindows.length === 1 && mergedWindows[0]!.equals(mergeResult))) {
        merge(mergeResult, mergedWindows, stateWindowResult, mergedStateWindows)
      }
    }
    if (results.length === 0 || (resultWindow.equals(newWindow) && !mergedNewWindow)) {
      this.put(resultWindow, resultWindow)
      this.dirty = true
    }
    return resultWindow
  }

  /**
   * addWindow for session windows when at most one is in flight (a key's usual case), with the
   * same outcome as the general path: TimeWindow.mergeWindows merges the two windows if they
   * touch, and the result keeps the in-flight window's state window.
   */
  private addSessionWindow(newWindow: W, merge: MergeFunction<W>): W {
    this.dirty = true
    const current = this.mapping[0]
    if (
      current === undefined ||
      !(current[0] as unknown as TimeWindow).intersects(newWindow as unknown as TimeWindow)
    ) {
      this.mapping.push([newWindow, newWindow])
      return newWindow
    }
    const [window, stateWindow] = current
    const result = (window as unknown as TimeWindow).cover(
      newWindow as unknown as TimeWindow,
    ) as unknown as W
    this.mapping[0] = [result, stateWindow]
    // The new window inside the in-flight one changes nothing for triggers or state.
    if (!window.equals(result)) merge(result, [window], stateWindow, [])
    return result
  }

  /** Writes the set back to keyed state if it changed. */
  persist(): void {
    if (!this.dirty) return
    if (this.mapping.length === 0) this.state.clear()
    else this.state.update(this.mapping.map(([w, s]) => [toStored(w), toStored(s)]))
    this.dirty = false
  }
}
