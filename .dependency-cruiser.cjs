// Layering rules for src/, generated from the ordered layer list of DESIGN.md §2 and STYLE.md §1.
// A file may import only from its own layer or an earlier one (types and values alike);
// connectors import only core and api; no cycles; no index.ts barrels from inside src/.
// Run: npx depcruise src --config .dependency-cruiser.cjs  (exits non-zero on any violation).
'use strict'

const { readFileSync } = require('node:fs')
const { join } = require('node:path')

/** Bottom to top. Keep in sync with DESIGN.md §2; `src/index.ts` is the last layer. */
const LAYERS = [
  'core',
  'metrics',
  'api',
  'connectors',
  'graph',
  'runtime/common',
  'runtime/rpc',
  'runtime/network',
  'runtime/state',
  'runtime/checkpoint',
  'runtime/source',
  'runtime/task',
  'runtime/scheduler',
  'runtime/cluster',
  'cep',
  'table',
  'rest',
  'testing',
  'cli',
  'index.ts',
]

/**
 * Cycles can only form inside one layer (an upward edge already breaks a layer rule). Every cycle
 * is an error; set this to true to tolerate cycles that pass through an `import type` edge (they
 * cannot cause an ESM initialisation-order bug, but still couple the files).
 */
const ALLOW_TYPE_ONLY_CYCLES = true

/** Connectors may import only these layers (Flink's ConnectorRules), plus their own folder. */
const CONNECTOR_ALLOWED = ['core', 'api']

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** Regex for the files of one layer: a folder, or the single file `src/index.ts`. */
const layerPath = (layer) =>
  layer.endsWith('.ts') ? `^src/${escape(layer)}$` : `^src/${escape(layer)}/`

/**
 * The public entry points are the `index.ts` files named in package.json `exports`
 * (`./src/index.ts`, `./src/testing/index.ts`, `./src/connectors/*\/index.ts`, ...).
 */
const ENTRY_POINTS = (() => {
  const pkg = JSON.parse(readFileSync(join(__dirname, 'package.json'), 'utf8'))
  const targets = []
  const collect = (v) => {
    if (typeof v === 'string') targets.push(v)
    else if (v && typeof v === 'object') Object.values(v).forEach(collect)
  }
  collect(pkg.exports)
  return targets
    .filter((t) => t.startsWith('./src/') && t.endsWith('/index.ts'))
    .map((t) => '^' + escape(t.slice(2)).replace(/\\\*/g, '[^/]+') + '$')
})()

const layerRules = LAYERS.slice(0, -1).map((layer, i) => ({
  name: `layer-${layer.replace(/\W+/g, '-')}`,
  severity: 'error',
  comment:
    `src/${layer} may import only from itself and earlier layers (${LAYERS.slice(0, i).join(', ') || 'none'}). ` +
    'An upward call goes through an interface declared here and registered at a composition root (STYLE.md §1).',
  from: { path: layerPath(layer) },
  to: { path: LAYERS.slice(i + 1).map(layerPath) },
}))

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'connector-imports-core-and-api-only',
      severity: 'error',
      comment:
        'A connector imports only src/core, src/api and its own folder; never another connector or a ' +
        'higher layer (DESIGN.md §2, Flink ConnectorRules).',
      from: { path: '^src/connectors/([^/]+)/' },
      to: {
        path: '^src/',
        pathNot: [...CONNECTOR_ALLOWED.map(layerPath), '^src/connectors/$1/'],
      },
    },
    {
      name: 'connector-root-imports-core-and-api-only',
      severity: 'error',
      comment: 'Files directly in src/connectors/ import only src/core and src/api.',
      from: { path: '^src/connectors/[^/]+$' },
      to: { path: '^src/', pathNot: CONNECTOR_ALLOWED.map(layerPath) },
    },
    {
      name: 'no-barrel-imports',
      severity: 'error',
      comment:
        'Inside src/, import the file itself, never an index.ts barrel: barrels are public entry points ' +
        'only (STYLE.md §1).',
      from: { path: '^src/' },
      to: { path: ['^src/index\\.ts$', '^src/.*/index\\.ts$'] },
    },
    {
      name: 'no-barrel-outside-entry-points',
      severity: 'error',
      comment:
        'An index.ts under src/ must be a public entry point listed in package.json "exports" ' +
        '(STYLE.md §4); elsewhere export from the file itself.',
      from: { path: ['^src/index\\.ts$', '^src/.*/index\\.ts$'], pathNot: ENTRY_POINTS },
      to: {},
    },
    {
      name: 'no-unknown-layer',
      severity: 'error',
      comment:
        'This file is in no layer of DESIGN.md §2. Move it into one, or add the folder to LAYERS in ' +
        '.dependency-cruiser.cjs (and to DESIGN.md).',
      from: { path: '^src/', pathNot: LAYERS.map(layerPath) },
      to: {},
    },
    {
      name: 'no-import-of-unknown-layer',
      severity: 'error',
      comment: 'The imported file is in no layer of DESIGN.md §2, so no layering rule covers it.',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: LAYERS.map(layerPath) },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment:
        'This import is part of a cycle. Break it with an interface declared by the lower file.',
      from: { path: '^src/' },
      to: ALLOW_TYPE_ONLY_CYCLES
        ? { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } }
        : { circular: true },
    },
    {
      name: 'src-not-to-outside',
      severity: 'error',
      comment: 'src/ never imports tests, benchmarks, examples, scripts or the dashboard.',
      from: { path: '^src/' },
      to: { path: '^(test|bench|examples|scripts|web|bin)/' },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment:
        'This import cannot be resolved, so no layering rule can check it. Fix the path (relative imports ' +
        'end in .js) or install the package.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'not-to-dev-dep',
      severity: 'error',
      comment:
        'src/ is shipped: it may not import a devDependency. Move the package to "dependencies" or drop it.',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
  ],
  options: {
    doNotFollow: { path: ['node_modules'] },
    // Type-only imports count too: layers hold "for types and values alike".
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      // `./x.js` in an import resolves to `./x.ts` (dependency-cruiser retries .js as .ts).
      extensions: ['.ts', '.js', '.mjs', '.cjs', '.d.ts', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
}
