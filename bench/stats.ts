// Summaries of a benchmark's samples, shared so that every benchmark reports the same median.

/** The lower median (for an even count, the smaller middle sample); NaN for no samples. */
export function median(xs: readonly number[]): number {
  const sorted = xs.slice().sort((a, b) => a - b)
  return sorted[(sorted.length - 1) >> 1] ?? Number.NaN
}
