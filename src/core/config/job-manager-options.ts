// Options of the JobManager process. Flink: org.apache.flink.configuration.JobManagerOptions.
import { ConfigOptions } from './config-options.js'

/** @public */
export const JobManagerOptions = Object.freeze({
  ADDRESS: ConfigOptions.key('jobmanager.rpc.address')
    .stringType()
    .noDefaultValue()
    .withDescription('The host TaskManagers and clients reach the JobManager at.'),

  PORT: ConfigOptions.key('jobmanager.rpc.port')
    .intType()
    .defaultValue(6123)
    .withDescription('The RPC port of the JobManager.'),
})
