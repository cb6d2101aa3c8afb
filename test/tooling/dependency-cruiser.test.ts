// Checks that .dependency-cruiser.cjs rejects each kind of forbidden import (and accepts the
// allowed ones) by cruising a small fixture tree in a temporary directory.
import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const root = fileURLToPath(new URL('../..', import.meta.url))

const FIXTURE: Record<string, string> = {
  'src/core/errors.ts': 'export const E = 1\n',
  'src/core/bad-upward.ts':
    "import { T } from '../runtime/task/stream-task.js'\n" +
    "import type { P } from '../api/pipeline-executor.js'\n" +
    'export const X: P = T\n',
  'src/core/missing.ts': "import { N } from './nope.js'\nexport const M = N\n",
  'src/core/outside.ts': "import { H } from '../../test/helper.js'\nexport const O = H\n",
  'src/core/dev-dep.ts': "import ts from 'typescript'\nexport const D = ts\n",
  'src/core/uses-unknown.ts': "import { U } from '../runtime/foo/u.js'\nexport const V = U\n",
  'src/metrics/registry.ts': "import { E } from '../core/errors.js'\nexport const R = E\n",
  'src/api/pipeline-executor.ts': 'export type P = number\n',
  'src/api/foo/index.ts': "export { A } from './a.js'\n",
  'src/api/foo/a.ts': "import { B } from './b.js'\nexport const A = 1\nexport const A2 = B\n",
  'src/api/foo/b.ts': "import { A } from './a.js'\nexport const B = (): number => A\n",
  'src/connectors/files/file-source.ts':
    "import { E } from '../../core/errors.js'\nimport type { P } from '../../api/pipeline-executor.js'\n" +
    'export const F: P = E\n',
  'src/connectors/files/index.ts': "export { F } from './file-source.js'\n",
  'src/connectors/kafka/kafka-source.ts':
    "import { F } from '../files/file-source.js'\nimport { R } from '../../metrics/registry.js'\n" +
    'export const K = F + R\n',
  'src/runtime/foo/u.ts': "import { E } from '../../core/errors.js'\nexport const U = E\n",
  'src/runtime/task/stream-task.ts':
    "import { R } from '../../metrics/registry.js'\nimport { F } from '../../connectors/files/file-source.js'\n" +
    'export const T = R + F\n',
  'src/runtime/task/uses-barrel.ts':
    "import { HARNESS } from '../../testing/index.js'\nexport const W = HARNESS\n",
  'src/testing/harness.ts':
    "import { T } from '../runtime/task/stream-task.js'\nexport const HARNESS = T\n",
  'src/testing/index.ts': "export { HARNESS } from './harness.js'\n",
  'src/cli/main.ts': "import { M } from '../index.js'\nexport const C = M\n",
  'src/index.ts': "export { HARNESS as M } from './testing/harness.js'\n",
  'test/helper.ts': 'export const H = 1\n',
}

interface Violation {
  rule: { name: string }
  from: string
  to: string
}

describe('.dependency-cruiser.cjs', () => {
  let dir = ''
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'eddy-depcruise-'))
    for (const f of ['.dependency-cruiser.cjs', 'package.json', 'tsconfig.json']) {
      cpSync(join(root, f), join(dir, f))
    }
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir')
    for (const [path, text] of Object.entries(FIXTURE)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true })
      writeFileSync(join(dir, path), text)
    }
  })
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('reports every forbidden import in the fixture and nothing else', async () => {
    const { stdout } = await depcruise(dir, ['--output-type', 'json'])
    const violations = (
      JSON.parse(stdout) as { summary: { violations: Violation[] } }
    ).summary.violations
      .map(
        (v) => `${v.rule.name}: ${v.from} -> ${v.to.replace(/^.*node_modules\//, 'node_modules/')}`,
      )
      .sort()
    assert.deepStrictEqual(violations, [
      'connector-imports-core-and-api-only: src/connectors/kafka/kafka-source.ts -> src/connectors/files/file-source.ts',
      'connector-imports-core-and-api-only: src/connectors/kafka/kafka-source.ts -> src/metrics/registry.ts',
      'layer-cli: src/cli/main.ts -> src/index.ts',
      'layer-core: src/core/bad-upward.ts -> src/api/pipeline-executor.ts',
      'layer-core: src/core/bad-upward.ts -> src/runtime/task/stream-task.ts',
      'layer-runtime-task: src/runtime/task/uses-barrel.ts -> src/testing/index.ts',
      'no-barrel-imports: src/cli/main.ts -> src/index.ts',
      'no-barrel-imports: src/runtime/task/uses-barrel.ts -> src/testing/index.ts',
      'no-barrel-outside-entry-points: src/api/foo/index.ts -> src/api/foo/a.ts',
      'no-circular: src/api/foo/a.ts -> src/api/foo/b.ts',
      'no-import-of-unknown-layer: src/core/uses-unknown.ts -> src/runtime/foo/u.ts',
      'no-unknown-layer: src/runtime/foo/u.ts -> src/core/errors.ts',
      'not-to-dev-dep: src/core/dev-dep.ts -> node_modules/typescript/lib/typescript.js',
      'not-to-unresolvable: src/core/missing.ts -> ./nope.js',
      'src-not-to-outside: src/core/outside.ts -> test/helper.ts',
    ])
  })

  it('exits non-zero on violations with the default reporter', async () => {
    const { code } = await depcruise(dir, [])
    assert.notEqual(code, 0)
  })
})

async function depcruise(cwd: string, extra: string[]): Promise<{ stdout: string; code: number }> {
  const bin = join(root, 'node_modules', '.bin', 'depcruise')
  const args = ['src', '--config', '.dependency-cruiser.cjs', ...extra]
  return promisify(execFile)(bin, args, { cwd }).then(
    ({ stdout }) => ({ stdout, code: 0 }),
    (e: { stdout: string; code: number }) => ({ stdout: e.stdout, code: e.code }),
  )
}
