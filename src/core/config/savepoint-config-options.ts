// Options for starting a job from a savepoint or a retained checkpoint.
// Flink: org.apache.flink.runtime.jobgraph.SavepointConfigOptions.
import { ConfigOptions } from './config-options.js'

/** @public */
export const SavepointConfigOptions = Object.freeze({
  SAVEPOINT_PATH: ConfigOptions.key('execution.savepoint.path')
    .stringType()
    .noDefaultValue()
    .withDescription(
      'A savepoint or retained checkpoint (its directory or its _metadata file) to start the job from.',
    ),

  SAVEPOINT_IGNORE_UNCLAIMED_STATE: ConfigOptions.key('execution.savepoint.ignore-unclaimed-state')
    .booleanType()
    .defaultValue(false)
    .withDescription(
      'Whether to start even when the savepoint holds state of an operator the job no longer has ' +
        '(the CLI flag --allowNonRestoredState).',
    ),
})
