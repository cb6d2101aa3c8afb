// Options for checkpoints and the state backend.
// Flink: org.apache.flink.configuration.CheckpointingOptions (and StateBackendOptions).
import { ConfigOptions } from './config-options.js'

/** @public */
export const CheckpointingOptions = Object.freeze({
  CHECKPOINTING_INTERVAL: ConfigOptions.key('execution.checkpointing.interval')
    .durationType()
    .noDefaultValue()
    .withDescription('The interval between checkpoints. Unset disables periodic checkpoints.'),

  STATE_BACKEND: ConfigOptions.key('state.backend.type')
    .stringType()
    .defaultValue('hashmap')
    .withDeprecatedKeys('state.backend')
    .withDescription(
      "The state backend, by name: 'hashmap' keeps state in memory; others are registered by name.",
    ),

  CHECKPOINTS_DIRECTORY: ConfigOptions.key('state.checkpoints.dir')
    .stringType()
    .noDefaultValue()
    .withDescription(
      'The directory (path or URI) checkpoint data and metadata are written to. Unset keeps ' +
        "checkpoints in the JobManager's memory.",
    ),
})
