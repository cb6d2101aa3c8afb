// Reading a FileSink's output as its readers should: only finished part files, never hidden
// in-progress ones (names starting with '.') or marker files (names starting with '_'). For tests
// and small jobs; it reads every file into memory.
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'

/**
 * The finished part files under `basePath`, recursively, as paths relative to it, sorted.
 *
 * @public
 * @example
 * listFinishedPartFiles('/tmp/out') // ['2024-05-17--13/part-3f0c…-0', …]
 */
export function listFinishedPartFiles(basePath: string): string[] {
  const files: string[] = []
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue
      const path = join(dir, entry.name)
      if (entry.isDirectory()) visit(path)
      else if (entry.isFile()) files.push(relative(basePath, path))
    }
  }
  visit(basePath)
  return files.sort()
}

/**
 * Every line of every finished part file under `basePath` (files in `listFinishedPartFiles`
 * order, lines in file order), read as UTF-8.
 *
 * @public
 * @example
 * assert.deepStrictEqual(readFinishedLines('/tmp/out').sort(), ['a', 'b'])
 */
export function readFinishedLines(basePath: string): string[] {
  const lines: string[] = []
  for (const file of listFinishedPartFiles(basePath)) {
    const text = readFileSync(join(basePath, file), 'utf8')
    if (text === '') continue
    const fileLines = text.split('\n')
    // A file ends with a line feed; the empty string after it is no line.
    if (fileLines[fileLines.length - 1] === '') fileLines.pop()
    lines.push(...fileLines)
  }
  return lines
}
