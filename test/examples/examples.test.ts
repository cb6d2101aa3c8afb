// Every example runs through the real CLI (`bin/eddy.js run ...`) in a child process, and its
// printed output is compared line by line.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)
const root = join(import.meta.dirname, '..', '..')

async function eddyRun(...args: string[]): Promise<string[]> {
  const { stdout } = await run(process.execPath, [join(root, 'bin', 'eddy.js'), 'run', ...args], {
    cwd: root,
    timeout: 60_000,
  })
  return stdout.split('\n').filter((l) => l.length > 0)
}

/** Print lines without the `N> ` subtask prefix, sorted (parallel output interleaves). */
function unprefixed(lines: string[]): string[] {
  return lines.map((l) => l.replace(/^\d+> /, '')).sort()
}

describe('examples', () => {
  it('word-count counts the built-in text, printing every update', async () => {
    const lines = await eddyRun('examples/word-count.ts', '-p', '1')
    assert.equal(lines.length, 73)
    assert.deepStrictEqual(
      lines.filter((l) => l.includes("'to'")),
      [1, 2, 3, 4, 5, 6, 7, 8, 9].map((n) => `{ word: 'to', count: ${n} }`),
    )
    assert.deepStrictEqual(lines.slice(0, 3), [
      "{ word: 'to', count: 1 }",
      "{ word: 'be', count: 1 }",
      "{ word: 'or', count: 1 }",
    ])
  })

  it('word-count reads a file given with --input, at parallelism 2 with subtask prefixes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'eddy-wc-'))
    try {
      const file = join(dir, 'in.txt')
      writeFileSync(file, 'Hello world\nhello, Eddy!\n')
      const lines = await eddyRun('examples/word-count.ts', '-p', '2', '--input', file)
      assert.ok(
        lines.every((l) => /^[12]> /.test(l)),
        lines.join('\n'),
      )
      assert.deepStrictEqual(unprefixed(lines), [
        "{ word: 'eddy', count: 1 }",
        "{ word: 'hello', count: 1 }",
        "{ word: 'hello', count: 2 }",
        "{ word: 'world', count: 1 }",
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('keyed-state prints the averages of Flink CountWindowAverage example', async () => {
    const lines = await eddyRun('examples/keyed-state.ts', '-p', '1')
    assert.deepStrictEqual(lines, ['{ key: 1, average: 4 }', '{ key: 1, average: 5 }'])
  })

  it('fails with a clear error and exit code 1 for a job file that does not exist', async () => {
    await assert.rejects(eddyRun('examples/nope.ts'), (e: { code: number; stderr: string }) => {
      assert.equal(e.code, 1)
      assert.match(e.stderr, /Job file 'examples\/nope.ts' does not exist/)
      return true
    })
  })
})
