// executeAndCollect under `eddy run`: runs in the client's process (its results live there), and
// is refused with a clear error on a remote cluster.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { EDDY, ROOT } from './support.js'

const exec = promisify(execFile)

describe('executeAndCollect from the CLI', () => {
  it('collects into the client when run on the embedded cluster', async () => {
    const { stdout } = await exec(
      process.execPath,
      [EDDY, 'run', '-p', '2', 'test/it/cluster/jobs/collect-job.ts'],
      { cwd: ROOT },
    )
    assert.equal(stdout, '[10,20,30,40,50]\n')
  })

  it('is refused on a remote cluster, naming the alternative', async () => {
    const run = exec(
      process.execPath,
      [EDDY, 'run', '--jobmanager', '127.0.0.1:9', 'test/it/cluster/jobs/collect-job.ts'],
      { cwd: ROOT },
    )
    await assert.rejects(run, (e: { stderr: string; code: number }) => {
      assert.equal(e.code, 1)
      assert.match(e.stderr, /executeAndCollect\(\) is not supported on a remote cluster yet/)
      return true
    })
  })
})
