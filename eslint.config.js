// ESLint flat config: typescript-eslint's type-aware recommended set plus the rules of
// STYLE.md §9, for every TypeScript file in the project. No stylistic rules: Prettier formats,
// so eslint-config-prettier is not needed. Layering is checked by dependency-cruiser instead.
import { defineConfig, globalIgnores } from 'eslint/config'
import tseslint from 'typescript-eslint'

const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts']
/** A few core checks that @eslint/js would give (it is not installed), for TS and JS alike. */
const CORE_RULES = {
  // STYLE.md §5: never swallow an error silently; an empty block passes only with a comment
  // saying why.
  'no-empty': ['error', { allowEmptyCatch: false }],
  eqeqeq: ['error', 'always', { null: 'ignore' }],
  'no-debugger': 'error',
  'no-unsafe-finally': 'error',
  'no-cond-assign': 'error',
  'no-constant-binary-expression': 'error',
  'no-dupe-else-if': 'error',
  'no-sparse-arrays': 'error',
}

const TEST_FILES = ['test/**/*.ts', 'bench/**/*.ts', 'examples/**/*.ts', 'scripts/**/*.ts']

export default defineConfig([
  globalIgnores(['**/node_modules/', 'dist/', 'web/dist/', 'coverage/', 'bin/', '**/*.cjs']),

  {
    // Config files and scripts: no type information, core checks only.
    name: 'eddy/javascript',
    files: ['**/*.js', '**/*.mjs'],
    rules: CORE_RULES,
  },

  {
    name: 'eddy/typescript',
    files: TS_FILES,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // STYLE.md §9.
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe/it return promises the runner itself tracks.
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      // A `default:` branch is an explicit choice; missing cases without one are errors.
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        { considerDefaultExhaustiveForUnions: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],

      // STYLE.md §5: throw only Errors.
      '@typescript-eslint/only-throw-error': 'error',
      ...CORE_RULES,

      // Off: an `async` method without `await` is how a Promise-returning function avoids
      // throwing synchronously (STYLE.md §2), so require-await would fight the house style.
      '@typescript-eslint/require-await': 'off',
      // Off: error messages interpolate objects with their own toString(); no-base-to-string
      // (on) still catches the real bug, an object that would print as '[object Object]'.
      '@typescript-eslint/restrict-template-expressions': 'off',
      // Off: `arr[i]!` documents an index that is known to be in range, and becomes necessary
      // if tsconfig ever turns on noUncheckedIndexedAccess.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
    },
  },

  {
    // Tests, benchmarks, examples and scripts handle loosely typed values (parsed output,
    // JSON, mocks); the no-unsafe-* rules cost more than they catch there.
    name: 'eddy/tests',
    files: TEST_FILES,
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // assert.throws(obj.method) and spies pass methods around on purpose.
      '@typescript-eslint/unbound-method': 'off',
    },
  },

  {
    // Type tests (STYLE.md §7) are made of @ts-expect-error lines and unused bindings.
    name: 'eddy/type-tests',
    files: ['test/**/*.test-d.ts'],
    rules: {
      '@typescript-eslint/ban-ts-comment': 'off',
      '@typescript-eslint/no-unused-vars': 'off',
      '@typescript-eslint/no-unused-expressions': 'off',
    },
  },
])
