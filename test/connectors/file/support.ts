// Shared pieces of the FileSink tests: a temporary base path, a writer context on manual
// processing time, and a directory listing that shows hidden files with their ids masked.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import type { SinkWriterContext, WriterInitContext } from '../../../src/api/connector/sink/sink.js'
import { ManualProcessingTimeService } from '../../../src/runtime/task/processing-time-service.js'

/** A fresh directory under the OS temp dir; `remove` deletes it. */
export function tempBasePath(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'eddy-file-sink-'))
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) }
}

export function writerInitContext(
  pts: ManualProcessingTimeService = new ManualProcessingTimeService(),
  subtask = 0,
): WriterInitContext {
  return {
    getSubtaskId: () => subtask,
    getNumberOfParallelSubtasks: () => 1,
    getJobId: () => '00000000000000000000000000000000',
    getProcessingTimeService: () => pts,
  }
}

export const NO_CONTEXT: SinkWriterContext = {
  currentWatermark: () => Number.NEGATIVE_INFINITY,
  timestamp: () => null,
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g

/**
 * Every file under `base` (hidden ones too) as `relative path → content`, sorted by path, with
 * UUIDs replaced by `<id1>`, `<id2>`, … in order of part counter, then path.
 */
export function listFiles(base: string): Record<string, string> {
  const paths: string[] = []
  const visit = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) visit(join(dir, e.name))
      else paths.push(join(dir, e.name))
    }
  }
  visit(base)
  const ids = new Map<string, string>()
  const mask = (s: string): string =>
    s.replace(UUID, (u) => {
      if (!ids.has(u)) ids.set(u, `<id${ids.size + 1}>`)
      return ids.get(u)!
    })
  // Ids are numbered in part counter order, so that they follow the writers' order.
  const counter = (p: string): number => Number(/[0-9a-f]{12}-(\d+)/.exec(p)?.[1] ?? 0)
  const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)
  const entries = paths
    .map((p) => relative(base, p))
    .sort((a, b) => counter(a) - counter(b) || byPath(a, b))
    .map((p) => [mask(p), readFileSync(join(base, p), 'utf8')] as const)
  return Object.fromEntries(entries.sort(([a], [b]) => byPath(a, b)))
}
