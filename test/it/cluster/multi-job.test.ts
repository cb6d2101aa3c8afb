// A program may run several jobs in turn: each is deployed with its own graph, on the embedded
// cluster (whose JobManager shares the program's process) and on a standalone one (where the
// replay skips past the jobs before the one being deployed).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { EDDY, ROOT, TestCluster, waitFor } from './support.js'

const exec = promisify(execFile)
const JOB = 'test/it/cluster/jobs/two-jobs.ts'
const EXPECTED = ['10', '20', '30', '400', '500', '600']

function values(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => /^(\d+> )?\d+$/.test(l))
    .map((l) => l.replace(/^\d+> /, ''))
    .sort((a, b) => Number(a) - Number(b))
}

describe('a program with two jobs', () => {
  it('runs both on the embedded cluster', async () => {
    const { stdout } = await exec(process.execPath, [EDDY, 'run', '-p', '2', JOB], { cwd: ROOT })
    assert.deepStrictEqual(values(stdout), EXPECTED)
  })

  describe('on a standalone cluster', () => {
    let cluster: TestCluster
    before(async () => {
      cluster = await TestCluster.start({ taskManagers: 1, slotsPerTaskManager: 2 })
    })
    after(() => cluster.close())

    it('runs both, each with its own graph', async () => {
      const r = await cluster.run(JOB, [], ['-p', '2'])
      assert.equal(r.code, 0, r.stderr)
      const jobs = await cluster.client.listJobs()
      assert.deepStrictEqual(jobs.map((j) => [j.name, j.state]).sort(), [
        ['job-1', 'FINISHED'],
        ['job-2', 'FINISHED'],
      ])
      const printed = await waitFor('the output of both jobs', () => {
        const v = values(cluster.taskManagers.map((tm) => tm.stdout()).join('\n'))
        return v.length >= EXPECTED.length ? v : undefined
      })
      assert.deepStrictEqual(printed, EXPECTED)
    })
  })
})
