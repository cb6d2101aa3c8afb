import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { ALL_OPTIONS, DEFAULT_OPTION_REGISTRY } from '../../../src/core/config/all-options.js'
import { CheckpointingOptions } from '../../../src/core/config/checkpointing-options.js'
import { ConfigOptions } from '../../../src/core/config/config-options.js'
import { Configuration } from '../../../src/core/config/configuration.js'
import { CoreOptions } from '../../../src/core/config/core-options.js'
import { ExecutionOptions } from '../../../src/core/config/execution-options.js'
import { JobManagerOptions } from '../../../src/core/config/job-manager-options.js'
import { NettyShuffleEnvironmentOptions } from '../../../src/core/config/netty-shuffle-environment-options.js'
import { PipelineOptions } from '../../../src/core/config/pipeline-options.js'
import { RestOptions } from '../../../src/core/config/rest-options.js'
import { TaskManagerOptions } from '../../../src/core/config/task-manager-options.js'
import { ConfigError } from '../../../src/core/errors.js'

describe('Configuration', () => {
  it("returns Flink's defaults when nothing is set", () => {
    const conf = new Configuration()
    assert.deepStrictEqual(
      [
        conf.get(CoreOptions.DEFAULT_PARALLELISM),
        conf.get(PipelineOptions.MAX_PARALLELISM),
        conf.get(PipelineOptions.NAME),
        conf.get(PipelineOptions.AUTO_WATERMARK_INTERVAL),
        conf.get(PipelineOptions.OBJECT_REUSE),
        conf.get(PipelineOptions.OPERATOR_CHAINING),
        conf.get(ExecutionOptions.BUFFER_TIMEOUT),
        conf.get(ExecutionOptions.BUFFER_TIMEOUT_ENABLED),
        conf.get(ExecutionOptions.RUNTIME_MODE),
        conf.get(TaskManagerOptions.NUM_TASK_SLOTS),
        conf.get(NettyShuffleEnvironmentOptions.NETWORK_BUFFERS_PER_CHANNEL),
        conf.get(NettyShuffleEnvironmentOptions.NETWORK_EXTRA_BUFFERS_PER_GATE),
        conf.get(NettyShuffleEnvironmentOptions.MEMORY_SEGMENT_SIZE),
        conf.get(CheckpointingOptions.CHECKPOINTING_INTERVAL),
        conf.get(CheckpointingOptions.STATE_BACKEND),
        conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY),
        conf.get(RestOptions.PORT),
        conf.get(RestOptions.ADDRESS),
        conf.get(JobManagerOptions.PORT),
      ],
      [
        1,
        -1,
        undefined,
        200,
        false,
        true,
        100,
        true,
        'STREAMING',
        1,
        2,
        8,
        32768,
        undefined,
        'hashmap',
        undefined,
        8081,
        '127.0.0.1',
        6123,
      ],
    )
  })

  it('sets, reads, checks and removes values', () => {
    const conf = new Configuration()
    conf.set(CoreOptions.DEFAULT_PARALLELISM, 4).set(ExecutionOptions.RUNTIME_MODE, 'BATCH')
    assert.deepStrictEqual(
      [
        conf.get(CoreOptions.DEFAULT_PARALLELISM),
        conf.getOptional(CoreOptions.DEFAULT_PARALLELISM),
        conf.getOptional(RestOptions.PORT),
        conf.contains(CoreOptions.DEFAULT_PARALLELISM),
        conf.contains(RestOptions.PORT),
      ],
      [4, 4, undefined, true, false],
    )
    assert.equal(conf.removeConfig(CoreOptions.DEFAULT_PARALLELISM), true)
    assert.deepStrictEqual(conf.toMap(), { 'execution.runtime-mode': 'BATCH' })
  })

  it('checks values a program sets', () => {
    assert.throws(() => new Configuration().set(CoreOptions.DEFAULT_PARALLELISM, 1.5), {
      name: 'ConfigError',
      message:
        "Invalid value 1.5 for configuration key 'parallelism.default': expected an integer between -2147483648 and 2147483647",
    })
  })

  it('copies with clone and merges with addAll, the argument winning', () => {
    const a = new Configuration().set(RestOptions.PORT, 1).set(RestOptions.ADDRESS, 'a')
    const b = a.clone().set(RestOptions.PORT, 2)
    assert.equal(a.get(RestOptions.PORT), 1)
    const c = new Configuration().set(RestOptions.PORT, 3).set(JobManagerOptions.PORT, 9).addAll(b)
    assert.deepStrictEqual(c.toMap(), {
      'rest.port': 2,
      'jobmanager.rpc.port': 9,
      'rest.address': 'a',
    })
  })

  it('reads fallback and deprecated keys when the key itself is unset', () => {
    const OLD = ConfigOptions.key('old.interval').intType().noDefaultValue()
    const NEW = ConfigOptions.key('new.interval')
      .durationType()
      .defaultValue(5)
      .withFallbackKeys('old.interval')
      .withDeprecatedKeys('ancient.interval')
    const registry = DEFAULT_OPTION_REGISTRY.with(OLD, NEW)
    const fromFallback = Configuration.fromMap({ 'old.interval': 700 }, { registry })
    const fromDeprecated = Configuration.fromMap({ 'ancient.interval': '2 s' }, { registry })
    const both = Configuration.fromMap(
      { 'ancient.interval': '2 s', 'new.interval': '3 s' },
      { registry },
    )
    assert.deepStrictEqual(
      [fromFallback.get(NEW), fromDeprecated.get(NEW), both.get(NEW), new Configuration().get(NEW)],
      [700, 2000, 3000, 5],
    )
    assert.deepStrictEqual(fromDeprecated.toMap(), { 'new.interval': 2000 })
  })

  it("accepts Flink 1.x's old key names", () => {
    const conf = Configuration.fromMap({ 'state.backend': 'rocksdb', 'restart-strategy': 'none' })
    assert.deepStrictEqual(conf.toMap(), {
      'state.backend.type': 'rocksdb',
      'restart-strategy.type': 'none',
    })
  })

  it('round-trips through toMap and fromMap', () => {
    const conf = Configuration.fromMap({
      'pipeline.auto-watermark-interval': '1 s',
      'taskmanager.memory.segment-size': '64 kb',
      'execution.runtime-mode': 'batch',
      'pipeline.name': 'wordcount',
    })
    const map = conf.toMap()
    assert.deepStrictEqual(map, {
      'pipeline.auto-watermark-interval': 1000,
      'taskmanager.memory.segment-size': 65536,
      'execution.runtime-mode': 'BATCH',
      'pipeline.name': 'wordcount',
    })
    assert.deepStrictEqual(Configuration.fromMap(map).toMap(), map)
  })

  it('rejects an unknown key and suggests the nearest known one', () => {
    assert.throws(
      () => Configuration.fromMap({ 'parallelism.defualt': 4 }, { source: 'config.yaml' }),
      {
        name: 'ConfigError',
        message:
          "Unknown configuration key 'parallelism.defualt' (in config.yaml). Did you mean 'parallelism.default'?",
      },
    )
    assert.throws(() => Configuration.fromMap({ 'completely.different': 1 }), {
      message: "Unknown configuration key 'completely.different'.",
    })
  })

  it('rejects a bad value naming the key, the value, the source and the expected form', () => {
    const error = catchError(() =>
      Configuration.fromMap({ 'rest.port': 'eighty' }, { source: 'config.yaml' }),
    )
    assert.ok(error instanceof ConfigError)
    assert.equal(
      error.message,
      "Invalid value 'eighty' for configuration key 'rest.port' (in config.yaml): expected an integer between -2147483648 and 2147483647",
    )
    assert.deepStrictEqual(error.context, { key: 'rest.port' })
  })

  it('reports every problem at once', () => {
    assert.throws(
      () => Configuration.fromMap({ 'rest.port': 'x', 'rest.adress': 'h' }, { source: '-D' }),
      {
        name: 'ConfigError',
        message:
          '2 configuration errors:\n' +
          "  Invalid value 'x' for configuration key 'rest.port' (in -D): expected an integer between -2147483648 and 2147483647\n" +
          "  Unknown configuration key 'rest.adress' (in -D). Did you mean 'rest.address'?",
      },
    )
  })

  it('treats null values as unset', () => {
    assert.deepStrictEqual(Configuration.fromMap({ 'state.checkpoints.dir': null }).toMap(), {})
  })

  it('lists every option once in the registry', () => {
    const keys = ALL_OPTIONS.map((o) => o.key)
    assert.equal(new Set(keys).size, keys.length)
    assert.deepStrictEqual(
      DEFAULT_OPTION_REGISTRY.options().map((o) => o.key),
      [...keys].sort(),
    )
    assert.ok(ALL_OPTIONS.every((o) => o.description.length > 0))
  })
})

function catchError(fn: () => unknown): unknown {
  try {
    fn()
  } catch (e: unknown) {
    return e
  }
  return undefined
}
