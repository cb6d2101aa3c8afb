// Heartbeats between the JobManager and TaskManagers: how often, and how long silence may last
// before the peer counts as lost. Flink: org.apache.flink.configuration.HeartbeatManagerOptions.
import { ConfigOptions } from './config-options.js'

/** @public */
export const HeartbeatManagerOptions = Object.freeze({
  HEARTBEAT_INTERVAL: ConfigOptions.key('heartbeat.interval')
    .durationType()
    .defaultValue(10_000)
    .withDescription('How often the JobManager asks each TaskManager for a heartbeat.'),

  HEARTBEAT_TIMEOUT: ConfigOptions.key('heartbeat.timeout')
    .durationType()
    .defaultValue(50_000)
    .withDescription(
      'How long a TaskManager may stay silent before it is declared lost and its jobs fail.',
    ),

  HEARTBEAT_RPC_FAILURE_THRESHOLD: ConfigOptions.key('heartbeat.rpc-failure-threshold')
    .intType()
    .defaultValue(2)
    .withDescription(
      'Consecutive heartbeat calls that fail to connect before the peer counts as lost at once.',
    ),
})
