#!/usr/bin/env node
// The `eddy` command. Eddy ships TypeScript sources (Node 20 has no type stripping), so register
// the tsx loader first, then hand over to the CLI in src/cli/main.ts.
import { register } from 'tsx/esm/api'

register()
await import(new URL('../src/cli/main.ts', import.meta.url).href)
