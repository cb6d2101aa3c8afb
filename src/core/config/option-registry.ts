// The set of known options that user input is validated against: it resolves a written key
// (a key, or an old name of one) to its option, and suggests the nearest key for a typo.
// Immutable; connectors and plugins extend it with `with(...)`.
import { ConfigError } from '../errors.js'
import type { AnyConfigOption } from './config-option.js'

/** Known options by key. */
export class OptionRegistry {
  private readonly byKey = new Map<string, AnyConfigOption>()
  private readonly byAlias = new Map<string, AnyConfigOption>()

  /** Throws a ConfigError when two options declare the same key. */
  constructor(options: Iterable<AnyConfigOption>) {
    for (const option of options) {
      const existing = this.byKey.get(option.key)
      if (existing !== undefined && existing !== option) {
        throw new ConfigError(`Configuration key '${option.key}' is declared twice`, option.key)
      }
      this.byKey.set(option.key, option)
    }
    for (const option of this.byKey.values()) {
      for (const alias of [...option.deprecatedKeys, ...option.fallbackKeys]) {
        if (!this.byKey.has(alias) && !this.byAlias.has(alias)) this.byAlias.set(alias, option)
      }
    }
  }

  /** This registry plus more options (a connector's, a plugin's). */
  with(...options: AnyConfigOption[]): OptionRegistry {
    return new OptionRegistry([...this.byKey.values(), ...options])
  }

  /** All options, sorted by key (for docs). */
  options(): AnyConfigOption[] {
    return [...this.byKey.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  }

  /** The option a written key refers to: its own key first, then an old or fallback name. */
  lookup(key: string): AnyConfigOption | undefined {
    return this.byKey.get(key) ?? this.byAlias.get(key)
  }

  /**
   * The known key nearest to `key` by edit distance, if one is near enough to be a typo; else the
   * shortest known key that `key` is a dotted prefix of ('state' → 'state.backend.type').
   */
  suggest(key: string): string | undefined {
    return this.nearest(key) ?? this.extension(key)
  }

  private extension(key: string): string | undefined {
    let best: string | undefined
    for (const candidate of this.byKey.keys()) {
      const isBetter = best === undefined || candidate.length < best.length
      if (candidate.startsWith(`${key}.`) && isBetter) best = candidate
    }
    return best
  }

  private nearest(key: string): string | undefined {
    let best: string | undefined
    let bestDistance = Math.max(2, Math.floor(key.length / 4)) + 1
    for (const candidate of this.byKey.keys()) {
      const d = editDistance(key.toLowerCase(), candidate.toLowerCase(), bestDistance)
      if (d < bestDistance) {
        best = candidate
        bestDistance = d
      }
    }
    return best
  }
}

/**
 * Optimal string alignment distance (Levenshtein plus transpositions, so 'defualt' is one edit
 * from 'default'). Returns `limit` as soon as the distance is known to reach it.
 */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit
  let prevPrev: number[] = []
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const row = [i]
    let rowMin = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1
      let d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost)
      const isTransposition =
        i > 1 &&
        j > 1 &&
        a.charCodeAt(i - 1) === b.charCodeAt(j - 2) &&
        a.charCodeAt(i - 2) === b.charCodeAt(j - 1)
      if (isTransposition) d = Math.min(d, prevPrev[j - 2] + 1)
      row.push(d)
      if (d < rowMin) rowMin = d
    }
    if (rowMin >= limit) return limit
    prevPrev = prev
    prev = row
  }
  return Math.min(prev[b.length], limit)
}
