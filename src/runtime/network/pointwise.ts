// Which subtasks a POINTWISE edge connects, as Flink's EdgeManagerBuildUtil.connectPointwise:
// equal parallelism connects i to i; otherwise contiguous ranges are connected.

/** The consumer subtasks that producer `source` of `sourceCount` sends to. */
export function pointwiseTargets(
  source: number,
  sourceCount: number,
  targetCount: number,
): number[] {
  if (sourceCount === targetCount) return [source]
  if (sourceCount > targetCount) {
    for (let t = 0; t < targetCount; t++) {
      const start = Math.floor((t * sourceCount) / targetCount)
      const end = Math.floor(((t + 1) * sourceCount) / targetCount)
      if (source >= start && source < end) return [t]
    }
    return []
  }
  const start = Math.floor((source * targetCount + sourceCount - 1) / sourceCount)
  const end = Math.floor(((source + 1) * targetCount + sourceCount - 1) / sourceCount)
  const targets: number[] = []
  for (let t = start; t < end; t++) targets.push(t)
  return targets
}

/** The producers that consumer `target` receives from; the inverse of pointwiseTargets. */
export function pointwiseSources(
  target: number,
  sourceCount: number,
  targetCount: number,
): number[] {
  const sources: number[] = []
  for (let s = 0; s < sourceCount; s++) {
    if (pointwiseTargets(s, sourceCount, targetCount).includes(target)) sources.push(s)
  }
  return sources
}
