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

  FLINK_LOG_DIR: ConfigOptions.key('env.log.dir')
    .stringType()
    .defaultValue('log')
    .withDescription('Where `eddy cluster start` writes the log and .out files of its processes.'),

  FLINK_PID_DIR: ConfigOptions.key('env.pid.dir')
    .stringType()
    .defaultValue('/tmp')
    .withDescription(
      'Where `eddy cluster start` keeps the pid file that `eddy cluster stop` reads.',
    ),
})
