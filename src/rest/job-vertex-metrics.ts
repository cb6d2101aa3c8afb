// The metrics of one job vertex, named as Flink's vertex metrics (`<subtask>.<metric>`, e.g.
// `0.numRecordsIn`), plus the same names without a prefix for the whole vertex. They are derived
// from the subtasks' I/O counters and time gauges the JobMaster reports with the job's details.
// Flink: JobVertexMetricsHandler (values are served as strings, as Flink's metric store does).
import type { Metric } from './rest-messages.js'
import type { JobVertexDetailsInfo, SubtaskInfo } from '../runtime/common/cluster-info.js'

export const NUM_RECORDS_IN = 'numRecordsIn'
export const NUM_RECORDS_OUT = 'numRecordsOut'
export const NUM_BYTES_IN = 'numBytesIn'
export const NUM_BYTES_OUT = 'numBytesOut'
export const BUSY_TIME_MS_PER_SECOND = 'busyTimeMsPerSecond'
export const IDLE_TIME_MS_PER_SECOND = 'idleTimeMsPerSecond'
export const BACK_PRESSURED_TIME_MS_PER_SECOND = 'backPressuredTimeMsPerSecond'
export const CURRENT_INPUT_WATERMARK = 'currentInputWatermark'
export const CURRENT_OUTPUT_WATERMARK = 'currentOutputWatermark'
export const WATERMARK_LAG = 'watermarkLag'

interface VertexMetric {
  readonly id: string
  readonly read: (subtask: SubtaskInfo) => number
  /**
   * Counters add up over subtasks. A time gauge reports the vertex's worst subtask, as Flink's
   * dashboard colours a vertex by its busiest and most back-pressured subtask: an average would
   * hide the one hot subtask that limits the job. A watermark reports the lowest subtask's: the
   * one that holds event time back downstream.
   */
  readonly aggregate: 'sum' | 'max' | 'min'
}

const VERTEX_METRICS: readonly VertexMetric[] = [
  { id: NUM_RECORDS_IN, read: (s) => s.metrics['read-records'], aggregate: 'sum' },
  { id: NUM_RECORDS_OUT, read: (s) => s.metrics['write-records'], aggregate: 'sum' },
  { id: NUM_BYTES_IN, read: (s) => s.metrics['read-bytes'], aggregate: 'sum' },
  { id: NUM_BYTES_OUT, read: (s) => s.metrics['write-bytes'], aggregate: 'sum' },
  { id: BUSY_TIME_MS_PER_SECOND, read: (s) => s.busyTimeMsPerSecond, aggregate: 'max' },
  { id: IDLE_TIME_MS_PER_SECOND, read: (s) => s.idleTimeMsPerSecond, aggregate: 'max' },
  {
    id: BACK_PRESSURED_TIME_MS_PER_SECOND,
    read: (s) => s.backPressuredTimeMsPerSecond,
    aggregate: 'max',
  },
  { id: CURRENT_INPUT_WATERMARK, read: (s) => s.currentInputWatermark, aggregate: 'min' },
  { id: CURRENT_OUTPUT_WATERMARK, read: (s) => s.currentOutputWatermark, aggregate: 'min' },
  { id: WATERMARK_LAG, read: (s) => s.watermarkLag, aggregate: 'max' },
]

/**
 * Every metric of the vertex by id: the vertex-wide ones first, then subtask by subtask. A metric
 * with no value yet (watermarkLag before the first watermark) is left out.
 */
export function jobVertexMetrics(vertex: JobVertexDetailsInfo): Map<string, number> {
  const metrics = new Map<string, number>()
  for (const m of VERTEX_METRICS) {
    const values = vertex.subtasks.map(m.read).filter((v) => !Number.isNaN(v))
    if (values.length === 0 && m.aggregate !== 'sum' && vertex.subtasks.length > 0) continue
    const vertexWide =
      m.aggregate === 'sum'
        ? values.reduce((a, b) => a + b, 0)
        : m.aggregate === 'max'
          ? Math.max(0, ...values)
          : Math.min(...values)
    metrics.set(m.id, vertexWide)
  }
  // Operator counters (`<operator>.numLateRecordsDropped`) add up over subtasks, as the I/O ones.
  for (const subtask of vertex.subtasks) {
    for (const [id, value] of Object.entries(subtask.operatorMetrics))
      metrics.set(id, (metrics.get(id) ?? 0) + value)
  }
  for (const subtask of vertex.subtasks) {
    for (const m of VERTEX_METRICS) {
      const value = m.read(subtask)
      if (!Number.isNaN(value)) metrics.set(`${subtask.subtask}.${m.id}`, value)
    }
    for (const [id, value] of Object.entries(subtask.operatorMetrics))
      metrics.set(`${subtask.subtask}.${id}`, value)
  }
  return metrics
}

/**
 * A metrics endpoint's answer, as Flink's: without `get`, the ids it has; with `get` (a
 * comma-separated list, possibly repeated), the values of the requested ids it knows, as strings.
 */
export function metricsResponse(
  metrics: ReadonlyMap<string, number | string>,
  get: string | readonly string[] | undefined,
): Metric[] {
  if (get === undefined) return [...metrics.keys()].map((id) => ({ id }))
  const requested = (typeof get === 'string' ? [get] : get).flatMap((g) =>
    splitMetricIds(g, metrics),
  )
  return requested.flatMap((id) => {
    const value = metrics.get(id)
    if (value === undefined) return []
    return [{ id, value: typeof value === 'number' ? formatMetricValue(value) : value }]
  })
}

/**
 * The ids in a `get=` list. Operator names may hold commas (`Window(TumblingEventTimeWindows(10),
 * EventTimeTrigger(), ...)`), so where a run of comma-separated parts together names a known
 * metric, the longest such run is one id; Flink splits at every comma and cannot serve those.
 */
export function splitMetricIds(list: string, known: ReadonlyMap<string, unknown>): string[] {
  const parts = list.split(',')
  const ids: string[] = []
  for (let i = 0; i < parts.length;) {
    let end = i + 1
    for (let j = parts.length; j > i + 1; j--) {
      if (known.has(parts.slice(i, j).join(',').trim())) {
        end = j
        break
      }
    }
    ids.push(parts.slice(i, end).join(',').trim())
    i = end
  }
  return ids
}

/**
 * A metric value as Flink's metric store serves it: a string, with watermarks as Java longs
 * (no watermark yet is Long.MIN_VALUE, the final one Long.MAX_VALUE).
 */
export function formatMetricValue(value: number): string {
  if (value === Number.NEGATIVE_INFINITY) return '-9223372036854775808'
  if (value === Number.POSITIVE_INFINITY) return '9223372036854775807'
  return String(value)
}

/** `GET .../watermarks`: each subtask's input watermark. Flink: JobVertexWatermarksHandler. */
export function jobVertexWatermarks(vertex: JobVertexDetailsInfo): { id: string; value: string }[] {
  return vertex.subtasks.map((s) => ({
    id: `${s.subtask}.${CURRENT_INPUT_WATERMARK}`,
    value: formatMetricValue(s.currentInputWatermark),
  }))
}
