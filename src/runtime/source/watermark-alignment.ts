// The watermarks source readers report, by alignment group, shared by the source coordinators of
// one job: sources with the same watermark group align with each other, whichever vertex they
// are. A group's watermark is the lowest over every reader that has reported; a reader that has
// not reported yet does not hold the group back. Flink: SourceCoordinator.WatermarkAggregator in
// the job's CoordinatorStore.

export class WatermarkAlignmentGroups {
  /** group → source (coordinator) → reader subtask → its last reported watermark. */
  private readonly groups = new Map<string, Map<string, Map<number, number>>>()

  report(group: string, source: string, subtask: number, watermark: number): void {
    let sources = this.groups.get(group)
    if (sources === undefined)
      this.groups.set(group, (sources = new Map<string, Map<number, number>>()))
    let readers = sources.get(source)
    if (readers === undefined) sources.set(source, (readers = new Map<number, number>()))
    readers.set(subtask, watermark)
  }

  /** The group's combined watermark, or undefined while no reader of it has reported. */
  combinedWatermark(group: string): number | undefined {
    const sources = this.groups.get(group)
    if (sources === undefined) return undefined
    let min: number | undefined
    for (const readers of sources.values()) {
      for (const watermark of readers.values()) {
        if (min === undefined || watermark < min) min = watermark
      }
    }
    return min
  }

  /** Forgets a reader (it restarts, and reports anew). */
  remove(group: string, source: string, subtask: number): void {
    this.groups.get(group)?.get(source)?.delete(subtask)
  }
}
