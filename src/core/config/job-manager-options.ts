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

  SLOT_REQUEST_TIMEOUT: ConfigOptions.key('slot.request.timeout')
    .durationType()
    .defaultValue(300_000)
    .withDescription(
      'How long a job waits for the slots it needs before it fails. Flink: JobManagerOptions.SLOT_REQUEST_TIMEOUT.',
    ),

  EXECUTION_FAILOVER_STRATEGY: ConfigOptions.key('jobmanager.execution.failover-strategy')
    .enumType(['full', 'region'])
    .defaultValue('region')
    .withDescription(
      "What a task failure restarts. 'full': every task of the job. 'region': only the tasks of " +
        'its pipelined region, the subtasks connected to it by data exchange (a job whose ' +
        'subtasks only exchange data pointwise, without keyBy/rebalance/broadcast, has one region ' +
        'per parallel pipeline); the rest of the job runs on. A lost TaskManager restarts the ' +
        'whole job. Flink: JobManagerOptions.EXECUTION_FAILOVER_STRATEGY.',
    ),

  BIND_HOST: ConfigOptions.key('jobmanager.bind-host')
    .stringType()
    .defaultValue('127.0.0.1')
    .withDescription('The address the JobManager RPC server binds to.'),
})
