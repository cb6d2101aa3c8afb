import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { DEFAULT_OPTION_REGISTRY } from '../../../src/core/config/all-options.js'
import { ConfigOptions } from '../../../src/core/config/config-options.js'
import { CoreOptions } from '../../../src/core/config/core-options.js'
import { OptionRegistry } from '../../../src/core/config/option-registry.js'

describe('OptionRegistry', () => {
  it('suggests the nearest key for typos', () => {
    const typos = [
      'parallelism.defualt',
      'taskmanager.numberoftaskslots',
      'rest.prot',
      'state.backend.typ',
      'execution.checkpointing.intervall',
      'jobmanager.rpc',
      'xyz',
    ]
    assert.deepStrictEqual(
      typos.map((k) => DEFAULT_OPTION_REGISTRY.suggest(k)),
      [
        'parallelism.default',
        'taskmanager.numberOfTaskSlots',
        'rest.port',
        'state.backend.type',
        'execution.checkpointing.interval',
        'jobmanager.rpc.port',
        undefined,
      ],
    )
  })

  it('looks options up by key and by deprecated key', () => {
    const option = ConfigOptions.key('a.new').intType().defaultValue(1).withDeprecatedKeys('a.old')
    const registry = new OptionRegistry([option])
    assert.deepStrictEqual(
      [registry.lookup('a.new'), registry.lookup('a.old'), registry.lookup('a.other')],
      [option, option, undefined],
    )
  })

  it('extends with more options and rejects a key declared twice', () => {
    const extra = ConfigOptions.key('connector.x').stringType().noDefaultValue()
    assert.equal(DEFAULT_OPTION_REGISTRY.with(extra).lookup('connector.x'), extra)
    assert.equal(DEFAULT_OPTION_REGISTRY.lookup('connector.x'), undefined)
    const clash = ConfigOptions.key('parallelism.default').intType().defaultValue(2)
    assert.throws(() => DEFAULT_OPTION_REGISTRY.with(clash), {
      name: 'ConfigError',
      message: "Configuration key 'parallelism.default' is declared twice",
    })
    assert.equal(
      DEFAULT_OPTION_REGISTRY.with(CoreOptions.DEFAULT_PARALLELISM).options().length,
      DEFAULT_OPTION_REGISTRY.options().length,
    )
  })
})
