// The back pressure of a job vertex, from each subtask's backPressuredTimeMsPerSecond (Flink
// samples nothing since 1.13 either: the ratio is the gauge over 1000 ms), with Flink's levels
// and JSON field names. Flink: JobVertexBackPressureHandler, JobVertexBackPressureInfo.
import type { JobVertexDetailsInfo } from '../runtime/common/cluster-info.js'

export type VertexBackPressureLevel = 'ok' | 'low' | 'high'

export interface SubtaskBackPressureInfo {
  readonly subtask: number
  readonly 'attempt-number': number
  readonly backpressureLevel: VertexBackPressureLevel
  readonly ratio: number
  readonly idleRatio: number
  readonly busyRatio: number
}

export interface JobVertexBackPressureInfo {
  /** Flink answers 'deprecated' only when back pressure sampling is off; Eddy never samples. */
  readonly status: 'ok'
  readonly backpressureLevel: VertexBackPressureLevel
  readonly 'end-timestamp': number
  readonly subtasks: readonly SubtaskBackPressureInfo[]
}

/** Flink's thresholds: ok up to 10% of the time back-pressured, low up to 50%, then high. */
export function getBackPressureLevel(ratio: number): VertexBackPressureLevel {
  if (ratio <= 0.1) return 'ok'
  if (ratio <= 0.5) return 'low'
  return 'high'
}

/** The vertex's back pressure as of `now`; its level is that of its most back-pressured subtask. */
export function jobVertexBackPressureInfo(
  vertex: JobVertexDetailsInfo,
  now: number,
): JobVertexBackPressureInfo {
  const subtasks = vertex.subtasks.map((s): SubtaskBackPressureInfo => {
    const ratio = s.backPressuredTimeMsPerSecond / 1000
    return {
      subtask: s.subtask,
      'attempt-number': s.attempt,
      backpressureLevel: getBackPressureLevel(ratio),
      ratio,
      idleRatio: s.idleTimeMsPerSecond / 1000,
      busyRatio: s.busyTimeMsPerSecond / 1000,
    }
  })
  const maxRatio = Math.max(0, ...subtasks.map((s) => s.ratio))
  return {
    status: 'ok',
    backpressureLevel: getBackPressureLevel(maxRatio),
    'end-timestamp': now,
    subtasks,
  }
}
