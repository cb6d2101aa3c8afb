// print() and PrintSink output format, as Flink's PrintSinkOutputWriter: "subtask> " (from 1) when
// the sink is parallel, "id:subtask> " with an identifier, "id> " at parallelism 1 with one, and
// no prefix at parallelism 1 without one.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { PrintSink, StreamExecutionEnvironment } from '../../src/index.js'
import { sorted } from './support.js'

function env(parallelism: number): StreamExecutionEnvironment {
  return StreamExecutionEnvironment.getExecutionEnvironment().setParallelism(parallelism)
}

/** Runs a job printing into a PrintSink with a collecting target; returns the lines. */
async function printed(
  parallelism: number,
  identifier: string,
  values: unknown[],
): Promise<string[]> {
  const lines: string[] = []
  const e = env(parallelism)
  e.fromCollection(values).sinkTo(
    new PrintSink<unknown>(identifier, false, { write: (line) => void lines.push(line) }),
  )
  await e.execute()
  return lines
}

describe('PrintSink', () => {
  it('prints records without a prefix at parallelism 1', async () => {
    assert.deepStrictEqual(await printed(1, '', ['a', 'b']), ['a\n', 'b\n'])
  })

  it('prefixes the subtask number, from 1, at parallelism > 1', async () => {
    // fromData is read by one subtask; round-robin spreads record i to sink subtask i % 2.
    assert.deepStrictEqual(sorted(await printed(2, '', ['a', 'b', 'c', 'd'])), [
      '1> a\n',
      '1> c\n',
      '2> b\n',
      '2> d\n',
    ])
  })

  it('prefixes "identifier:subtask> " at parallelism > 1', async () => {
    assert.deepStrictEqual(sorted(await printed(3, 'id', ['x', 'y', 'z'])), [
      'id:1> x\n',
      'id:2> y\n',
      'id:3> z\n',
    ])
  })

  it('prefixes "identifier> " at parallelism 1', async () => {
    assert.deepStrictEqual(await printed(1, 'out', ['x']), ['out> x\n'])
  })

  it('prints non-string records as console.log would, on one line', async () => {
    assert.deepStrictEqual(
      await printed(1, '', [{ word: 'a', n: 1 }, ['t', 2], 42, { nested: { deep: [1, 2] } }]),
      ["{ word: 'a', n: 1 }\n", "[ 't', 2 ]\n", '42\n', '{ nested: { deep: [ 1, 2 ] } }\n'],
    )
  })
})

describe('print() and printToErr()', () => {
  it('write to the process’s stdout and stderr', { timeout: 30_000 }, async () => {
    const job = fileURLToPath(new URL('./jobs/print-job.ts', import.meta.url))
    const root = fileURLToPath(new URL('../..', import.meta.url))
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', job],
      { cwd: root, timeout: 25_000 },
    )
    const lines = stdout.split('\n').filter((l) => l !== '')
    assert.deepStrictEqual(sorted(lines), [
      '1> 1',
      '2> 2',
      'hello',
      'id:1> 3',
      'id:2> 4',
      "obj> { word: 'a', n: 1 }",
      'world',
    ])
    // One stream at parallelism 1 keeps its order.
    assert.deepStrictEqual(
      lines.filter((l) => l === 'hello' || l === 'world'),
      ['hello', 'world'],
    )
    assert.equal(stderr, 'oops\n')
  })
})
