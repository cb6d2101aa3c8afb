// close() must leave nothing behind that keeps a process alive: checked in a real process.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'

describe('RpcService.close', () => {
  it('lets the process exit by itself, with pending calls rejected', () => {
    const fixture = fileURLToPath(new URL('./fixtures/exit-after-close.ts', import.meta.url))
    const started = Date.now()
    const child = spawnSync(process.execPath, ['--import', 'tsx', fixture], {
      encoding: 'utf8',
      timeout: 30_000,
    })
    assert.deepStrictEqual(
      { status: child.status, signal: child.signal, stdout: child.stdout, stderr: child.stderr },
      {
        status: 0,
        signal: null,
        stdout: '["tcp","local","RpcConnectionError","RpcConnectionError"]\n',
        stderr: '',
      },
    )
    // Well below the 60 s ask timeout the pending calls had.
    assert.ok(Date.now() - started < 20_000)
  })
})
