// Core options that every part of Eddy reads. Flink: org.apache.flink.configuration.CoreOptions.
import { ConfigOptions } from './config-options.js'

/** @public */
export const CoreOptions = Object.freeze({
  DEFAULT_PARALLELISM: ConfigOptions.key('parallelism.default')
    .intType()
    .defaultValue(1)
    .withDescription(
      'Default parallelism for jobs and operators that set none of their own. ' +
        'Also the number of TaskManager slots a local job asks for.',
    ),
})
