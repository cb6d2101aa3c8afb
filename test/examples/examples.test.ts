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

  it('session-windows sums per-user sessions as Flink SessionWindowing example', async () => {
    const expected = [
      "[ 'a', 1, 1 ]",
      "[ 'b', 1, 3 ]",
      "[ 'c', 6, 1 ]",
      "[ 'a', 10, 1 ]",
      "[ 'c', 11, 1 ]",
    ]
    assert.deepStrictEqual(await eddyRun('examples/session-windows.ts', '-p', '1'), expected)
    assert.deepStrictEqual(
      unprefixed(await eddyRun('examples/session-windows.ts', '-p', '4')),
      expected.slice().sort(),
    )
  })

  it('windowed-word-count counts words per 3-second event-time window, alike at p=1 and p=2', async () => {
    const expected = [
      "{ word: 'to', count: 3, window: '0-3000' }",
      "{ word: 'be', count: 2, window: '0-3000' }",
      "{ word: 'the', count: 3, window: '0-3000' }",
      "{ word: 'to', count: 4, window: '3000-6000' }",
      "{ word: 'a', count: 2, window: '3000-6000' }",
      "{ word: 'and', count: 2, window: '3000-6000' }",
      "{ word: 'by', count: 2, window: '3000-6000' }",
      "{ word: 'end', count: 2, window: '3000-6000' }",
      "{ word: 'sleep', count: 2, window: '3000-6000' }",
    ]
    assert.deepStrictEqual(await eddyRun('examples/windowed-word-count.ts', '-p', '1'), expected)
    assert.deepStrictEqual(
      unprefixed(await eddyRun('examples/windowed-word-count.ts', '-p', '2')),
      expected.slice().sort(),
    )
  })

  it('top-speeds emits the top speed of the last 10 s every 50 m, alike at p=1 and p=2', async () => {
    const p1 = await eddyRun('examples/top-speeds.ts', '-p', '1')
    assert.equal(p1.length, 35)
    // Each firing emits the car's fastest report of the last 10 s (the earliest on ties), so a
    // report repeats until a faster one comes.
    assert.deepStrictEqual(p1.slice(0, 6), [
      '[ 0, 70, 69.44, 300 ]',
      '[ 1, 65, 50, 200 ]',
      '[ 0, 70, 69.44, 300 ]',
      '[ 1, 65, 50, 200 ]',
      '[ 0, 70, 69.44, 300 ]',
      '[ 1, 70, 170.83, 900 ]',
    ])
    assert.deepStrictEqual(
      unprefixed(await eddyRun('examples/top-speeds.ts', '-p', '2')),
      p1.slice().sort(),
    )
  })

  it('fails with a clear error and exit code 1 for a job file that does not exist', async () => {
    await assert.rejects(eddyRun('examples/nope.ts'), (e: { code: number; stderr: string }) => {
      assert.equal(e.code, 1)
      assert.match(e.stderr, /Job file 'examples\/nope.ts' does not exist/)
      return true
    })
  })
})
