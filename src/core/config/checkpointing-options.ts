// Options for checkpoints and the state backend.
// Flink: org.apache.flink.configuration.CheckpointingOptions (and StateBackendOptions).
import { ConfigOptions } from './config-options.js'
import type { Configuration } from './configuration.js'

/** @public */
export const CheckpointingOptions = Object.freeze({
  CHECKPOINTING_INTERVAL: ConfigOptions.key('execution.checkpointing.interval')
    .durationType()
    .noDefaultValue()
    .withDescription('The interval between checkpoints. Unset disables periodic checkpoints.'),

  CHECKPOINTING_MODE: ConfigOptions.key('execution.checkpointing.mode')
    .enumType(['EXACTLY_ONCE', 'AT_LEAST_ONCE'])
    .defaultValue('EXACTLY_ONCE')
    .withDescription(
      'EXACTLY_ONCE aligns barriers (a channel waits at its barrier for the others); ' +
        'AT_LEAST_ONCE does not, so records may be replayed after a failure.',
    ),

  ENABLE_UNALIGNED: ConfigOptions.key('execution.checkpointing.unaligned.enabled')
    .booleanType()
    .defaultValue(false)
    .withDeprecatedKeys('execution.checkpointing.unaligned')
    .withDescription(
      'Unaligned checkpoints (EXACTLY_ONCE only): barriers overtake the data in flight, which ' +
        'is stored with the checkpoint, so backpressure does not slow checkpoints down. ' +
        'Savepoints stay aligned.',
    ),

  ALIGNED_CHECKPOINT_TIMEOUT: ConfigOptions.key(
    'execution.checkpointing.aligned-checkpoint-timeout',
  )
    .durationType()
    .defaultValue(0)
    .withDeprecatedKeys('execution.checkpointing.alignment-timeout')
    .withDescription(
      'Only with unaligned checkpoints enabled. 0: checkpoints start unaligned. Otherwise they ' +
        'start aligned, and a task whose alignment is still going this long after the ' +
        'checkpoint began switches to unaligned.',
    ),

  CHECKPOINTING_TIMEOUT: ConfigOptions.key('execution.checkpointing.timeout')
    .durationType()
    .defaultValue(10 * 60_000)
    .withDescription('A checkpoint not complete after this long is aborted.'),

  MIN_PAUSE_BETWEEN_CHECKPOINTS: ConfigOptions.key('execution.checkpointing.min-pause')
    .durationType()
    .defaultValue(0)
    .withDescription('The least time between the end of one checkpoint and the start of the next.'),

  MAX_CONCURRENT_CHECKPOINTS: ConfigOptions.key(
    'execution.checkpointing.max-concurrent-checkpoints',
  )
    .intType()
    .defaultValue(1)
    .withDescription('How many checkpoints may be in progress at once.'),

  TOLERABLE_FAILURE_NUMBER: ConfigOptions.key(
    'execution.checkpointing.tolerable-failed-checkpoints',
  )
    .intType()
    .defaultValue(0)
    .withDescription(
      'How many checkpoints in a row may fail before the job fails; 0 fails it at the first.',
    ),

  MAX_RETAINED_CHECKPOINTS: ConfigOptions.key('execution.checkpointing.num-retained')
    .intType()
    .defaultValue(1)
    .withDescription('How many completed checkpoints are kept; older ones are deleted.'),

  EXTERNALIZED_CHECKPOINT_RETENTION: ConfigOptions.key(
    'execution.checkpointing.externalized-checkpoint-retention',
  )
    .enumType(['NO_EXTERNALIZED_CHECKPOINTS', 'DELETE_ON_CANCELLATION', 'RETAIN_ON_CANCELLATION'])
    .defaultValue('NO_EXTERNALIZED_CHECKPOINTS')
    .withDescription(
      'Which completed checkpoints outlive the job. NO_EXTERNALIZED_CHECKPOINTS: none. ' +
        'DELETE_ON_CANCELLATION: kept when the job fails, deleted when it is cancelled. ' +
        'RETAIN_ON_CANCELLATION: kept when it fails or is cancelled. A finished job deletes ' +
        'its checkpoints; savepoints are never deleted.',
    ),

  STATE_BACKEND: ConfigOptions.key('state.backend.type')
    .stringType()
    .defaultValue('hashmap')
    .withDeprecatedKeys('state.backend')
    .withDescription(
      "The state backend, by name: 'hashmap' keeps state in memory; others are registered by name.",
    ),

  INCREMENTAL_CHECKPOINTS: ConfigOptions.key('execution.checkpointing.incremental')
    .booleanType()
    .defaultValue(false)
    .withDeprecatedKeys('state.backend.incremental')
    .withDescription(
      'Checkpoints with a directory write only the keyed state changed since the last ' +
        'completed checkpoint, into <state.checkpoints.dir>/<job-id>/shared, and name the files ' +
        'of earlier ones for the rest; a full snapshot starts a new chain now and then. ' +
        'Savepoints stay full. Only values written through the state API count as changed: a ' +
        'value object mutated in place must be written back with update().',
    ),

  CHECKPOINTS_DIRECTORY: ConfigOptions.key('state.checkpoints.dir')
    .stringType()
    .noDefaultValue()
    .withDescription(
      'The directory (path or URI) checkpoint data and metadata are written to. Unset keeps ' +
        "checkpoints in the JobManager's memory.",
    ),

  SAVEPOINT_DIRECTORY: ConfigOptions.key('state.savepoints.dir')
    .stringType()
    .noDefaultValue()
    .withDeprecatedKeys('savepoints.state.backend.fs.dir')
    .withDescription(
      'The default directory savepoints are written to when a savepoint request names none.',
    ),
})

/** Whether the job checkpoints periodically: execution.checkpointing.interval is set. */
export function isCheckpointingEnabled(configuration: Configuration): boolean {
  return configuration.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL) !== undefined
}
