// Word count and a keyed-state job on a JobManager and two TaskManager processes at parallelism
// 4 print exactly what the in-process run prints.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { EDDY, ROOT, TestCluster, waitFor } from './support.js'

const exec = promisify(execFile)

/** The job's print() lines from an in-process run (MiniCluster), without prefixes, sorted. */
async function inProcess(job: string): Promise<string[]> {
  const { stdout } = await exec(process.execPath, ['--import', 'tsx', job], { cwd: ROOT })
  return stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.replace(/^\d+> /, ''))
    .sort()
}

describe('a cluster of real processes', () => {
  let cluster: TestCluster
  before(async () => {
    cluster = await TestCluster.start({ taskManagers: 2, slotsPerTaskManager: 2 })
  })
  after(() => cluster.close())

  it('runs word count at parallelism 4 with the in-process output', async () => {
    const expected = await inProcess('examples/word-count.ts')
    assert.equal(expected.length, 73)
    const r = await cluster.run('examples/word-count.ts', [], ['-p', '4'])
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^Job has been submitted with JobID [0-9a-f]{32}\n/)
    const printed = await waitFor('all output', () =>
      cluster.printed().length >= 73 ? cluster.printed() : undefined,
    )
    assert.deepStrictEqual(printed, expected)
    // Both TaskManagers ran subtasks.
    assert.ok(cluster.taskManagers.every((tm) => tm.stdout().length > 0))
  })

  it('runs a keyed-state job with the in-process output and lists it as finished', async () => {
    const before = cluster.printed().length
    const r = await cluster.run('examples/keyed-state.ts', [], ['-p', '4'])
    assert.equal(r.code, 0, r.stderr)
    const printed = await waitFor('output', () =>
      cluster.printed().length >= before + 2 ? cluster.printed() : undefined,
    )
    assert.deepStrictEqual(
      printed.filter((l) => l.includes('average')),
      ['{ key: 1, average: 4 }', '{ key: 1, average: 5 }'],
    )
    const list = await cluster.cli(['list', '--all', '-m', cluster.restAddress])
    assert.equal(list.code, 0, list.stderr)
    assert.match(list.stdout, /No running jobs\./)
    assert.equal((list.stdout.match(/\(FINISHED\)/g) ?? []).length, 2)
    void EDDY
  })
})
