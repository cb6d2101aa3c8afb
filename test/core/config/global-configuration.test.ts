import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import {
  loadConfiguration,
  parseDynamicProperties,
} from '../../../src/core/config/global-configuration.js'
import { parseConfigYaml } from '../../../src/core/config/yaml-config-parser.js'

const dir = mkdtempSync(join(tmpdir(), 'eddy-config-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function configDir(name: string): string {
  const sub = join(dir, name)
  mkdirSync(sub)
  return sub
}

describe('parseConfigYaml', () => {
  it('flattens nested maps into dotted keys, Flink 2 style', () => {
    const text = [
      'parallelism:',
      '  default: 4',
      'taskmanager.numberOfTaskSlots: 2',
      'execution:',
      '  checkpointing.interval: 10 s',
      'pipeline:',
      '  name: job',
      '  max-parallelism: 256',
      'some.list: [a, b]',
    ].join('\n')
    assert.deepStrictEqual(parseConfigYaml(text, 'config.yaml'), {
      'parallelism.default': 4,
      'taskmanager.numberOfTaskSlots': 2,
      'execution.checkpointing.interval': '10 s',
      'pipeline.name': 'job',
      'pipeline.max-parallelism': 256,
      'some.list': ['a', 'b'],
    })
  })

  it('reads an empty document as no keys', () => {
    assert.deepStrictEqual(parseConfigYaml('# nothing yet\n', 'config.yaml'), {})
  })

  it('reports syntax errors with the line number', () => {
    const text = 'parallelism.default: 4\nrest.port: : 8081\nrest.address: x\n'
    assert.throws(() => parseConfigYaml(text, 'config.yaml'), {
      name: 'ConfigError',
      message:
        'Invalid YAML in config.yaml at line 2, column 12: Nested mappings are not allowed in compact mappings',
    })
  })

  it('rejects a key written both nested and dotted', () => {
    assert.throws(
      () => parseConfigYaml('parallelism:\n  default: 1\nparallelism.default: 2\n', 'c.yaml'),
      {
        name: 'ConfigError',
        message: "Configuration key 'parallelism.default' is defined twice in c.yaml",
      },
    )
  })

  it('rejects a document that is not a map', () => {
    assert.throws(() => parseConfigYaml('- a\n- b\n', 'c.yaml'), {
      message: 'c.yaml must be a map of configuration keys to values',
    })
  })
})

describe('parseDynamicProperties', () => {
  it("splits at the first '=' and accepts a leading -D", () => {
    assert.deepStrictEqual(parseDynamicProperties(['a.b=1', '-Dc=x=y', 'd= ']), {
      'a.b': '1',
      c: 'x=y',
      d: '',
    })
  })

  it("rejects a property without '='", () => {
    assert.throws(() => parseDynamicProperties(['parallelism.default']), {
      name: 'ConfigError',
      message: "Invalid dynamic property '-Dparallelism.default': expected -D<key>=<value>",
    })
  })
})

describe('loadConfiguration', () => {
  it('reads config.yaml from a directory, then EDDY_PROPERTIES, then -D, later winning', () => {
    const conf = join(configDir('layered'), 'config.yaml')
    writeFileSync(
      conf,
      'parallelism:\n  default: 4\nrest.port: 9000\nstate.backend.type: hashmap\npipeline.name: from-file\n',
    )
    const loaded = loadConfiguration(join(dir, 'layered'), {
      env: { EDDY_PROPERTIES: 'rest.port: 9001\npipeline.name: from-env\n' },
      dynamicProperties: ['pipeline.name=from-cli', '-Dexecution.checkpointing.interval=1 min'],
    })
    assert.deepStrictEqual(loaded.toMap(), {
      'parallelism.default': 4,
      'rest.port': 9001,
      'state.backend.type': 'hashmap',
      'pipeline.name': 'from-cli',
      'execution.checkpointing.interval': 60_000,
    })
  })

  it('reads a YAML file given by path', () => {
    const file = join(configDir('byfile'), 'eddy.yaml')
    writeFileSync(file, 'taskmanager.memory.segment-size: 64 kb\n')
    assert.deepStrictEqual(loadConfiguration(file, { env: {} }).toMap(), {
      'taskmanager.memory.segment-size': 65536,
    })
  })

  it('loads defaults plus overrides without a file', () => {
    assert.deepStrictEqual(
      loadConfiguration(undefined, { env: {}, dynamicProperties: ['rest.port=0'] }).toMap(),
      { 'rest.port': 0 },
    )
  })

  it('names the file and the key of a typo', () => {
    const sub = configDir('typo')
    writeFileSync(join(sub, 'config.yaml'), 'parallelism:\n  defualt: 4\n')
    assert.throws(() => loadConfiguration(sub, { env: {} }), {
      name: 'ConfigError',
      message: `Unknown configuration key 'parallelism.defualt' (in ${join(sub, 'config.yaml')}). Did you mean 'parallelism.default'?`,
    })
  })

  it('names EDDY_PROPERTIES and -D as sources of bad values', () => {
    assert.throws(
      () => loadConfiguration(undefined, { env: { EDDY_PROPERTIES: 'rest.port: x' } }),
      {
        message: /^Invalid value 'x' for configuration key 'rest.port' \(in EDDY_PROPERTIES\)/,
      },
    )
    assert.throws(
      () =>
        loadConfiguration(undefined, {
          env: {},
          dynamicProperties: ['pipeline.object-reuse=maybe'],
        }),
      {
        message:
          "Invalid value 'maybe' for configuration key 'pipeline.object-reuse' (in -D): expected true or false",
      },
    )
  })

  it('fails on a missing directory or a directory without config.yaml', () => {
    assert.throws(() => loadConfiguration(join(dir, 'nope'), { env: {} }), {
      name: 'ConfigError',
      message: `Configuration path '${join(dir, 'nope')}' does not exist`,
    })
    const empty = configDir('empty')
    assert.throws(() => loadConfiguration(empty, { env: {} }), {
      name: 'ConfigError',
      message: new RegExp(
        `^Cannot read configuration file '${join(empty, 'config.yaml')}': ENOENT`,
      ),
    })
  })
})
