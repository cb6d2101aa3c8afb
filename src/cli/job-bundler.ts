// Bundles a job module for shipping (DESIGN.md §3): esbuild inlines the program and its
// dependencies into one ES module; eddy stays external, so the bundle runs against the eddy of
// the process that loads it. An import that reaches into eddy's sources by path (as the
// repository's own examples could) is rewritten to the public entry it belongs to.
import { relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type Plugin } from 'esbuild'
import { EddyError } from '../core/errors.js'

const SRC = fileURLToPath(new URL('../', import.meta.url))

/** Maps a file inside eddy's src/ to the public specifier that exports it, if any. */
function publicSpecifier(file: string): string | undefined {
  const rel = relative(SRC, file).split(sep).join('/')
  if (rel === 'index.ts' || rel === 'index.js') return 'eddy'
  if (rel === 'testing/index.ts') return 'eddy/testing'
  const connector = /^connectors\/([^/]+)\/index\.ts$/.exec(rel)
  if (connector !== null) return `eddy/connectors/${connector[1]}`
  return undefined
}

const keepEddyExternal: Plugin = {
  name: 'eddy-external',
  setup(b) {
    b.onResolve({ filter: /^eddy(\/.*)?$/ }, (args) => ({ path: args.path, external: true }))
    b.onResolve({ filter: /^\.\.?\// }, (args) => {
      const file = resolve(args.resolveDir, args.path.replace(/\.js$/, '.ts'))
      if (!file.startsWith(SRC)) return undefined
      const specifier = publicSpecifier(file)
      if (specifier === undefined) {
        throw new EddyError(
          `${args.importer} imports eddy's internal module '${args.path}': import from 'eddy' (or 'eddy/testing', 'eddy/connectors/<name>') instead`,
          { code: 'program.internal-import', domain: 'user' },
        )
      }
      return { path: specifier, external: true }
    })
  },
}

/** The job module and everything it imports except eddy, as one ES module. */
export async function bundleJob(file: string): Promise<Uint8Array> {
  try {
    const result = await build({
      entryPoints: [file],
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      write: false,
      logLevel: 'silent',
      // Stack traces of user functions then point at the job's own files and lines.
      sourcemap: 'inline',
      plugins: [keepEddyExternal],
      // Bundled CommonJS dependencies may call require() for Node's built-ins.
      banner: {
        js: "import { createRequire as __eddyCreateRequire } from 'node:module'; const require = __eddyCreateRequire(import.meta.url);",
      },
    })
    return result.outputFiles[0]!.contents
  } catch (e: unknown) {
    throw new EddyError(
      `Could not bundle the job '${file}': ${e instanceof Error ? e.message : String(e)}`,
      {
        code: 'program.bundle-failed',
        domain: 'user',
        failureType: 'NonRecoverableError',
        cause: e,
      },
    )
  }
}
