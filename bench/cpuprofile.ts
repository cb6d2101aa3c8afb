// Reading V8 .cpuprofile files (from `node --cpu-prof`) for bench/profile.ts and
// bench/profile-summary.ts: self and inclusive time per function, optionally mapped back to the
// TypeScript sources through the source map of the bundle that ran. Time is attributed as
// DevTools does; a function V8 inlined into its caller is counted as the caller's.
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'

interface CallFrame {
  readonly functionName: string
  readonly url: string
  readonly lineNumber: number
  readonly columnNumber: number
}

interface ProfileNode {
  readonly id: number
  readonly callFrame: CallFrame
  readonly children?: readonly number[]
}

export interface CpuProfile {
  readonly nodes: readonly ProfileNode[]
  readonly samples: readonly number[]
  readonly timeDeltas: readonly number[]
}

export interface Row {
  readonly name: string
  readonly selfMs: number
  readonly selfPercent: number
  readonly totalPercent: number
}

export interface Summary {
  /** Milliseconds of all samples, and of the samples counted (see `under`). */
  readonly profiledMs: number
  readonly countedMs: number
  readonly rows: Row[]
}

export interface SummaryOptions {
  readonly top: number
  /** Count only the samples whose stack has a function of this name. */
  readonly under?: string | undefined
  /** One row per function (default) or per source file. */
  readonly by?: 'function' | 'file'
  /** Maps a frame of a bundle back to its TypeScript source. */
  readonly sourceMap?: SourceMapper | undefined
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
}

export function summarize(profile: CpuProfile, options: SummaryOptions): Summary {
  const root = process.cwd()
  const byId = new Map<number, ProfileNode>()
  const parent = new Map<number, number>()
  for (const node of profile.nodes) {
    byId.set(node.id, node)
    for (const child of node.children ?? []) parent.set(child, node.id)
  }

  const labels = new Map<number, string>()
  const labelOf = (node: ProfileNode): string => {
    let l = labels.get(node.id)
    if (l === undefined) {
      l = label(node.callFrame, root, options)
      labels.set(node.id, l)
    }
    return l
  }

  // Per sampled node: its stack's distinct labels (leaf first), and whether it is counted.
  const stacks = new Map<number, { labels: string[]; keep: boolean }>()
  const stackOf = (id: number): { labels: string[]; keep: boolean } => {
    let s = stacks.get(id)
    if (s !== undefined) return s
    const names: string[] = []
    let keep = options.under === undefined
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const node = byId.get(cur)!
      if (node.callFrame.functionName === options.under) keep = true
      const l = labelOf(node)
      if (!names.includes(l)) names.push(l)
    }
    s = { labels: names, keep }
    stacks.set(id, s)
    return s
  }

  const self = new Map<string, number>()
  const total = new Map<string, number>()
  let all = 0
  let counted = 0
  for (let i = 0; i < profile.samples.length; i++) {
    // A sample lasts until the next one: timeDeltas[i + 1].
    const dt = profile.timeDeltas[i + 1] ?? 0
    all += dt
    const s = stackOf(profile.samples[i]!)
    if (!s.keep) continue
    counted += dt
    self.set(s.labels[0]!, (self.get(s.labels[0]!) ?? 0) + dt)
    for (const l of s.labels) total.set(l, (total.get(l) ?? 0) + dt)
  }

  const rows = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, options.top)
    .map(([name, us]) => ({
      name,
      selfMs: us / 1000,
      selfPercent: (100 * us) / counted,
      totalPercent: (100 * (total.get(name) ?? 0)) / counted,
    }))
  return { profiledMs: all / 1000, countedMs: counted / 1000, rows }
}

export function formatSummary(summary: Summary, scope: string): string {
  const lines = [
    `${summary.countedMs.toFixed(0)} ms of ${scope} (whole profile: ${summary.profiledMs.toFixed(0)} ms)`,
    '',
    `${'self %'.padStart(7)} ${'total %'.padStart(8)} ${'self ms'.padStart(8)}  function`,
  ]
  for (const r of summary.rows) {
    lines.push(
      `${r.selfPercent.toFixed(1).padStart(7)} ${r.totalPercent.toFixed(1).padStart(8)} ${r.selfMs.toFixed(0).padStart(8)}  ${r.name}`,
    )
  }
  return lines.join('\n')
}

function label(frame: CallFrame, root: string, options: SummaryOptions): string {
  const name = frame.functionName === '' ? '(anonymous)' : frame.functionName
  if (frame.url === '') {
    // V8's pseudo frames ((garbage collector), (program), (idle)) and native builtins have no
    // url, and neither has code compiled with `new Function` (the generated chains and
    // serializers), whose functions are named after the generated source.
    const pseudo = name.startsWith('(')
    return options.by === 'file' ? (pseudo ? name : '(generated or native)') : name
  }
  let file = frame.url.startsWith('file://') ? new URL(frame.url).pathname : frame.url
  let line = frame.lineNumber + 1
  const mapped = options.sourceMap?.map(file, frame.lineNumber, frame.columnNumber)
  if (mapped !== undefined) {
    file = mapped.source
    line = mapped.line + 1
  }
  const rel = path.isAbsolute(file) ? path.relative(root, file) : file
  return options.by === 'file' ? rel : `${name} ${rel}:${line}`
}

// ---------------------------------------------------------------------------------------------
// Source maps (v3), enough to map a function's start back to its TypeScript line.

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

interface Segment {
  readonly column: number
  readonly source: number
  readonly line: number
}

export class SourceMapper {
  private readonly file: string
  private readonly sources: string[]
  private readonly lines: Segment[][] = []

  constructor(bundle: string) {
    const file = path.resolve(bundle)
    this.file = file
    const mapFile = `${file}.map`
    const map = JSON.parse(readFileSync(mapFile, 'utf8')) as { sources: string[]; mappings: string }
    this.sources = map.sources.map((s) => path.resolve(path.dirname(mapFile), s))
    let source = 0
    let line = 0
    for (const text of map.mappings.split(';')) {
      const segments: Segment[] = []
      let column = 0
      for (const seg of text.split(',')) {
        if (seg === '') continue
        const v = decodeVlq(seg)
        column += v[0]!
        if (v.length >= 4) {
          source += v[1]!
          line += v[2]!
          segments.push({ column, source, line })
        }
      }
      this.lines.push(segments)
    }
  }

  static forBundle(file: string): SourceMapper | undefined {
    return existsSync(`${file}.map`) ? new SourceMapper(file) : undefined
  }

  /** The source position of a position in the bundle (0-based lines), if it has one. */
  map(file: string, line: number, column: number): { source: string; line: number } | undefined {
    if (file !== this.file) return undefined
    const segments = this.lines[line]
    if (segments === undefined || segments.length === 0) return undefined
    let best = segments[0]!
    for (const s of segments) {
      if (s.column > column) break
      best = s
    }
    return { source: this.sources[best.source]!, line: best.line }
  }
}

function decodeVlq(text: string): number[] {
  const values: number[] = []
  let value = 0
  let shift = 0
  for (let i = 0; i < text.length; i++) {
    const digit = BASE64.indexOf(text[i]!)
    value += (digit & 31) << shift
    if (digit & 32) {
      shift += 5
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1)
      value = 0
      shift = 0
    }
  }
  return values
}
