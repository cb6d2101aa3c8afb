// Options for how a job executes. Flink: org.apache.flink.configuration.ExecutionOptions.
import { ConfigOptions } from './config-options.js'

/** @public */
export const ExecutionOptions = Object.freeze({
  RUNTIME_MODE: ConfigOptions.key('execution.runtime-mode')
    .enumType(['STREAMING', 'BATCH', 'AUTOMATIC'])
    .defaultValue('STREAMING')
    .withDescription(
      'STREAMING runs unbounded; BATCH runs a bounded job stage by stage; AUTOMATIC picks ' +
        'BATCH when all sources are bounded.',
    ),

  BUFFER_TIMEOUT_ENABLED: ConfigOptions.key('execution.buffer-timeout.enabled')
    .booleanType()
    .defaultValue(true)
    .withDescription(
      'Flush partly filled network buffers after execution.buffer-timeout.interval. When false, ' +
        'buffers are sent only when full (highest throughput, unbounded latency).',
    ),

  BUFFER_TIMEOUT: ConfigOptions.key('execution.buffer-timeout.interval')
    .durationType()
    .defaultValue(100)
    .withDescription(
      'The longest a partly filled network buffer waits before it is flushed. 0 flushes after ' +
        'every record (lowest latency).',
    ),
})
