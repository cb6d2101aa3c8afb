// Options of the network stack between tasks (buffers and credit-based flow control).
// Flink: org.apache.flink.configuration.NettyShuffleEnvironmentOptions.
import { ConfigOptions } from './config-options.js'

/** @public */
export const NettyShuffleEnvironmentOptions = Object.freeze({
  NETWORK_BUFFERS_PER_CHANNEL: ConfigOptions.key('taskmanager.network.memory.buffers-per-channel')
    .intType()
    .defaultValue(2)
    .withDescription(
      'Exclusive buffers per input channel; they are the initial credit of credit-based flow ' +
        'control.',
    ),

  NETWORK_EXTRA_BUFFERS_PER_GATE: ConfigOptions.key(
    'taskmanager.network.memory.floating-buffers-per-gate',
  )
    .intType()
    .defaultValue(8)
    .withDescription('Floating buffers per input gate, shared by its channels to absorb skew.'),

  MEMORY_SEGMENT_SIZE: ConfigOptions.key('taskmanager.memory.segment-size')
    .memoryType()
    .defaultValue(32 * 1024)
    .withDescription('The size of a network buffer.'),
})
