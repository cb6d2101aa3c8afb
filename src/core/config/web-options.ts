// Options of the web frontend's views of a job that the REST API serves.
// Flink: org.apache.flink.configuration.WebOptions.
import { ConfigOptions } from './config-options.js'

/** @public */
export const WebOptions = Object.freeze({
  CHECKPOINTS_HISTORY_SIZE: ConfigOptions.key('web.checkpoints.history')
    .intType()
    .defaultValue(10)
    .withDescription(
      'Number of checkpoints for which statistics are remembered (the newest ones), shown by /jobs/:jobid/checkpoints.',
    ),
})
